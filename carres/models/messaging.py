"""Messages about a dossier, in-site notifications, and the outbox of mails to send."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres.choices import ChoiceDisplay
from carres.enums import NotificationVerb, OutboxChannel
from carres.models.documents import Attachment
from carres.validators import length_constraint, paragraphs


class DossierMessage(models.Model):
    """A message between the entrepreneur and the examiner in charge of a dossier."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de dossier")
    )
    object_id = models.PositiveBigIntegerField(
        _("numéro du dossier"),
    )
    dossier = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("message"), max_length=5_000, validators=paragraphs(5_000))
    attachment = models.OneToOneField(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="message",
        verbose_name=_("pièce jointe"),
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            length_constraint("carres_dossiermessage_body_max_length", "body", 5_000),
        ]

    def __str__(self):
        return self.body[:60]


class NotificationDigest(models.Model):
    """The one daily digest e-mail of a person who asked for it (User.notification_digest):
    one row per person and day, so a digest task that runs twice sends once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("résumé quotidien")
        verbose_name_plural = _("résumés quotidiens")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_a_day"),
        ]

    def __str__(self):
        return f"{self.recipient} {self.day}"


class Notification(ChoiceDisplay, models.Model):
    """An in-app notification; `key` makes a re-run task create it once."""

    key = models.CharField(_("clé"), max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    verb = models.CharField(_("événement"), max_length=32, choices=NotificationVerb.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de dossier")
    )
    object_id = models.PositiveBigIntegerField(
        _("numéro du dossier"),
    )
    dossier = GenericForeignKey("content_type", "object_id")
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    # The daily digest that told the recipient (those who chose a digest over each e-mail).
    digest = models.ForeignKey(
        NotificationDigest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]

    def __str__(self):
        return str(self.get_verb_display())


class OutboxMessage(models.Model):
    """A side effect recorded in the transaction that caused it, delivered after commit.

    If the broker is down at commit time the row stays unsent and the beat sweeper
    (`carres.tasks.sweep_outbox`) hands it to a worker later. `key` (event, recipient,
    channel) keeps each side effect to one row; `sent_at` to one delivery.
    """

    key = models.CharField(_("clé"), max_length=120, unique=True)
    channel = models.CharField(_("canal"), max_length=8, choices=OutboxChannel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destinataire"),
    )
    verb = models.CharField(
        _("événement"), max_length=32, choices=NotificationVerb.choices, blank=True
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de dossier")
    )
    object_id = models.PositiveBigIntegerField(
        _("numéro du dossier"),
    )
    dossier = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        verbose_name = _("message à envoyer")
        verbose_name_plural = _("messages à envoyer")
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent"
            )
        ]

    def __str__(self):
        return self.key
