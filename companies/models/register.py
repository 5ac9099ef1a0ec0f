"""The register of companies and the names reserved in it."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE, length_constraint, paragraphs
from companies.enums import CompanyStatus
from companies.models.dossier import CompanyDossier
from companies.models.reference import LegalForm
from companies.names import distinctive_name, normalize_name, phonetic_key


class RegisteredCompany(models.Model):
    """A company of the register: entered as being created on acceptance, then registered."""

    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=CompanyStatus.choices,
        default=CompanyStatus.BEING_CREATED,
        db_index=True,
    )
    name = models.CharField(_("dénomination"), max_length=160, validators=LINE)
    normalized_name = models.CharField(
        _("dénomination normalisée"), max_length=160, editable=False, db_index=True
    )
    # normalized_name without generic words (see companies.names): closeness is measured here.
    distinctive_name = models.CharField(
        _("partie distinctive de la dénomination"), max_length=160, editable=False, default=""
    )
    phonetic_key = models.CharField(
        _("clé phonétique"), max_length=160, editable=False, db_index=True
    )
    legal_form = models.ForeignKey(
        LegalForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forme juridique"),
    )
    capital = models.DecimalField(
        _("capital social (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    head_office_city = models.ForeignKey(
        "chambers.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ville du siège"),
    )
    head_office_address = models.TextField(
        _("adresse du siège"), blank=True, max_length=500, validators=paragraphs(500)
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("titulaire"),
    )
    dossier = models.OneToOneField(
        CompanyDossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company",
        editable=False,
        verbose_name=_("dossier"),
    )
    rc_number = models.CharField(_("numéro RC"), max_length=20, blank=True, validators=LINE)
    rc_court = models.CharField(_("tribunal du RC"), max_length=80, blank=True, validators=LINE)
    ice = models.CharField(_("ICE"), max_length=15, blank=True, validators=LINE)
    if_number = models.CharField(
        _("identifiant fiscal (IF)"), max_length=10, blank=True, validators=LINE
    )
    created_at = models.DateTimeField(_("inscrite le"), default=timezone.now)
    registered_at = models.DateTimeField(_("immatriculée le"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entreprise du registre")
        verbose_name_plural = _("registre des entreprises")
        indexes = [
            GinIndex(
                fields=["distinctive_name"],
                opclasses=["gin_trgm_ops"],
                name="company_name_trgm",
            )
        ]
        constraints = [
            length_constraint(
                "companies_registeredcompany_head_office_address_max_length",
                "head_office_address",
                500,
            ),
            models.UniqueConstraint(
                fields=["ice"], condition=~Q(ice=""), name="registered_company_unique_ice"
            ),
            models.CheckConstraint(
                condition=~Q(status="registered")
                | (~Q(rc_number="") & ~Q(ice="") & ~Q(if_number="")),
                name="registered_company_has_identifiers",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        self.distinctive_name = distinctive_name(self.name)
        self.phonetic_key = phonetic_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "normalized_name",
                "distinctive_name",
                "phonetic_key",
            }
        super().save(*args, **kwargs)


class NameReservation(models.Model):
    """A name held for an accepted dossier for 90 days (certificat négatif)."""

    dossier = models.ForeignKey(
        CompanyDossier,
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("dossier"),
    )
    company = models.ForeignKey(
        RegisteredCompany,
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("entreprise"),
    )
    name = models.CharField(_("dénomination"), max_length=160, validators=LINE)
    normalized_name = models.CharField(_("dénomination normalisée"), max_length=160, db_index=True)
    reserved_at = models.DateTimeField(_("réservée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    released_at = models.DateTimeField(_("libérée le"), null=True, blank=True)
    certificate = models.FileField(
        _("certificat"), upload_to="certificates/", max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("réservation de dénomination")
        verbose_name_plural = _("réservations de dénomination")
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name"],
                condition=Q(released_at__isnull=True),
                name="name_reservation_one_active",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.released_at is None and self.expires_at > timezone.now()
