"""A colleague's opinion on a dossier: asked by one examiner of the office, answered by another."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres.validators import length_constraint, paragraphs


class OpinionRequest(models.Model):
    """Pending while `answered_at` is empty. Both texts are internal: the timeline shows them
    to staff only (as OPINION and OPINION_ANSWER events), never to the owner."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de dossier")
    )
    object_id = models.PositiveBigIntegerField(_("numéro du dossier"))
    dossier = GenericForeignKey("content_type", "object_id")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="opinion_requests",
        verbose_name=_("collègue sollicité"),
    )
    question = models.TextField(_("question"), max_length=5_000, validators=paragraphs(5_000))
    answer = models.TextField(_("avis"), blank=True, max_length=5_000, validators=paragraphs(5_000))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'avis")
        verbose_name_plural = _("demandes d'avis")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["colleague", "answered_at"], name="opinion_pending")]
        constraints = [
            length_constraint("carres_opinionrequest_question_max_length", "question", 5_000),
            length_constraint("carres_opinionrequest_answer_max_length", "answer", 5_000),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} → {self.colleague_id}"

    @property
    def pending(self):
        return self.answered_at is None
