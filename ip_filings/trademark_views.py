"""The trademark wizard: one step per page, a draft saved at every step, review and submit."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from carres import wizard
from carres.formatting import format_amount
from carres.owner_actions import (
    attach_response,
    message_response,
    submit_response,
    withdraw_response,
)
from carres.selectors import dossier_page_context
from carres.services import mark_notifications_read
from carres.workflow import TransitionError
from companies.selectors import companies_owned_by
from ip_filings import trademark_services as services
from ip_filings.fees import NoTariff, estimate_fee
from ip_filings.nice import search_terms, suggest_classes
from ip_filings.search import search_prior_marks
from ip_filings.trademark_forms import (
    APPLICANT_FIELDS,
    MARK_FIELDS,
    PRIORITY_FIELDS,
    ApplicantForm,
    ClassesForm,
    MarkForm,
    MarkWatchForm,
    PriorityForm,
)
from ip_filings.trademark_selectors import (
    get_filing_for_owner,
    get_filing_for_viewer,
    get_watch_for_user,
    watches_of,
)

STEPS = [
    ("mark", gettext_lazy("La marque")),
    ("classes", gettext_lazy("Classes et produits")),
    ("search", gettext_lazy("Recherche d'antériorités")),
    ("applicant", gettext_lazy("Déposant")),
    ("priority", gettext_lazy("Priorité")),
    ("review", gettext_lazy("Vérification et envoi")),
]
STEP_SLUGS = [slug for slug, _label in STEPS]
# Which step holds each field that submission_errors() may name.
FIELD_STEP = {
    "mark_text": "mark",
    "logo": "mark",
    "classes": "classes",
    "terms": "classes",
    **dict.fromkeys(APPLICANT_FIELDS, "applicant"),
    **dict.fromkeys(PRIORITY_FIELDS, "priority"),
}
TEMPLATE = "ip_filings/trademark/step.html"


def _step_url(filing, slug):
    if slug == "review":
        return reverse("ip_filings:trademark_review", kwargs={"pk": filing.pk})
    return reverse("ip_filings:trademark_step", kwargs={"pk": filing.pk, "step": slug})


def _next_url(filing, slug):
    return _step_url(filing, STEP_SLUGS[STEP_SLUGS.index(slug) + 1])


def _wizard_context(filing, current, **extra):
    index = STEP_SLUGS.index(current)
    fee = extra.get("fee")
    if fee is not None:
        extra["fee_total"] = format_amount(fee.total, fee.currency)
    return {
        "filing": filing,
        "progress": wizard.progress(
            STEPS, current, url_for=lambda slug: _step_url(filing, slug) if filing else ""
        ),
        "step": current,
        "step_label": STEPS[index][1],
        "previous_url": _step_url(filing, STEP_SLUGS[index - 1]) if filing and index else None,
        **extra,
    }


def _bound(request):
    """(data, files) of a POST, even an empty one; () for a GET."""
    return (request.POST, request.FILES) if request.method == "POST" else ()


def _live_fee(classes, applicant_kind):
    try:
        return estimate_fee(classes, applicant_kind)
    except (NoTariff, ValueError):
        return None


def _editable_or_redirect(request, filing):
    if filing.is_editable:
        return None
    messages.error(request, _("Ce dossier ne peut plus être modifié."))
    return redirect(filing)


@login_required
def trademark_create(request):
    """Step 1 for a new dossier: the draft is created when this step is saved."""
    form = MarkForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MARK_FIELDS}
        filing = services.create_trademark_filing(owner=request.user, data=data)
        if form.cleaned_data.get("logo"):
            services.set_logo(filing, actor=request.user, upload=form.cleaned_data["logo"])
        messages.success(request, _("Brouillon enregistré."))
        return redirect(_next_url(filing, "mark"))
    return render(request, TEMPLATE, _wizard_context(None, "mark", form=form))


@login_required
def trademark_step(request, pk, step):
    filing = get_filing_for_owner(request.user, pk)
    if step not in STEP_SLUGS or step == "review":
        return redirect(_step_url(filing, "mark"))
    refused = _editable_or_redirect(request, filing)
    if refused:
        return refused
    return STEP_VIEWS[step](request, filing)


def _mark_step(request, filing):
    form = MarkForm(*_bound(request), instance=filing)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.update_trademark_filing(
                filing,
                actor=request.user,
                data={name: form.cleaned_data[name] for name in MARK_FIELDS},
            )
            if form.cleaned_data.get("logo"):
                services.set_logo(filing, actor=request.user, upload=form.cleaned_data["logo"])
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_next_url(filing, "mark"))
    return render(request, TEMPLATE, _wizard_context(filing, "mark", form=form))


def _classes_step(request, filing):
    chosen_rows = list(filing.filing_classes.all())
    if request.method == "POST":
        form = ClassesForm(request.POST)
        if form.is_valid():
            try:
                services.set_filing_classes(
                    filing, actor=request.user, classes=form.classes_with_terms()
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                if "find" in request.POST:
                    return redirect(_step_url(filing, "classes"))
                return redirect(_next_url(filing, "classes"))
        picked_ids = {str(value) for value in request.POST.getlist("nice_terms")}
        classes_value = request.POST.get("classes", "")
    else:
        form = ClassesForm(
            initial={
                "classes": ", ".join(str(row.number) for row in chosen_rows),
                "terms": "\n".join(
                    f"{row.number} : {row.terms}" for row in chosen_rows if row.terms
                ),
            }
        )
        picked_ids = {str(t.pk) for row in chosen_rows for t in row.nice_terms.all()}
        classes_value = form.initial["classes"]
    query = request.GET.get("q", "")[:200]
    description = request.GET.get("description", "")[:2000]
    found = search_terms(query, limit=30) if query.strip() else []
    suggestions = suggest_classes(description) if description.strip() else []
    picked = [t for row in chosen_rows for t in row.nice_terms.all()]
    candidates = {str(term.pk): term for term in [*picked, *found]}
    numbers = []
    with contextlib.suppress(ValueError, ValidationError):
        numbers = form.fields["classes"].to_python(classes_value)
    return render(
        request,
        TEMPLATE,
        _wizard_context(
            filing,
            "classes",
            form=form,
            query=query,
            description=description,
            found=found,
            suggestions=suggestions,
            candidates=candidates.items(),
            picked_ids=picked_ids,
            fee=_live_fee(numbers, filing.applicant_kind),
        ),
    )


def _search_step(request, filing):
    text = filing.mark_text or filing.transliteration
    classes = filing.class_numbers
    if request.method == "POST":
        if "attach" in request.POST:
            try:
                services.attach_prior_search(filing, actor=request.user)
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Le rapport de recherche est joint au dossier."))
            return redirect(_step_url(filing, "search"))
        return redirect(_next_url(filing, "search"))
    matches = search_prior_marks(text, classes or None, limit=20) if text else []
    return render(
        request,
        TEMPLATE,
        _wizard_context(
            filing,
            "search",
            matches=matches,
            searched_text=text,
            searched_classes=classes,
            watch_form=MarkWatchForm(
                initial={"text": text, "classes": ", ".join(map(str, classes)), "threshold": 70}
            ),
        ),
    )


def _fields_step(form_class, fields, slug):
    def view(request, filing):
        form = form_class(*_bound(request)[:1], instance=filing)
        if request.method == "POST" and form.is_valid():
            try:
                filing_saved = services.update_trademark_filing(
                    filing,
                    actor=request.user,
                    data={name: form.cleaned_data[name] for name in fields},
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                return redirect(_next_url(filing_saved, slug))
        extra = {}
        if slug == "applicant":
            extra["companies"] = list(
                companies_owned_by(request.user).select_related("head_office_city")
            )
            chosen = next(
                (c for c in extra["companies"] if str(c.pk) == request.GET.get("company")), None
            )
            if chosen is not None and request.method == "GET":
                # Prefill from one of the user's registered companies (not saved yet);
                # another user's company id finds nothing in their own list.
                address = ", ".join(
                    part
                    for part in (chosen.head_office_address, str(chosen.head_office_city or ""))
                    if part
                )
                form = form_class(
                    instance=filing,
                    initial={
                        "applicant_kind": "sme",
                        "applicant_name": chosen.name,
                        "applicant_address": address,
                    },
                )
            extra["fee"] = _live_fee(
                filing.class_numbers, form["applicant_kind"].value() or filing.applicant_kind
            )
        return render(request, TEMPLATE, _wizard_context(filing, slug, form=form, **extra))

    return view


STEP_VIEWS = {
    "mark": _mark_step,
    "classes": _classes_step,
    "search": _search_step,
    "applicant": _fields_step(ApplicantForm, APPLICANT_FIELDS, "applicant"),
    "priority": _fields_step(PriorityForm, PRIORITY_FIELDS, "priority"),
}


def _review_errors(errors):
    """[(step slug, step label, message)] for the review page."""
    labels = dict(STEPS)
    rows = []
    for field, field_messages in errors.items():
        slug = FIELD_STEP.get(field, "mark")
        rows.extend((slug, str(labels[slug]), str(message)) for message in field_messages)
    return rows


@login_required
def trademark_review(request, pk):
    filing = get_filing_for_owner(request.user, pk)
    refused = _editable_or_redirect(request, filing)
    if refused:
        return refused
    errors = filing.submission_errors()
    if request.method == "POST":
        response, errors = submit_response(request, filing)
        if response:
            return response
    return render(
        request,
        "ip_filings/trademark/review.html",
        _wizard_context(
            filing,
            "review",
            errors=_review_errors(errors),
            sections=filing.pdf_sections(),
            fee=_live_fee(filing.class_numbers, filing.applicant_kind),
        ),
    )


@login_required
def trademark_detail(request, pk):
    filing = get_filing_for_owner(request.user, pk)
    mark_notifications_read(filing, actor=request.user)
    context = dossier_page_context(filing, request.user)
    resume = next((FIELD_STEP.get(field, "mark") for field in filing.submission_errors()), "review")
    context.update(
        {
            "filing": filing,
            "resume_url": _step_url(filing, resume),
            "sections": filing.pdf_sections(),
            "withdraw_url": reverse("ip_filings:trademark_withdraw", args=[filing.pk]),
            "attach_url": reverse("ip_filings:trademark_attach", args=[filing.pk]),
            "message_url": reverse("ip_filings:trademark_message", args=[filing.pk]),
        }
    )
    return render(request, "ip_filings/trademark/detail.html", context)


@login_required
@require_POST
def trademark_withdraw(request, pk):
    return withdraw_response(request, get_filing_for_owner(request.user, pk))


@login_required
@require_POST
def trademark_attach(request, pk):
    return attach_response(request, get_filing_for_owner(request.user, pk))


@login_required
@require_POST
def trademark_message(request, pk):
    return message_response(request, get_filing_for_owner(request.user, pk))


@login_required
def trademark_logo(request, pk):
    """The logo, for its owner or an examiner of the office; never executed (PNG/JPEG only)."""
    filing = get_filing_for_viewer(request.user, pk)
    if not filing.logo:
        from django.http import Http404

        raise Http404
    response = FileResponse(filing.logo.open("rb"), content_type=filing.logo_mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def trademark_fee(request):
    """The fee box alone, for htmx as classes are typed (the page works without it)."""
    form = ClassesForm(request.GET)
    numbers = []
    with contextlib.suppress(ValidationError):
        numbers = form.fields["classes"].clean(request.GET.get("classes", ""))
    fee = _live_fee(numbers, request.GET.get("applicant_kind") or "individual")
    context = {"fee": fee}
    if fee is not None:
        context["fee_total"] = format_amount(fee.total, fee.currency)
    return render(request, "ip_filings/trademark/_fee.html", context)


@login_required
def trademark_watches(request):
    initial = {
        "text": request.GET.get("text", "")[:200],
        "classes": request.GET.get("classes", "")[:200],
        "threshold": 70,
    }
    form = MarkWatchForm(*_bound(request)[:1], initial=initial)
    if request.method == "POST" and form.is_valid():
        services.create_mark_watch(
            user=request.user,
            text=form.cleaned_data["text"],
            classes=form.cleaned_data["classes"],
            threshold=form.cleaned_data["threshold"] / 100,
        )
        messages.success(request, _("Surveillance enregistrée."))
        return redirect("ip_filings:trademark_watches")
    return render(
        request,
        "ip_filings/trademark/watches.html",
        {"form": form, "watches": watches_of(request.user)},
    )


@login_required
@require_POST
def trademark_watch_delete(request, pk):
    watch = get_watch_for_user(request.user, pk)
    services.delete_mark_watch(watch, actor=request.user)
    messages.success(request, _("Surveillance supprimée."))
    return redirect("ip_filings:trademark_watches")
