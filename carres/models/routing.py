"""Routing of dossiers to an office (see carres.routing)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import Office
from carres.validators import LINE


class RoutingRule(models.Model):
    """The first active rule (by `order`) whose non-blank criteria all match sends a dossier to `office`."""

    order = models.PositiveSmallIntegerField(_("ordre"), default=10)
    dossier_kind = models.CharField(
        _("type de dossier"),
        max_length=4,
        blank=True,
        help_text=_("Préfixe de référence : CO, TM, PT. Vide : tous."),
    )
    applicant_profile = models.CharField(
        _("profil du déposant"),
        max_length=20,
        blank=True,
        help_text=_("individual, company, startup, university. Vide : tous."),
    )
    programme = models.CharField(
        _("programme"), max_length=40, blank=True, help_text=_("Code du programme. Vide : tous.")
    )
    office = models.CharField(_("office"), max_length=8, choices=Office.choices)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True, validators=LINE)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("règle de routage")
        verbose_name_plural = _("règles de routage")

    def __str__(self):
        criteria = [c for c in (self.dossier_kind, self.applicant_profile, self.programme) if c]
        return f"{' + '.join(criteria) or '*'} → {self.get_office_display()}"

    def matches(self, *, kind, profile, programme):
        return (
            (not self.dossier_kind or self.dossier_kind == kind)
            and (not self.applicant_profile or self.applicant_profile == profile)
            and (not self.programme or self.programme == programme)
        )


class OfficeReviewTarget(models.Model):
    """How long an office aims to take to decide a dossier: the queue's deadline column."""

    office = models.CharField(_("office"), max_length=8, choices=Office.choices, unique=True)
    target_days = models.PositiveSmallIntegerField(
        _("délai d'examen visé (jours)"),
        default=30,
        help_text=_("Compté depuis la première soumission du dossier."),
    )

    class Meta:
        ordering = ["office"]
        verbose_name = _("délai d'examen d'un office")
        verbose_name_plural = _("délais d'examen des offices")

    def __str__(self):
        return f"{self.get_office_display()} : {self.target_days}"
