import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carres import wizard
from carres.enums import DossierStatus
from carres.workflow import TransitionError
from companies import forms
from companies.enums import STEPS, WizardStep
from companies.models import Associate, CompanyDossier, RequiredDocument
from companies.rules import dossier_errors, missing_documents
from companies.selectors import (
    NAME_FIELDS,
    check_choice,
    dossier_name_checks,
    get_company_dossier_for_owner,
)
from companies.services import attach_checklist_document, create_company_dossier, save_step


class Bare(forms.StepForm):
    """The managers' step: no field of the dossier itself, only the version and the rows."""

    class Meta:
        model = CompanyDossier
        fields = []


class CompanyStep(wizard.Step):
    """A step's form, and on the people steps the rows' formset (`form.formset`)."""

    def __init__(self, slug, form_class, *, fields, formset=None):
        super().__init__(slug, WizardStep(slug).label, form_class, fields=fields)
        self.formset = formset  # (name of the rows, factory(dossier, data))

    def form_kwargs(self, page):
        kwargs = {"instance": page.dossier}
        if self.slug == WizardStep.NAMES:
            kwargs["check_url"] = reverse("companies:check_name", kwargs={"pk": page.dossier.pk})
        return kwargs

    def get_form(self, page, data=None, files=None, initial=None):
        form = self.form_class(data, **self.form_kwargs(page))
        form.formset = self.formset[1](page.dossier, data) if self.formset else None
        return form

    def is_valid(self, form):
        return form.is_valid() and (form.formset is None or form.formset.is_valid())

    def save(self, page, form):
        people = {self.formset[0]: form.formset.rows()} if self.formset else {}
        return save_step(
            page.dossier,
            actor=page.request.user,
            step=self.slug,
            data=form.cleaned_data,
            expected_version=form.cleaned_data.get("lock_version") or 0,
            **people,
        )

    def saved(self, page, form, dossier):
        step_errors = {
            name: messages_
            for name, messages_ in page.wizard.kind.submission_errors(dossier).items()
            if name in self.fields
        }
        if "previous" in page.request.POST or (
            not step_errors and "check" not in page.request.POST
        ):
            return page.go_on(dossier)
        # Saved, but the step breaks a rule: show it here, with what was typed.
        page.dossier = dossier
        data = page.request.POST.copy()
        data["lock_version"] = dossier.lock_version
        form = self.get_form(page, data)
        form.is_valid()
        if form.formset is not None:
            form.formset.is_valid()
        form.add_submission_errors(step_errors)
        return page.render(form=form, step_errors=step_errors)

    def context(self, page, form):
        dossier = page.dossier
        context = {
            "formset": getattr(form, "formset", None),
            "legal_form": dossier.legal_form if dossier else None,
        }
        if self.slug == WizardStep.NAMES:
            verdicts = dossier_name_checks(dossier) if dossier else {}
            context["name_rows"] = [(form[name], verdicts.get(name)) for name in NAME_FIELDS]
        return context


def _checklist(dossier):
    """[(line key, requirement, associate, DossierDocument or None)] of the legal form."""
    if dossier.legal_form is None:
        return []
    done = {
        (d.requirement_id, d.associate_id): d
        for d in dossier.checklist.select_related("attachment__message")
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


class DocumentsStep(wizard.Step):
    """The legal form's checklist: one upload per line, then on to the review."""

    def get(self, page, upload_form=None, step_errors=None):
        upload_form = upload_form or forms.DocumentUploadForm()
        return page.render(
            lines=_checklist(page.dossier),
            upload_form=upload_form,
            failed_line=upload_form.data.get("line") if upload_form.is_bound else "",
            step_errors=step_errors or {},
        )

    def post(self, page):
        request, dossier = page.request, page.dossier
        if "continue" in request.POST:
            missing = missing_documents(dossier, dossier.legal_form) if dossier.legal_form else []
            if not missing:
                return redirect(page.url_of(WizardStep.REVIEW))
            step_errors = {
                "documents": page.wizard.kind.submission_errors(dossier).get("documents", [])
            }
            return self.get(page, step_errors=step_errors)
        upload_form = forms.DocumentUploadForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            return self.get(page, upload_form)
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
            return self.get(page, upload_form)
        messages.success(request, _("Document ajouté."))
        return redirect(page.url)


class CompanyReview(wizard.ReviewStep):
    """Everything at once, the names' availability, what is left to do outside the portal."""

    def verdicts(self, page):
        if not hasattr(page, "verdicts"):
            page.verdicts = dossier_name_checks(page.dossier)
        return page.verdicts

    def errors(self, page):
        return dossier_errors(page.dossier, name_checks=self.verdicts(page))

    def context(self, page, form):
        dossier = page.dossier
        return {
            "verdicts": list(self.verdicts(page).values()),
            "associates": list(dossier.associates.all()),
            "managers": list(dossier.managers.all()),
            "codes": list(dossier.activity_codes.all()),
            "outside_steps": list(dossier.legal_form.outside_steps.all())
            if dossier.legal_form
            else [],
            "lines": _checklist(dossier),
        }


class CompanyWizard(wizard.Wizard):
    model = CompanyDossier
    steps = (
        CompanyStep(WizardStep.LEGAL_FORM, forms.LegalFormStepForm, fields=["legal_form"]),
        CompanyStep(WizardStep.NAMES, forms.NamesStepForm, fields=["name_1", "name_2", "name_3"]),
        CompanyStep(WizardStep.ACTIVITY, forms.ActivityStepForm, fields=["activity"]),
        CompanyStep(
            WizardStep.ASSOCIATES,
            forms.CapitalStepForm,
            fields=["capital", "associates"],
            formset=("associates", forms.associates_formset),
        ),
        CompanyStep(
            WizardStep.MANAGERS,
            Bare,
            fields=["managers"],
            formset=("managers", forms.managers_formset),
        ),
        CompanyStep(
            WizardStep.HEAD_OFFICE,
            forms.HeadOfficeStepForm,
            fields=["head_office_city", "head_office_address", "domiciliation_company"],
        ),
        DocumentsStep(
            WizardStep.DOCUMENTS,
            WizardStep.DOCUMENTS.label,
            fields=["documents"],
            template="companies/wizard/documents.html",
        ),
        CompanyReview(WizardStep.REVIEW, WizardStep.REVIEW.label),
    )
    urls = {
        "create": "companies:create",
        "step": "companies:step",
        "transition": "companies:transition",
        "attach": "companies:attach",
        "message": "companies:message",
    }
    template = "companies/wizard/step.html"
    review_template = "companies/wizard/review.html"
    detail_template = "companies/dossier_detail.html"
    page_prefetch = (
        "associates",
        "managers",
        "checklist",
        "activity_codes",
        "legal_form__required_documents",
    )

    def get_for_owner(self, user, pk):
        return get_company_dossier_for_owner(user, pk)

    def create(self, request, form):
        data = {"legal_form": form.cleaned_data["legal_form"]}
        # A hidden field copied from the link (the diagnostic's trade name): a name field's
        # own checks apply, and a name they refuse is left for the names step.
        name = forms.NamesStepForm.base_fields["name_1"].clean
        with contextlib.suppress(ValidationError):
            data["name_1"] = name(request.POST.get("name_1", "")[:160].strip())
        return create_company_dossier(owner=request.user, data=data)

    def detail_context(self, request, dossier):
        # The company and its name's reservation exist from the acceptance on: the page
        # shows them then, and asks for them then only.
        if dossier.status != DossierStatus.ACCEPTED:
            return {"company": None, "reservation": None}
        return {
            "company": getattr(dossier, "company", None),
            "reservation": dossier.reservations.filter(released_at__isnull=True).first(),
        }

    def reached(self, dossier):
        """Steps are links up to the furthest one reached (kept in `wizard_step`)."""
        return STEPS.index(dossier.wizard_step) if dossier else 0


WIZARD = CompanyWizard()
dossier_create = login_required(WIZARD.create_view)
wizard_step = login_required(WIZARD.step_view)


@login_required
def dossier_edit(request, pk):
    """Resume the wizard where the entrepreneur left it."""
    dossier = get_company_dossier_for_owner(request.user, pk)
    return redirect(WIZARD.step_url(dossier, dossier.wizard_step))


@login_required
@require_GET
def name_check(request, pk):
    """htmx partial: the verdict on one name field as the user types."""
    dossier = get_company_dossier_for_owner(request.user, pk)
    field = request.GET.get("field", "")
    if field not in NAME_FIELDS:
        raise Http404
    # The other choices come along (hx-include): a name repeating one of them is said so.
    names = [request.GET.get(name, "")[:200] for name in NAME_FIELDS]
    index = NAME_FIELDS.index(field)
    verdict = check_choice(names, index, exclude_dossier=dossier) if names[index].strip() else None
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


dossier_detail = login_required(WIZARD.detail_view)
dossier_transition = login_required(require_POST(WIZARD.transition_view))
dossier_attach = login_required(require_POST(WIZARD.attach_view))
dossier_message = login_required(require_POST(WIZARD.message_view))
