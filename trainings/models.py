import secrets
from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import Language
from carres.validators import LINE, length_constraint, paragraphs
from trainings.enums import SEAT_HOLDING, Audience, RegistrationStatus, SessionStatus, Theme


class Training(models.Model):
    """What is taught: the same training is given many times, as sessions."""

    title = models.CharField(_("titre"), max_length=200, validators=LINE)
    description = models.TextField(
        _("description"), blank=True, max_length=5_000, validators=paragraphs(5_000)
    )
    theme = models.CharField(_("thème"), max_length=32, choices=Theme.choices)
    audience = models.CharField(
        pgettext_lazy("audience", "public"), max_length=32, choices=Audience.choices
    )
    duration_hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5)],
    )
    language = models.CharField(
        _("langue d'enseignement"), max_length=2, choices=Language.choices, default=Language.FR
    )

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0), name="training_duration_positive"
            ),
        ]

    def __str__(self):
        return self.title


class Caravan(models.Model):
    """A tour across the regions: its stops are sessions, shown in date order."""

    name = models.CharField(_("nom"), max_length=200, validators=LINE)
    description = models.TextField(
        _("description"), blank=True, max_length=5_000, validators=paragraphs(5_000)
    )

    class Meta:
        verbose_name = _("caravane")
        verbose_name_plural = _("caravanes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:caravan", args=[self.pk])


class TrainingSession(models.Model):
    """A training given on a date, at a venue or online, by an organising chamber."""

    training = models.ForeignKey(
        Training, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("formation")
    )
    caravan = models.ForeignKey(
        Caravan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("caravane"),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    venue = models.ForeignKey(
        "chambers.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("lieu"),
    )
    online_url = models.URLField(_("lien de la session en ligne"), blank=True)
    city = models.ForeignKey(
        "chambers.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("ville"),
    )
    region = models.ForeignKey(
        "chambers.Region",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("région"),
    )
    chamber = models.ForeignKey(
        "chambers.Chamber",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("chambre organisatrice"),
    )
    capacity = models.PositiveIntegerField(_("nombre de places"))
    signup_deadline = models.DateTimeField(_("date limite d'inscription"))
    status = models.CharField(
        _("statut"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    # RFC 5545's SEQUENCE: one more each time the invitation changes (moved, cancelled), so
    # that a calendar replaces the copy it holds instead of ignoring the update
    calendar_sequence = models.PositiveIntegerField(
        _("version de l'invitation"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"], name="session_starts_at"),
            models.Index(fields=["region", "starts_at"], name="session_region_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signup_deadline__lte=F("starts_at")),
                name="session_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(venue__isnull=False) | ~Q(online_url=""),
                name="session_has_venue_or_link",
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.training} — {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("trainings:session", args=[self.pk])

    @property
    def is_online(self):
        return self.venue_id is None

    @property
    def duration_hours(self):
        """How long this session lasts: its own start to end when it fits in one day (a
        09:30–12:30 session lasts 3 hours, whatever the training's usual length), else the
        training's length (a session over several days is not in class at night)."""
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        if start.date() != end.date():
            return self.training.duration_hours
        return Decimal((end - start).total_seconds()) / Decimal(3600)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def count_seats_taken(self):
        """Seats held now (confirmed or attended sign-ups), counted in the database."""
        return self.registrations.filter(status__in=SEAT_HOLDING).count()

    @property
    def seats_left(self):
        """Seats nobody holds; from the `seats_taken` the catalogue's query annotates, else
        counted."""
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.count_seats_taken()
        return self.capacity - taken


def new_certificate_code():
    return secrets.token_urlsafe(12)


@pghistory.track(
    pghistory.InsertEvent("signed_up"),
    pghistory.UpdateEvent("status_changed", condition=pghistory.AnyChange("status")),
    fields=["status"],
)
class Registration(models.Model):
    """One person's place in a session: a seat, a place on the waiting list, or cancelled.

    There is one row per person and session (a cancelled sign-up is re-activated,
    not duplicated). The waiting list is ordered by `queued_at`.
    """

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("statut"), max_length=16, choices=RegistrationStatus.choices)
    queued_at = models.DateTimeField(pgettext_lazy("formation", "inscrit le"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    attended_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("présence notée par"),
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    certificate_code = models.CharField(
        _("code de l'attestation"), max_length=32, unique=True, default=new_certificate_code
    )

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_registration_per_person"),
        ]
        indexes = [
            models.Index(fields=["session", "status", "queued_at"], name="registration_queue"),
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"

    @property
    def title(self):
        """What an in-app notification names the sign-up by: its session."""
        return str(self.session)

    def url_for(self, user):
        """Where an in-app notification about the sign-up leads (carres.views)."""
        return self.session.get_absolute_url()

    @property
    def holds_seat(self):
        return self.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)


class Feedback(models.Model):
    """An attendee's rating of a session, given once after it ended."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("inscription"),
    )
    rating = models.PositiveSmallIntegerField(
        pgettext_lazy("évaluation", "note"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(
        _("commentaire"), blank=True, max_length=2_000, validators=paragraphs(2_000)
    )
    created_at = models.DateTimeField(_("donné le"), auto_now_add=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        constraints = [
            length_constraint("trainings_feedback_comment_max_length", "comment", 2_000),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="training_feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5 — {self.registration}"
