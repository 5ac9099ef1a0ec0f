"""Reads over every kind of dossier."""

import hmac

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from carres import rules
from carres.enums import DocumentKind, DossierStatus, ScanStatus
from carres.kinds import kind_for
from carres.models import (
    Attachment,
    DossierEvent,
    DossierMessage,
    GeneratedDocument,
    dossier_model_for_prefix,
    dossier_models,
)
from carres.prepared import PreparedQuery

_OWNED = PreparedQuery(
    lambda model, *, owner_id: model.objects.filter(owner_id=owner_id).order_by("-updated_at"),
    owner_id=int,
)


def dossiers_owned_by(user):
    """The user's dossiers of every kind, newest first: one query per kind, whatever the count."""
    found = []
    for model in dossier_models():
        found.extend(_OWNED(model, owner_id=user.pk))
    return sorted(found, key=lambda dossier: dossier.updated_at, reverse=True)


def referenced_dossiers_owned_by(user):
    """The user's dossiers that have a reference (submitted at least once), newest first."""
    return [dossier for dossier in dossiers_owned_by(user) if dossier.reference]


def owns_dossier(user, reference):
    """Whether `reference` names one of `user`'s dossiers."""
    model = dossier_model_for_prefix(reference.split("-", 1)[0])
    return model is not None and model.objects.filter(owner=user, reference=reference).exists()


def _events(include_internal, with_people, *, content_type_id, object_id):
    events = DossierEvent.objects.filter(
        content_type_id=content_type_id, object_id=object_id
    ).select_related(*(("actor", "attachment") if with_people else ("attachment",)))
    return events if include_internal else events.filter(internal=False)


_EVENTS = PreparedQuery(_events, content_type_id=int, object_id=int)


def timeline(dossier, *, include_internal=False, with_people=True):
    """The dossier's events, oldest first; `with_people`: each with its actor's row (the
    examiners' page names them; the owner's page only tells "you" from "the examiner")."""
    return _EVENTS(include_internal, with_people, **_generic_key(dossier))


def _messages(with_people, *, content_type_id, object_id):
    return DossierMessage.objects.filter(
        content_type_id=content_type_id, object_id=object_id
    ).select_related(*(("author", "attachment") if with_people else ("attachment",)))


_MESSAGES = PreparedQuery(_messages, content_type_id=int, object_id=int)


def dossier_messages(dossier, *, with_people=True):
    """The messages about the dossier; `with_people`: each with its author's row."""
    return _MESSAGES(with_people, **_generic_key(dossier))


def _current_document(*, content_type_id, object_id):
    return GeneratedDocument.objects.filter(
        content_type_id=content_type_id, object_id=object_id, kind=DocumentKind.DOSSIER_PDF
    ).order_by("-updated_at")[:1]


_CURRENT_DOCUMENT = PreparedQuery(_current_document, content_type_id=int, object_id=int)


def current_document(dossier):
    return _CURRENT_DOCUMENT.first(**_generic_key(dossier))


def _current_attachments(*, content_type_id, object_id):
    return Attachment.objects.current().filter(content_type_id=content_type_id, object_id=object_id)


_CURRENT_ATTACHMENTS = PreparedQuery(_current_attachments, content_type_id=int, object_id=int)


def current_attachments(dossier):
    """The dossier's current files (not the replaced ones), oldest first."""
    return _CURRENT_ATTACHMENTS(**_generic_key(dossier))


def _generic_key(dossier):
    """The dossier as its generic relations name it."""
    return {
        "content_type_id": ContentType.objects.get_for_model(dossier).pk,
        "object_id": dossier.pk,
    }


def dossier_documents(dossier):
    """The dossier's current files by requirement: {"lines": [{"requirement", "files"}],
    "missing": [required Requirement without a file], "others": [files answering none]}.
    Each file gets `requirement_label` (blank for a free document). Replaced files are not
    here: they stay in the timeline."""
    requirements = kind_for(dossier).document_requirements(dossier)
    labels = {requirement.key: requirement.label for requirement in requirements}
    by_key = {}
    for attachment in current_attachments(dossier):
        attachment.requirement_label = labels.get(attachment.requirement, "")
        by_key.setdefault(
            attachment.requirement if attachment.requirement_label else "", []
        ).append(attachment)
    lines = [
        {"requirement": requirement, "files": by_key.get(requirement.key, [])}
        for requirement in requirements
    ]
    return {
        "lines": lines,
        "missing": [
            line["requirement"]
            for line in lines
            if line["requirement"].required and not line["files"]
        ],
        "others": by_key.get("", []),
    }


def dossier_page_context(dossier, user, *, staff_page=False):
    """What a dossier's page shows: the owner's (names nobody: "you", "the examiner") or,
    with `staff_page`, the examiners' (internal notes, and who did and wrote what)."""
    from carres.statistics.estimates import expected_decision
    from carres.workflow import available_actions

    documents = dossier_documents(dossier)
    return {
        "dossier": dossier,
        "events": timeline(
            dossier,
            include_internal=staff_page or rules.is_office_examiner(user, dossier),
            with_people=staff_page,
        ),
        "actions": available_actions(dossier, user),
        "document": current_document(dossier),
        "attachments": [
            *(attachment for line in documents["lines"] for attachment in line["files"]),
            *documents["others"],
        ],
        "document_lines": documents["lines"],
        "missing_requirements": documents["missing"],
        "other_attachments": documents["others"],
        "dossier_messages": dossier_messages(dossier, with_people=staff_page),
        "can_message": dossier.assigned_examiner_id is not None,
        "expected": expected_decision(dossier),
    }


def get_document_for_user(user, pk):
    """A generated PDF, for its dossier's owner or an examiner of its office; else 404."""
    document = GeneratedDocument.objects.select_related("content_type").filter(pk=pk).first()
    dossier = document.dossier if document else None
    if dossier is None or not rules.can_view_dossier(user, dossier):
        raise Http404
    return document


def get_draft_attachment_for_owner(user, pk):
    """A current file of one of `user`'s drafts that they may delete; else 404 (missing,
    someone else's, a message's file, replaced, or the dossier no longer a draft)."""
    attachment = (
        Attachment.objects.current()
        .select_related("content_type")
        .filter(pk=pk, message__isnull=True)
        .first()
    )
    dossier = attachment.dossier if attachment else None
    if (
        dossier is None
        or not rules.is_owner(user, dossier)
        or dossier.status != DossierStatus.DRAFT
    ):
        raise Http404
    return attachment


def get_attachment_for_user(user, pk):
    """A released attachment, for its dossier's owner or an examiner of its office; else 404.
    A quarantined file is out of everyone's reach until its check releases it."""
    attachment = (
        Attachment.objects.select_related("content_type")
        .filter(pk=pk, scan_status=ScanStatus.CLEAN)
        .first()
    )
    dossier = attachment.dossier if attachment else None
    if dossier is None or not rules.can_view_dossier(user, dossier):
        raise Http404
    return attachment


def find_dossier_for_verification(reference, code):
    """Public: the dossier whose reference and verification code both match, else None."""
    reference = reference.strip().upper()
    prefix = reference.split("-", 1)[0]
    model = dossier_model_for_prefix(prefix)
    if model is None or not code:
        return None
    dossier = model.objects.filter(reference=reference).first()
    if dossier is None or not hmac.compare_digest(dossier.verification_code, code.strip()):
        return None
    return dossier
