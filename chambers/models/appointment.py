"""Appointments either party proposes, the feedback on a request, the reminders sent."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carres.validators import LINE, length_constraint, paragraphs
from chambers.enums import AppointmentStatus
from chambers.models.chamber import Chamber
from chambers.models.support import SupportRequest


class Appointment(models.Model):
    """A slot for a meeting, at a place or online through a link. The advisor proposes one,
    or the entrepreneur proposes several; the other party accepts one (the others of the
    request are then superseded) or declines it. Its status has one writer: chambers.services."""

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("demande"),
    )
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=300, blank=True, validators=LINE)
    online_url = models.URLField(_("lien de visioconférence"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposé par"),
    )
    created_at = models.DateTimeField(_("proposé le"), auto_now_add=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PROPOSED,
    )
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="appointment_has_place_or_link"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="appointment_duration_15_to_480",
            ),
            # One confirmed meeting per request at a time: accepting supersedes the others.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="accepted"),
                name="appointment_one_accepted_per_request",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def proposed_by_entrepreneur(self):
        return self.proposed_by_id == self.request.entrepreneur_id


class Feedback(models.Model):
    """The entrepreneur's rating of the help received, once per closed request."""

    request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("demande")
    )
    chamber = models.ForeignKey(
        Chamber, on_delete=models.CASCADE, related_name="feedbacks", verbose_name=_("chambre")
    )
    rating = models.PositiveSmallIntegerField(pgettext_lazy("évaluation", "note"))
    comment = models.TextField(
        _("commentaire"), blank=True, max_length=2_000, validators=paragraphs(2_000)
    )
    created_at = models.DateTimeField(_("donné le"), auto_now_add=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        constraints = [
            length_constraint("chambers_feedback_comment_max_length", "comment", 2_000),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5"


class ReminderLog(models.Model):
    """One overdue reminder per request and day: the row is the idempotency record."""

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("demande"),
    )
    day = models.DateField(_("jour"))
    recipients = ArrayField(models.EmailField(), default=list, verbose_name=_("destinataires"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        constraints = [
            models.UniqueConstraint(fields=["request", "day"], name="reminder_once_per_day"),
        ]

    def __str__(self):
        return f"{self.request_id} · {self.day}"
