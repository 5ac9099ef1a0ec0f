"""Statuses and kinds shared by every reviewable dossier (company, trademark, patent)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DossierStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("dossier status", "Brouillon")
    SUBMITTED = "submitted", pgettext_lazy("dossier status", "Soumis")
    IN_REVIEW = "in_review", pgettext_lazy("dossier status", "En cours d'examen")
    CHANGES_REQUESTED = (
        "changes_requested",
        pgettext_lazy("dossier status", "Modifications demandées"),
    )
    ACCEPTED = "accepted", pgettext_lazy("dossier status", "Accepté")
    REJECTED = "rejected", pgettext_lazy("dossier status", "Rejeté")
    WITHDRAWN = "withdrawn", pgettext_lazy("dossier status", "Retiré")


class DossierAction(models.TextChoices):
    """What happened on a dossier: the transitions, plus events that keep the status."""

    CREATE = "create", _("Dossier créé")
    SUBMIT = "submit", _("Dossier soumis")
    RESUBMIT = "resubmit", _("Dossier soumis à nouveau")
    TAKE = "take", _("Pris en charge par un examinateur")
    ACCEPT = "accept", _("Dossier accepté")
    REJECT = "reject", _("Dossier rejeté")
    REQUEST_CHANGES = "request_changes", _("Modifications demandées")
    WITHDRAW = "withdraw", _("Dossier retiré")
    NOTE = "note", _("Note interne")
    MESSAGE = "message", _("Message")
    REASSIGN = "reassign", _("Dossier transmis à l'autre office")
    OPINION = "opinion", _("Avis demandé à un collègue")
    OPINION_ANSWER = "opinion_answer", _("Avis rendu par un collègue")
    CLAIM = "claim", _("Dossier attribué à un examinateur")
    RELEASE = "release", _("Dossier libéré par son examinateur")
    ASSIGN = "assign", _("Dossier confié à un examinateur")
    FILE_REJECTED = "file_rejected", _("Document refusé à la vérification")
    FILE_REPLACED = "file_replaced", _("Document remplacé")
    FILE_DELETED = "file_deleted", _("Document supprimé")


DECIDED_STATUSES = frozenset({DossierStatus.ACCEPTED, DossierStatus.REJECTED})
EDITABLE_STATUSES = frozenset({DossierStatus.DRAFT, DossierStatus.CHANGES_REQUESTED})


class DocumentKind(models.TextChoices):
    DOSSIER_PDF = "dossier_pdf", _("Dossier PDF")


class NotificationVerb(models.TextChoices):
    SUBMISSION_RECEIVED = "submission_received", _("Votre dossier a bien été reçu")
    CHANGES_REQUESTED = "changes_requested", _("Des modifications sont demandées sur votre dossier")
    ACCEPTED = "accepted", _("Votre dossier a été accepté")
    REJECTED = "rejected", _("Votre dossier a été rejeté")
    NEW_MESSAGE = "new_message", _("Nouveau message sur un dossier")
    OPINION_REQUESTED = "opinion_requested", _("Un collègue vous demande votre avis sur un dossier")
    FILE_REJECTED = "file_rejected", _("Un document que vous avez envoyé a été refusé")
    OPINION_ANSWERED = "opinion_answered", _("Un collègue a répondu à votre demande d'avis")
    # To the office's examiners (or the examiner in charge): work that waits for them.
    NEW_SUBMISSION = "new_submission", _("Nouveau dossier à examiner")
    RESUBMITTED = "resubmitted", _("Dossier re-déposé après modifications")
    TRANSFERRED = "transferred", _("Dossier transmis à votre office")


class ScanStatus(models.TextChoices):
    """An attachment is quarantined until checked (content and antivirus), then released.
    A file that fails the check is deleted, so there is no third state."""

    PENDING = "pending", _("En cours de vérification")
    CLEAN = "clean", _("Vérifié")


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PDF = "pdf", _("Dossier PDF")
