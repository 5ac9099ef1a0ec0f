import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carres.enums import DossierAction, DossierStatus
from carres.selectors import dossier_page_context
from carres.services import attach_file, mark_notifications_read, post_message
from carres.workflow import IncompleteDossier, TransitionError, transition
from companies.forms import CompanyDossierForm
from companies.selectors import get_company_dossier_for_owner
from companies.services import CONTENT_FIELDS, create_company_dossier, update_company_dossier

OWNER_ACTIONS = {DossierAction.SUBMIT, DossierAction.RESUBMIT, DossierAction.WITHDRAW}


def _submit_action(dossier):
    if dossier.status == DossierStatus.CHANGES_REQUESTED:
        return DossierAction.RESUBMIT
    return DossierAction.SUBMIT


def _submit(request, dossier, form=None):
    """Submit; on missing fields, the form again with each error on its field."""
    try:
        transition(
            dossier,
            _submit_action(dossier),
            actor=request.user,
            expected_version=dossier.lock_version,
        )
    except IncompleteDossier as error:
        if form is None:
            data = {name: getattr(dossier, name) for name in CONTENT_FIELDS}
            data["capital"] = "" if dossier.capital is None else dossier.capital
        else:
            data = form.data.copy()
        # The draft was saved: the next post must carry the new version.
        data["lock_version"] = dossier.lock_version
        form = CompanyDossierForm(data=data, instance=dossier)
        form.is_valid()
        form.add_submission_errors(error.errors)
        messages.error(request, str(error))
        return render(request, "companies/dossier_form.html", {"form": form, "dossier": dossier})
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(dossier)
    messages.success(
        request,
        _("Dossier soumis sous la référence %(reference)s.") % {"reference": dossier.reference},
    )
    return redirect(dossier)


@login_required
def dossier_create(request):
    form = CompanyDossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dossier = create_company_dossier(owner=request.user, data=form.cleaned_data)
        if "submit" in request.POST:
            return _submit(request, dossier, form)
        messages.success(request, _("Brouillon enregistré."))
        return redirect(dossier)
    return render(request, "companies/dossier_form.html", {"form": form, "dossier": None})


@login_required
def dossier_edit(request, pk):
    dossier = get_company_dossier_for_owner(request.user, pk)
    if not dossier.is_editable:
        messages.error(request, _("Ce dossier ne peut plus être modifié."))
        return redirect(dossier)
    if request.method == "GET" and "check" in request.GET:
        return _submit_check(request, dossier)
    form = CompanyDossierForm(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = update_company_dossier(
                dossier,
                actor=request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("lock_version") or 0,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            if "submit" in request.POST:
                return _submit(request, dossier, form)
            messages.success(request, _("Brouillon enregistré."))
            return redirect(dossier)
    return render(request, "companies/dossier_form.html", {"form": form, "dossier": dossier})


def _submit_check(request, dossier):
    data = {name: getattr(dossier, name) for name in CONTENT_FIELDS}
    data["capital"] = "" if dossier.capital is None else dossier.capital
    data["lock_version"] = dossier.lock_version
    form = CompanyDossierForm(data=data, instance=dossier)
    form.is_valid()
    form.add_submission_errors(dossier.submission_errors())
    return render(request, "companies/dossier_form.html", {"form": form, "dossier": dossier})


@login_required
def dossier_detail(request, pk):
    dossier = get_company_dossier_for_owner(request.user, pk)
    mark_notifications_read(dossier, actor=request.user)
    return render(
        request, "companies/dossier_detail.html", dossier_page_context(dossier, request.user)
    )


@login_required
@require_POST
def dossier_transition(request, pk):
    dossier = get_company_dossier_for_owner(request.user, pk)
    action = request.POST.get("action", "")
    if action not in OWNER_ACTIONS:
        messages.error(request, str(TransitionError()))
        return redirect(dossier)
    with contextlib.suppress(ValueError):
        dossier.lock_version = int(request.POST.get("lock_version", ""))
    if action in (DossierAction.SUBMIT, DossierAction.RESUBMIT):
        return _submit(request, dossier)
    try:
        transition(dossier, action, actor=request.user, expected_version=dossier.lock_version)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dossier retiré."))
    return redirect(dossier)


@login_required
@require_POST
def dossier_attach(request, pk):
    dossier = get_company_dossier_for_owner(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choisissez un fichier."))
        return redirect(dossier)
    try:
        attach_file(dossier, actor=request.user, upload=upload)
    except (ValidationError, TransitionError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Document ajouté."))
    return redirect(dossier)


@login_required
@require_POST
def dossier_message(request, pk):
    dossier = get_company_dossier_for_owner(request.user, pk)
    try:
        post_message(
            dossier,
            actor=request.user,
            body=request.POST.get("body", ""),
            upload=request.FILES.get("file"),
        )
    except (ValidationError, TransitionError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Message envoyé."))
    return redirect(dossier)
