"""The entrepreneurs of the data set and everything they own, written with COPY.

Each one has five dossiers (bench.data.dossiers), a training sign-up and, for one in five,
a support request. One password hash is shared by every account.
"""

from datetime import timedelta

from bench.data.copier import TABLES, Copier, bulk_session
from bench.data.dossiers import BRANDS, FIRST_NAMES, LAST_NAMES, Dossiers

PASSWORD = "bench-Carres-2026"  # noqa: S105 - the bench accounts' shared password
SECTORS = ["Conseil", "Digital", "Agro", "Logistique", "Textile", "Solar", "Design", "Santé"]
LANGUAGES = ["fr", "fr", "ar", "en"]
BATCH = 5000  # users whose rows are held in memory at once


class People:
    """Appends an entrepreneur's rows (account, dossiers, sign-up, support request) to `rows`."""

    def __init__(self, copier, rows, *, sessions, now):
        from django.contrib.auth.hashers import make_password

        from carres.enums import DossierStatus
        from chambers.models import Chamber

        self.copier, self.rows, self.sessions, self.now = copier, rows, sessions, now
        self.password = make_password(PASSWORD)  # once: 50,000 PBKDF2 runs take an hour
        self.chambers = list(Chamber.objects.values_list("pk", "region_id"))
        self.states = list(DossierStatus.values)  # every kind is loaded in each of them
        self.dossiers = Dossiers(copier, rows, now=now)

    def add(self, index):
        from django.conf import settings

        user_id = self.copier.next_id("accounts_user")
        lang = LANGUAGES[index % 4]
        joined = self.now - timedelta(days=400 - index % 365)
        self.rows["user"].append(
            (
                user_id,
                self.password,
                False,
                f"user{index:06d}@bench.example",
                FIRST_NAMES[index % len(FIRST_NAMES)],
                LAST_NAMES[index % len(LAST_NAMES)],
                "",
                lang,
                "entrepreneur",
                "",
                True,
                joined,
                settings.PRIVACY_NOTICE_VERSION,  # accepted at sign-up (law 09-08 consent)
                joined,
                False,
                False,  # notification_digest: one e-mail per notification
            )
        )
        self.rows["email"].append(
            (
                self.copier.next_id("account_emailaddress"),
                f"user{index:06d}@bench.example",
                True,
                True,
                user_id,
            )
        )
        brand = f"{BRANDS[index % len(BRANDS)]} {SECTORS[index % len(SECTORS)]} {index}"
        # Five dossiers: a company draft and a trademark draft for the wizard, and one of
        # each kind whose state cycles, so that every kind is found in every state.
        states = self.states
        plan = [
            ("company", "draft"),
            ("trademark", "draft"),
            ("company", states[index % len(states)]),
            ("trademark", states[(index + 3) % len(states)]),
            ("patent", states[(index + 5) % len(states)]),
        ]
        for number, (kind, state) in enumerate(plan):
            created = joined + timedelta(days=10 + number)
            self.dossiers.add(
                kind,
                state,
                owner_id=user_id,
                created=created,
                lang=lang,
                index=index,
                number=number,
                brand=brand,
            )
        session = self.sessions[index % len(self.sessions)]
        self.rows["registration"].append(
            (
                self.copier.next_id("trainings_registration"),
                session,
                user_id,
                "confirmed",
                joined,
                f"bench-{user_id}",
            )
        )
        if index % 5 == 0:
            chamber, region = self.chambers[index % len(self.chambers)]
            self.rows["support"].append(
                (
                    self.copier.next_id("chambers_supportrequest"),
                    user_id,
                    "trademark",
                    region,
                    lang,
                    "J'ai besoin d'aide pour déposer ma marque.",
                    chamber,
                    joined + timedelta(days=20),
                    (joined + timedelta(days=23)).date(),
                )
            )


def load_people_and_dossiers(users_count, *, sessions, now):
    """COPY `users_count` entrepreneurs and everything they own (their training sign-ups in
    `sessions`, ids); return {table: rows written}."""
    from django.db import connection

    copier = Copier(connection)
    rows = {key: [] for _table, _columns, key in TABLES}
    people = People(copier, rows, sessions=sessions, now=now)
    with bulk_session(connection):
        # In batches, so that the rows of 50,000 users are never all in memory at once.
        for start in range(0, users_count, BATCH):
            for index in range(start, min(users_count, start + BATCH)):
                people.add(index)
            for table, columns, key in TABLES:
                copier.copy(table, columns.split(), rows[key])
                rows[key].clear()
    copier.reset_sequences()
    with connection.cursor() as cursor:
        for prefix, last in people.dossiers.counters.items():
            cursor.execute(
                "INSERT INTO carres_referencecounter (prefix, year, last_value) "
                "VALUES (%s, %s, %s) ON CONFLICT (prefix, year) DO UPDATE SET last_value = "
                "greatest(carres_referencecounter.last_value, EXCLUDED.last_value)",
                [prefix, now.year, last],
            )
    return copier.written
