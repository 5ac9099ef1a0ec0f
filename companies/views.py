from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carres import wizard
from carres.enums import DossierAction
from carres.owner_actions import (
    attach_response,
    message_response,
    submit_response,
    withdraw_response,
)
from carres.selectors import dossier_page_context
from carres.services import mark_notifications_read
from carres.workflow import TransitionError
from companies import forms
from companies.enums import STEPS, WizardStep
from companies.models import Associate, RequiredDocument
from companies.rules import dossier_errors, missing_documents
from companies.selectors import check_name, check_names, get_company_dossier_for_owner
from companies.services import attach_checklist_document, create_company_dossier, save_step

OWNER_ACTIONS = {DossierAction.SUBMIT, DossierAction.RESUBMIT, DossierAction.WITHDRAW}

# The fields of companies.rules' errors that each step answers for.
STEP_FIELDS = {
    WizardStep.LEGAL_FORM: ["legal_form"],
    WizardStep.NAMES: ["name_1", "name_2", "name_3"],
    WizardStep.ACTIVITY: ["activity"],
    WizardStep.ASSOCIATES: ["capital", "associates"],
    WizardStep.MANAGERS: ["managers"],
    WizardStep.HEAD_OFFICE: ["head_office_city", "head_office_address", "domiciliation_company"],
    WizardStep.DOCUMENTS: ["documents"],
}
STEP_FORMS = {
    WizardStep.LEGAL_FORM: forms.LegalFormStepForm,
    WizardStep.NAMES: forms.NamesStepForm,
    WizardStep.ACTIVITY: forms.ActivityStepForm,
    WizardStep.ASSOCIATES: forms.CapitalStepForm,
    WizardStep.MANAGERS: forms.StepForm,
    WizardStep.HEAD_OFFICE: forms.HeadOfficeStepForm,
}
STEP_FORMSETS = {
    WizardStep.ASSOCIATES: ("associates", forms.associates_formset),
    WizardStep.MANAGERS: ("managers", forms.managers_formset),
}


def step_url(dossier, step):
    return reverse("companies:step", kwargs={"pk": dossier.pk, "step": step})


def progress(dossier, current):
    """The steps indicator: the steps up to the furthest reached are links."""
    return wizard.progress(
        [(step, WizardStep(step).label) for step in STEPS],
        current,
        url_for=lambda step: step_url(dossier, step) if dossier.pk else "",
        reached=STEPS.index(dossier.wizard_step) if dossier.pk else 0,
    )


def _step_form_class(step):
    form_class = STEP_FORMS[step]
    if form_class is forms.StepForm:

        class Bare(forms.StepForm):
            class Meta:
                model = forms.CompanyDossier
                fields = []

        return Bare
    return form_class


@login_required
def dossier_create(request):
    """Step 1 before the dossier exists: choosing the legal form creates the draft."""
    form = forms.LegalFormStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dossier = create_company_dossier(
            owner=request.user, data={"legal_form": form.cleaned_data["legal_form"]}
        )
        messages.success(request, _("Brouillon enregistré."))
        return redirect(step_url(dossier, WizardStep.NAMES))
    return render(
        request,
        "companies/wizard/step.html",
        {
            "form": form,
            "step": WizardStep.LEGAL_FORM,
            "step_label": WizardStep.LEGAL_FORM.label,
            "progress": progress(forms.CompanyDossier(), WizardStep.LEGAL_FORM),
            "action": reverse("companies:create"),
        },
    )


@login_required
def dossier_edit(request, pk):
    """Resume the wizard where the entrepreneur left it."""
    dossier = get_company_dossier_for_owner(request.user, pk)
    return redirect(step_url(dossier, dossier.wizard_step))


@login_required
def wizard_step(request, pk, step):
    dossier = get_company_dossier_for_owner(request.user, pk)
    if step not in STEPS:
        raise Http404
    if not dossier.is_editable:
        messages.error(request, _("Ce dossier ne peut plus être modifié."))
        return redirect(dossier)
    if step == WizardStep.REVIEW:
        return _review(request, dossier)
    if step == WizardStep.DOCUMENTS:
        return _documents(request, dossier)
    return _form_step(request, dossier, step)


def _build(step, dossier, data=None):
    extra = {}
    if step == WizardStep.NAMES:
        extra["check_url"] = reverse("companies:check_name", kwargs={"pk": dossier.pk})
    form = _step_form_class(step)(data, instance=dossier, **extra)
    formset = None
    if step in STEP_FORMSETS:
        formset = STEP_FORMSETS[step][1](dossier, data)
    return form, formset


def _form_step(request, dossier, step):
    data = request.POST if request.method == "POST" else None
    form, formset = _build(step, dossier, data)
    step_errors = {}
    if data is not None and form.is_valid() and (formset is None or formset.is_valid()):
        people = {}
        if formset is not None:
            people[STEP_FORMSETS[step][0]] = formset.rows()
        try:
            dossier = save_step(
                dossier,
                actor=request.user,
                step=step,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("lock_version") or 0,
                **people,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            step_errors = {
                name: messages_
                for name, messages_ in dossier.submission_errors().items()
                if name in STEP_FIELDS[step]
            }
            if "previous" in request.POST:
                return redirect(step_url(dossier, STEPS[STEPS.index(step) - 1]))
            if not step_errors and "check" not in request.POST:
                messages.success(request, _("Brouillon enregistré."))
                return redirect(step_url(dossier, STEPS[STEPS.index(step) + 1]))
            # Saved, but the step breaks a rule: show it here, with what was typed.
            data = request.POST.copy()
            data["lock_version"] = dossier.lock_version
            form, formset = _build(step, dossier, data)
            form.is_valid()
            if formset is not None:
                formset.is_valid()
            form.add_submission_errors(step_errors)
    return _render_step(request, dossier, step, form, formset, step_errors)


def _render_step(request, dossier, step, form, formset=None, step_errors=None):
    context = {
        "dossier": dossier,
        "form": form,
        "formset": formset,
        "step": step,
        "step_label": WizardStep(step).label,
        "progress": progress(dossier, step),
        "action": step_url(dossier, step),
        "legal_form": dossier.legal_form,
        "step_errors": step_errors or {},
        "previous": STEPS[STEPS.index(step) - 1] if STEPS.index(step) else None,
    }
    if step == WizardStep.NAMES:
        context["verdicts"] = {
            name: check_name(getattr(dossier, name), exclude_dossier=dossier)
            for name in ("name_1", "name_2", "name_3")
            if getattr(dossier, name).strip()
        }
    return render(request, "companies/wizard/step.html", context)


def _checklist(dossier):
    """[(line key, requirement, associate, DossierDocument or None)] of the legal form."""
    if dossier.legal_form is None:
        return []
    done = {
        (d.requirement_id, d.associate_id): d
        for d in dossier.checklist.select_related("attachment")
    }
    associates = list(dossier.associates.all())
    lines = []
    for requirement in dossier.legal_form.required_documents.all():
        for associate in associates if requirement.per_associate else [None]:
            key = f"{requirement.pk}-{associate.pk if associate else 0}"
            lines.append(
                (
                    key,
                    requirement,
                    associate,
                    done.get((requirement.pk, getattr(associate, "pk", None))),
                )
            )
    return lines


def _documents(request, dossier):
    upload_form = forms.DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "continue" in request.POST:
            missing = missing_documents(dossier, dossier.legal_form) if dossier.legal_form else []
            if not missing:
                return redirect(step_url(dossier, WizardStep.REVIEW))
            step_errors = {"documents": dossier.submission_errors().get("documents", [])}
            return _render_documents(request, dossier, forms.DocumentUploadForm(), step_errors)
        if upload_form.is_valid():
            requirement_pk, _sep, associate_pk = upload_form.cleaned_data["line"].partition("-")
            requirement = RequiredDocument.objects.filter(
                pk=requirement_pk, legal_form=dossier.legal_form
            ).first()
            associate = Associate.objects.filter(pk=associate_pk, dossier=dossier).first()
            if requirement is None:
                raise Http404
            try:
                attach_checklist_document(
                    dossier,
                    actor=request.user,
                    requirement=requirement,
                    associate=associate,
                    upload=upload_form.cleaned_data["file"],
                )
            except (ValidationError, TransitionError) as error:
                upload_form.add_error("file", " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(request, _("Document ajouté."))
                return redirect(step_url(dossier, WizardStep.DOCUMENTS))
    return _render_documents(request, dossier, upload_form)


def _render_documents(request, dossier, upload_form, step_errors=None):
    return render(
        request,
        "companies/wizard/documents.html",
        {
            "dossier": dossier,
            "step": WizardStep.DOCUMENTS,
            "step_label": WizardStep.DOCUMENTS.label,
            "progress": progress(dossier, WizardStep.DOCUMENTS),
            "lines": _checklist(dossier),
            "upload_form": upload_form,
            "failed_line": upload_form.data.get("line") if upload_form.is_bound else "",
            "step_errors": step_errors or {},
            "previous": WizardStep.HEAD_OFFICE,
        },
    )


def _review(request, dossier):
    errors = {}
    if request.method == "POST":
        response, errors = submit_response(request, dossier)
        if response:
            return response
    verdicts = check_names(dossier.proposed_names, exclude_dossier=dossier)
    if request.method != "POST":
        errors = dossier_errors(dossier, name_checks=verdicts)
    error_steps = []
    for step, fields in STEP_FIELDS.items():
        found = [m for f in fields for m in errors.get(f, [])]
        if found:
            error_steps.append(
                {"label": WizardStep(step).label, "url": step_url(dossier, step), "errors": found}
            )
    return render(
        request,
        "companies/wizard/review.html",
        {
            "dossier": dossier,
            "step": WizardStep.REVIEW,
            "step_label": WizardStep.REVIEW.label,
            "progress": progress(dossier, WizardStep.REVIEW),
            "error_steps": error_steps,
            "verdicts": verdicts,
            "associates": list(dossier.associates.all()),
            "managers": list(dossier.managers.all()),
            "codes": list(dossier.activity_codes.all()),
            "outside_steps": list(dossier.legal_form.outside_steps.all())
            if dossier.legal_form
            else [],
            "lines": _checklist(dossier),
            "previous": WizardStep.DOCUMENTS,
        },
    )


@login_required
@require_GET
def name_check(request, pk):
    """htmx partial: the verdict on one name field as the user types."""
    dossier = get_company_dossier_for_owner(request.user, pk)
    field = request.GET.get("field", "")
    if field not in ("name_1", "name_2", "name_3"):
        raise Http404
    name = request.GET.get(field, "").strip()
    verdict = check_name(name, exclude_dossier=dossier) if name else None
    return render(request, "companies/wizard/verdict.html", {"verdict": verdict, "field": field})


@login_required
def name_certificate(request, pk):
    """The reserved name's certificate, for the dossier's owner only."""
    dossier = get_company_dossier_for_owner(request.user, pk)
    reservation = dossier.reservations.exclude(certificate="").order_by("-reserved_at").first()
    if reservation is None:
        raise Http404
    return FileResponse(
        reservation.certificate.open("rb"),
        as_attachment=True,
        filename=f"certificat-{dossier.reference}.pdf",
        content_type="application/pdf",
    )


@login_required
def dossier_detail(request, pk):
    dossier = get_company_dossier_for_owner(request.user, pk)
    mark_notifications_read(dossier, actor=request.user)
    context = dossier_page_context(dossier, request.user)
    context["company"] = getattr(dossier, "company", None) if dossier.status == "accepted" else None
    context["reservation"] = dossier.reservations.filter(released_at__isnull=True).first()
    context.update(
        sections=dossier.pdf_sections(),
        withdraw_url=reverse("companies:transition", args=[dossier.pk]),
        attach_url=reverse("companies:attach", args=[dossier.pk]),
        message_url=reverse("companies:message", args=[dossier.pk]),
    )
    return render(request, "companies/dossier_detail.html", context)


@login_required
@require_POST
def dossier_transition(request, pk):
    dossier = get_company_dossier_for_owner(request.user, pk)
    action = request.POST.get("action", "")
    if action not in OWNER_ACTIONS:
        messages.error(request, str(TransitionError()))
        return redirect(dossier)
    if action in (DossierAction.SUBMIT, DossierAction.RESUBMIT):
        return _review(request, dossier)
    return withdraw_response(request, dossier)


@login_required
@require_POST
def dossier_attach(request, pk):
    return attach_response(request, get_company_dossier_for_owner(request.user, pk))


@login_required
@require_POST
def dossier_message(request, pk):
    return message_response(request, get_company_dossier_for_owner(request.user, pk))
