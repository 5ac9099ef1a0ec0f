"""Support requests, their timeline, the messages and the advisors' internal notes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from carres.validators import LINE, length_constraint, paragraphs
from chambers.enums import EventKind, Outcome, RequestStatus, Topic
from chambers.models.chamber import Chamber
from chambers.models.territory import Region


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
    relay = models.ForeignKey(
        "chambers.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("relais"),
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

    @property
    def title(self):
        """What an in-app notification names the request by."""
        return _("Demande n° %(number)s · %(topic)s") % {
            "number": self.pk,
            "topic": self.get_topic_display(),
        }

    def url_for(self, user):
        """The request's page for `user`: the entrepreneur's own page, else the back office's
        (carres.views.notification_list links notifications through it)."""
        if user.pk == self.entrepreneur_id:
            return self.get_absolute_url()
        return reverse("admin:chambers_supportrequest_change", args=[self.pk])

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
    # The entrepreneur's notification (in-app and e-mail), then the advisor's: each one's
    # date is the idempotency record of its task.
    notified_at = models.DateTimeField(_("notifié le"), null=True, blank=True)
    advisor_notified_at = models.DateTimeField(_("conseiller notifié le"), null=True, blank=True)
    appointment = models.ForeignKey(
        "chambers.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rendez-vous"),
    )

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
