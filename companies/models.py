from decimal import Decimal

import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carres.formatting import format_amount
from carres.models import Dossier
from companies.enums import MINIMUM_CAPITAL, LegalForm


# The database itself records every change (triggers), with the acting user from
# pghistory's middleware; "history" so that `events` stays the workflow timeline.
@pghistory.track(
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="CompanyDossierHistory",
)
class CompanyDossier(Dossier):
    """A company-creation dossier: legal form, proposed names, activity, capital, head office."""

    reference_prefix = "CO"

    legal_form = models.CharField(
        _("forme juridique"), max_length=16, choices=LegalForm.choices, blank=True
    )
    name_1 = models.CharField(_("dénomination proposée n° 1"), max_length=120, blank=True)
    name_2 = models.CharField(_("dénomination proposée n° 2"), max_length=120, blank=True)
    name_3 = models.CharField(_("dénomination proposée n° 3"), max_length=120, blank=True)
    activity = models.TextField(_("activité"), blank=True)
    capital = models.DecimalField(
        _("capital social (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    head_office_city = models.CharField(_("ville du siège"), max_length=80, blank=True)
    head_office_address = models.TextField(_("adresse du siège"), blank=True)

    class Meta(Dossier.Meta):
        verbose_name = _("dossier de création d'entreprise")
        verbose_name_plural = _("dossiers de création d'entreprise")

    @property
    def title(self):
        return self.name_1 or _("Nouvelle entreprise (sans nom)")

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"pk": self.pk})

    def submission_errors(self):
        required = _("Ce champ est obligatoire pour soumettre le dossier.")
        errors = {}
        for name in ("legal_form", "name_1", "activity", "head_office_city", "head_office_address"):
            if not str(getattr(self, name)).strip():
                errors[name] = [required]
        if self.capital is None:
            errors["capital"] = [required]
        else:
            minimum = MINIMUM_CAPITAL.get(self.legal_form)
            if minimum and self.capital < minimum:
                errors["capital"] = [
                    _("Le capital minimum pour cette forme juridique est de %(amount)s.")
                    % {"amount": format_amount(minimum)}
                ]
        names = [n.strip().casefold() for n in (self.name_1, self.name_2, self.name_3) if n.strip()]
        if len(names) != len(set(names)):
            errors.setdefault("name_2", []).append(
                _("Proposez des dénominations différentes les unes des autres.")
            )
        return errors

    def pdf_sections(self):
        return [
            {"label": _("Forme juridique"), "value": self.get_legal_form_display()},
            {"label": _("Dénomination proposée n° 1"), "value": self.name_1},
            {"label": _("Dénomination proposée n° 2"), "value": self.name_2},
            {"label": _("Dénomination proposée n° 3"), "value": self.name_3},
            {"label": _("Activité"), "value": self.activity},
            {
                "label": _("Capital social"),
                "value": format_amount(self.capital) if self.capital is not None else "—",
                "ltr": True,
            },
            {"label": _("Ville du siège"), "value": self.head_office_city},
            {"label": _("Adresse du siège"), "value": self.head_office_address},
        ]
