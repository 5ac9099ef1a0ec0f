"""The entrepreneur's actions on any dossier: submit, add a document, write a message, withdraw.

Each kind's view finds the dossier through its own 404-for-others helper, then answers
with one of these, so the messages and error handling are the same everywhere.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from carres.enums import DossierAction
from carres.services import attach_file, post_message
from carres.workflow import (
    IncompleteDossier,
    TransitionError,
    posted_version,
    submission_action,
    transition,
)


def _error_text(error):
    return " ".join(getattr(error, "messages", [str(error)]))


def attach_response(request, dossier):
    """Attach the uploaded `file` to `dossier`; a refused upload leaves it unchanged."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choisissez un fichier."))
        return redirect(dossier)
    try:
        attach_file(
            dossier,
            actor=request.user,
            upload=upload,
            requirement=request.POST.get("requirement", "")[:60],
        )
    except (ValidationError, TransitionError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Document ajouté."))
    return redirect(dossier)


def message_response(request, dossier):
    """Post the `body` (and optional `file`) as a message on `dossier`. Returns (response,
    form): a redirect once sent or refused outright; (None, {"body", "errors"}) when the
    text or the file is refused, for the dossier page to show again with the typed text
    kept and each error at its field ("body", "file")."""
    body = request.POST.get("body", "")
    try:
        post_message(dossier, actor=request.user, body=body, upload=request.FILES.get("file"))
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"body": error.messages}
        return None, {"body": body, "errors": errors}
    except TransitionError as error:
        messages.error(request, _error_text(error))
        return redirect(dossier), None
    messages.success(request, _("Message envoyé."))
    return redirect(dossier), None


def withdraw_response(request, dossier):
    """Withdraw `dossier` as of the version the page showed (a stale page is told so)."""
    try:
        transition(
            dossier,
            DossierAction.WITHDRAW,
            actor=request.user,
            expected_version=posted_version(request.POST),
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dossier retiré."))
    return redirect(dossier)


def submit_response(request, dossier):
    """Submit `dossier`, or resubmit it after changes were asked for, as of the version the
    page showed. Returns (response, errors): a redirect to the dossier once it is submitted
    or the submission is refused outright; (None, {field: [messages]}) when it is incomplete,
    for the kind's review page to show again with its errors."""
    try:
        transition(
            dossier,
            submission_action(dossier),
            actor=request.user,
            expected_version=posted_version(request.POST),
        )
    except IncompleteDossier as error:
        messages.error(request, str(error))
        return None, error.errors
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(dossier), {}
    messages.success(
        request,
        _("Dossier soumis sous la référence %(reference)s.") % {"reference": dossier.reference},
    )
    return redirect(dossier), {}
