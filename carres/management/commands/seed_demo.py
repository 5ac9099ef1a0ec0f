"""Fill a database with a believable demo. Safe to run again: it updates, never duplicates."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.enums import ConsentSource, Office, Role
from accounts.models import User
from accounts.services import accept_privacy_notice
from carres.registry import demo_data

DEMO_PASSWORD = "demo-Carres-2026"  # noqa: S105 - documented demo login, never for production  # nosec B105  # the demo's public password, printed in the README
# A fixed TOTP secret for the demo staff accounts, so a newcomer can add it to an
# authenticator app (or run `manage.py totp_code`) and reach the back office.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPCARRESDEMO234567"  # noqa: S105  # nosec B105  # the demo staff's public TOTP secret (README)

DEMO_USERS = [
    # email, first name, last name, role, office, language
    ("entrepreneur@demo.ma", "Salma", "Bennani", Role.ENTREPRENEUR, "", "fr"),
    ("rachid@demo.ma", "Rachid", "El Amrani", Role.ENTREPRENEUR, "", "ar"),
    ("advisor@demo.ma", "Youssef", "Alaoui", Role.ADVISOR, "", "fr"),
    ("examiner.ompic@demo.ma", "Nadia", "Tazi", Role.EXAMINER, Office.OMPIC, "fr"),
    ("examiner.inpi@demo.ma", "Claire", "Martin", Role.EXAMINER, Office.INPI, "fr"),
    # A second examiner per office: a colleague to ask for an opinion (issue 19), one in Arabic.
    ("examiner2.ompic@demo.ma", "Hamza", "Berrada", Role.EXAMINER, Office.OMPIC, "ar"),
    ("examiner2.inpi@demo.ma", "Amina", "Chraibi", Role.EXAMINER, Office.INPI, "fr"),
    ("admin@demo.ma", "Karim", "Idrissi", Role.ADMINISTRATOR, "", "fr"),
]


class Command(BaseCommand):
    help = (
        "Create or refresh the demo accounts and reference data. Only with DEBUG on: the demo "
        "has an administrator whose password and TOTP secret are public."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG off (a throwaway database: tests, benchmarks).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: this may be a production database, and the demo would open it "
                "to an administrator whose password and TOTP secret are public. Run it with "
                "DEBUG=true, or pass --allow-production if this database is a throwaway."
            )
        for email, first, last, role, office, language in DEMO_USERS:
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "office": office,
                    "preferred_language": language,
                    "is_active": True,
                    "is_superuser": role == Role.ADMINISTRATOR,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if user.notice_version != settings.PRIVACY_NOTICE_VERSION:  # as at sign-up
                accept_privacy_notice(user, source=ConsentSource.SIGNUP)
            if (
                user.is_staff
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, DEMO_TOTP_SECRET)
        self.seed_reference_data()
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {len(DEMO_USERS)} accounts."))

    def seed_reference_data(self):
        """Each app adds its reference data and demo through the `seed_demo` it registered
        (carres.registry.demo_data, filled in the apps' AppConfig.ready())."""
        for seed_demo in demo_data:
            seed_demo(self.stdout)
