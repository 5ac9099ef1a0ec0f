"""The shared models: the dossier machinery every kind uses, its files, messages and routing.

Imported in the order they were declared in when they lived in one module: Django registers
models in import order (apps.get_models())."""

# isort: skip_file

from carres.models.heartbeat import (
    Heartbeat,
)
from carres.models.dossier import (
    new_verification_code,
    Dossier,
    dossier_models,
    dossier_model_for_prefix,
    DossierEvent,
    ReferenceCounter,
)
from carres.models.documents import (
    generated_document_path,
    GeneratedDocument,
    attachment_path,
    Attachment,
)
from carres.models.messaging import (
    DossierMessage,
    NotificationDigest,
    Notification,
    OutboxMessage,
)
from carres.models.opinions import (
    OpinionRequest,
)
from carres.models.routing import (
    RoutingRule,
    OfficeReviewTarget,
)

__all__ = [
    "Attachment",
    "Dossier",
    "DossierEvent",
    "DossierMessage",
    "GeneratedDocument",
    "Heartbeat",
    "Notification",
    "NotificationDigest",
    "OfficeReviewTarget",
    "OpinionRequest",
    "OutboxMessage",
    "ReferenceCounter",
    "RoutingRule",
    "attachment_path",
    "dossier_model_for_prefix",
    "dossier_models",
    "generated_document_path",
    "new_verification_code",
]
