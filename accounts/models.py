from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import STAFF_ROLES, Language, Office, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("role", Role.ENTREPRENEUR)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(role=Role.ADMINISTRATOR, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """Somebody who signs in with an e-mail address. The role says which side they are on."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=32, blank=True)
    preferred_language = models.CharField(
        _("langue préférée"),
        max_length=2,
        choices=Language.choices,
        default=Language.FR,
        help_text=_("Langue de vos e-mails et de vos dossiers PDF."),
    )
    role = models.CharField(
        _("rôle"), max_length=16, choices=Role.choices, default=Role.ENTREPRENEUR
    )
    office = models.CharField(
        _("office"),
        max_length=8,
        choices=Office.choices,
        blank=True,
        help_text=_("Pour les examinateurs : l'office dont ils traitent les dossiers."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="examiner", office__in=["ompic", "inpi"]) | ~Q(role="examiner"),
                name="examiner_has_office",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_staff(self):
        """Staff roles reach the back office; entrepreneurs never do."""
        return self.role in STAFF_ROLES or self.is_superuser

    @property
    def is_examiner(self):
        return self.role == Role.EXAMINER

    @property
    def is_advisor(self):
        return self.role == Role.ADVISOR

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR or self.is_superuser
