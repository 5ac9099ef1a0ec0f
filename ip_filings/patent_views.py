"""The patent pre-filing wizard: one step per page, drafts, resume, review, submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from carres import wizard
from carres.enums import DossierAction
from carres.owner_actions import message_response, submit_response, withdraw_response
from carres.selectors import dossier_page_context
from carres.services import attach_file, mark_notifications_read
from carres.workflow import TransitionError
from companies.selectors import companies_owned_by
from ip_filings import patent_forms as pf
from ip_filings import patent_services as services
from ip_filings.patent_enums import ApplicantProfile
from ip_filings.patent_selectors import get_patent_filing_for_owner

# (slug, title, form class, kind); kind: "model" form, "formset", or "drawings".
STEPS = [
    ("request", gettext_lazy("Requête"), pf.RequestForm, "model"),
    ("abstract", gettext_lazy("Abrégé"), pf.AbstractForm, "model"),
    ("description", gettext_lazy("Description"), pf.DescriptionForm, "model"),
    ("claims", gettext_lazy("Revendications"), pf.ClaimFormSet, "formset"),
    ("drawings", gettext_lazy("Dessins"), pf.DrawingForm, "drawings"),
    ("inventors", gettext_lazy("Inventeurs"), pf.InventorFormSet, "formset"),
    ("applicants", gettext_lazy("Déposants"), pf.ApplicantFormSet, "formset"),
    ("priority", gettext_lazy("Priorité"), pf.PriorityForm, "model"),
]
STEP_SLUGS = [slug for slug, *_rest in STEPS]
# Which step shows the error of a field named by submission_errors().
FIELD_STEP = {
    "kind": "request",
    "invention_title": "request",
    "technical_field": "request",
    "abstract": "abstract",
    "description": "description",
    "claims": "claims",
    "inventors": "inventors",
    "applicants": "applicants",
    "priority_date": "priority",
    "priority_country": "priority",
}


def _next_url(filing, slug):
    index = STEP_SLUGS.index(slug)
    if index + 1 < len(STEPS):
        return reverse("patents:patent_step", args=[filing.pk, STEP_SLUGS[index + 1]])
    return reverse("patents:patent_review", args=[filing.pk])


def _formset_initial(filing, slug):
    if slug == "claims":
        return [{"text": c.text, "refers_to": c.refers_to} for c in filing.claims.all()]
    if slug == "inventors":
        return [
            {"name": i.name, "address": i.address, "mention": i.mention}
            for i in filing.inventors.all()
        ]
    return [
        {"name": a.name, "profile": a.profile, "share": a.share} for a in filing.applicants.all()
    ]


def _build(slug, filing, data=None, files=None, initial=None):
    _slug, _title, form_class, kind = STEPS[STEP_SLUGS.index(slug)]
    if kind == "model":
        return form_class(data, instance=filing, initial=initial)
    if kind == "formset":
        return form_class(
            data, prefix=slug, initial=_formset_initial(filing, slug) if filing else None
        )
    return form_class(data, files)


def _applicants_with_company(request, filing):
    """The applicant rows plus one of the user's registered companies, ready to save.

    Only the user's own companies can be added: another id is ignored."""
    rows = _formset_initial(filing, "applicants")
    company = companies_owned_by(request.user).filter(pk=request.GET["company"]).first()
    if company is not None and company.name not in {row["name"] for row in rows}:
        rows.append({"name": company.name, "profile": ApplicantProfile.COMPANY, "share": None})
    return pf.ApplicantFormSet(prefix="applicants", initial=rows)


def _render_step(request, filing, slug, form, status=200):
    return render(
        request,
        "ip_filings/patent/wizard.html",
        {
            "filing": filing,
            "form": form,
            "slug": slug,
            "progress": _progress(filing, slug),
            "step_title": STEPS[STEP_SLUGS.index(slug)][1],
            "is_formset": STEPS[STEP_SLUGS.index(slug)][3] == "formset",
            "drawings": list(filing.attachments.all()) if filing else [],
            "companies": (list(companies_owned_by(request.user)) if slug == "applicants" else []),
        },
        status=status,
    )


@login_required
def patent_create(request):
    """The first step; the draft exists once it is first saved. GET ?title=&field= prefills."""
    if request.method == "POST":
        form = pf.RequestForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            programme = request.POST.get("programme", "")[:40]
            # A hidden field copied from the link: anything unprintable (NUL) is not a code.
            data["programme"] = programme if programme.isprintable() else ""
            profile = request.POST.get("applicant_profile", "")
            data["applicant_profile"] = profile if profile in ApplicantProfile.values else ""
            filing = services.create_patent_filing(owner=request.user, data=data)
            messages.success(request, _("Brouillon enregistré."))
            return redirect(_next_url(filing, "request"))
        return _render_step(request, None, "request", form, status=400)
    form = pf.RequestForm(
        initial={
            "invention_title": request.GET.get("title", "")[:250],
            "technical_field": request.GET.get("field", "")[:250],
        }
    )
    response = _render_step(request, None, "request", form)
    return response


@login_required
def patent_step(request, pk, slug):
    filing = get_patent_filing_for_owner(request.user, pk)
    if slug not in STEP_SLUGS:
        raise Http404
    if not filing.is_editable:
        messages.error(request, _("Ce dossier ne peut plus être modifié."))
        return redirect(filing)
    if request.method != "POST":
        if slug == "applicants" and request.GET.get("company"):
            return _render_step(request, filing, slug, _applicants_with_company(request, filing))
        return _render_step(request, filing, slug, _build(slug, filing))
    form = _build(slug, filing, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Corrigez les champs signalés : rien n'a été perdu."))
        return _render_step(request, filing, slug, form, status=400)
    try:
        if slug == "claims":
            services.replace_claims(filing, actor=request.user, claims=form.rows())
        elif slug == "inventors":
            services.replace_inventors(filing, actor=request.user, inventors=form.rows())
        elif slug == "applicants":
            services.replace_applicants(filing, actor=request.user, applicants=form.rows())
        elif slug == "drawings":
            attach_file(filing, actor=request.user, upload=form.cleaned_data["file"])
            messages.success(request, _("Dessin ajouté."))
            return redirect("patents:patent_step", filing.pk, "drawings")
        else:
            services.update_patent_filing(filing, actor=request.user, data=form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_step(request, filing, slug, form, status=400)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(filing)
    messages.success(request, _("Brouillon enregistré."))
    if "quit" in request.POST:
        return redirect(filing)
    return redirect(_next_url(filing, slug))


def _progress(filing, current):
    """The steps indicator: every step is a link once the dossier exists."""

    def url_for(slug):
        if filing is None:
            return ""
        if slug == "review":
            return reverse("patents:patent_review", args=[filing.pk])
        return reverse("patents:patent_step", args=[filing.pk, slug])

    steps = [(slug, title) for slug, title, *_rest in STEPS] + [("review", _("Vérification"))]
    return wizard.progress(steps, current, url_for=url_for)


def _review_context(filing, errors):
    return {
        "filing": filing,
        "progress": _progress(filing, "review"),
        "sections": filing.pdf_sections(),
        "errors": [
            (FIELD_STEP.get(name, "request"), message)
            for name, messages_ in errors.items()
            for message in messages_
        ],
        "drawings": list(filing.attachments.all()),
    }


@login_required
def patent_review(request, pk):
    """Everything on one page, what is missing with a link to its step, and the submit button."""
    filing = get_patent_filing_for_owner(request.user, pk)
    if request.method == "POST":
        response, errors = submit_response(request, filing)
        if response:
            return response
        return render(
            request, "ip_filings/patent/review.html", _review_context(filing, errors), status=400
        )
    errors = filing.submission_errors() if filing.is_editable else {}
    return render(request, "ip_filings/patent/review.html", _review_context(filing, errors))


def _resume_url(filing):
    """Resume where the draft is first incomplete; the review page once nothing is missing."""
    incomplete = {FIELD_STEP.get(name, "request") for name in filing.submission_errors()}
    for slug in STEP_SLUGS:
        if slug in incomplete:
            return reverse("patents:patent_step", args=[filing.pk, slug])
    return reverse("patents:patent_review", args=[filing.pk])


@login_required
def patent_detail(request, pk):
    filing = get_patent_filing_for_owner(request.user, pk)
    mark_notifications_read(filing, actor=request.user)
    context = dossier_page_context(filing, request.user)
    context.update(
        resume_url=_resume_url(filing) if filing.is_editable else "",
        sections=filing.pdf_sections(),
        withdraw_url=reverse("patents:patent_transition", args=[filing.pk]),
        # Drawings are added in the wizard's step, where each one is checked as a drawing.
        attach_url="",
        message_url=reverse("patents:patent_message", args=[filing.pk]),
    )
    return render(request, "ip_filings/patent/detail.html", context)


@login_required
@require_POST
def patent_transition(request, pk):
    filing = get_patent_filing_for_owner(request.user, pk)
    action = request.POST.get("action", "")
    if action != DossierAction.WITHDRAW:
        messages.error(request, str(TransitionError()))
        return redirect(filing)
    return withdraw_response(request, filing)


@login_required
@require_POST
def patent_drawing_remove(request, pk, attachment_id):
    filing = get_patent_filing_for_owner(request.user, pk)
    try:
        removed = services.remove_drawing(filing, actor=request.user, attachment_id=attachment_id)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(filing)
    if not removed:
        raise Http404
    messages.success(request, _("Dessin retiré."))
    return redirect("patents:patent_step", filing.pk, "drawings")


@login_required
@require_POST
def patent_message(request, pk):
    return message_response(request, get_patent_filing_for_owner(request.user, pk))
