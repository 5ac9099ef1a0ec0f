"""The trademark wizard: one step per page, a draft saved at every step, review and submit."""

import contextlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from carres import wizard
from carres.formatting import format_amount
from carres.workflow import TransitionError
from companies.selectors import companies_owned_by
from ip_filings.enums import ApplicantKind, MarkType
from ip_filings.forms.trademark import (
    APPLICANT_FIELDS,
    MARK_FIELDS,
    PRIORITY_FIELDS,
    ApplicantForm,
    ClassesForm,
    MarkForm,
    MarkWatchForm,
    PriorityForm,
)
from ip_filings.models import TrademarkFiling
from ip_filings.search import search_prior_marks
from ip_filings.selectors.nice import search_terms, suggest_classes
from ip_filings.selectors.trademark import (
    get_filing_for_owner,
    get_filing_for_viewer,
    get_watch_for_user,
    watches_of,
)
from ip_filings.services import trademark as services
from ip_filings.services.fees import NoTariff, estimate_fee


def _live_fee(classes, applicant_kind):
    try:
        return estimate_fee(classes, applicant_kind)
    except (NoTariff, ValueError):
        return None


def filing_fee(filing):
    """The kind's fee: the estimate for the filing's classes and applicant as they stand."""
    return _live_fee(filing.class_numbers, filing.applicant_kind)


def _data(form, fields):
    return {name: form.cleaned_data[name] for name in fields}


class MarkStep(wizard.Step):
    def save(self, page, form):
        filing = services.update_trademark_filing(
            page.dossier, actor=page.request.user, data=_data(form, MARK_FIELDS)
        )
        if form.cleaned_data.get("logo"):
            services.set_logo(filing, actor=page.request.user, upload=form.cleaned_data["logo"])
        return filing


class ClassesStep(wizard.Step):
    """Classes and terms, with a search in the Nice list and suggestions from a description."""

    def get_form(self, page, data=None, files=None, initial=None):
        if data is not None:
            return ClassesForm(data)
        rows = list(page.dossier.filing_classes.all())
        return ClassesForm(
            initial={
                "classes": ", ".join(str(row.number) for row in rows),
                "terms": "\n".join(f"{row.number} : {row.terms}" for row in rows if row.terms),
            }
        )

    def save(self, page, form):
        return services.set_filing_classes(
            page.dossier, actor=page.request.user, classes=form.classes_with_terms()
        )

    def saved(self, page, form, dossier):
        if "find" in page.request.POST:
            return redirect(page.url)
        return page.go_on(dossier)

    def context(self, page, form):
        request, filing = page.request, page.dossier
        chosen_rows = list(filing.filing_classes.all())
        if form.is_bound:
            picked_ids = {str(value) for value in request.POST.getlist("nice_terms")}
            classes_value = request.POST.get("classes", "")
        else:
            picked_ids = {str(t.pk) for row in chosen_rows for t in row.nice_terms.all()}
            classes_value = form.initial["classes"]
        query = request.GET.get("q", "")[:200]
        description = request.GET.get("description", "")[:2000]
        found = search_terms(query, limit=30) if query.strip() else []
        picked = [t for row in chosen_rows for t in row.nice_terms.all()]
        numbers = []
        with contextlib.suppress(ValueError, ValidationError):
            numbers = form.fields["classes"].to_python(classes_value)
        return {
            "query": query,
            "description": description,
            "found": found,
            "suggestions": suggest_classes(description) if description.strip() else [],
            "candidates": {str(term.pk): term for term in [*picked, *found]}.items(),
            "picked_ids": picked_ids,
            "fee": _live_fee(numbers, filing.applicant_kind),
        }


class SearchStep(wizard.Step):
    """The prior marks close to this one; the report can be attached to the dossier."""

    def get(self, page):
        filing = page.dossier
        text = filing.mark_text or filing.transliteration
        classes = filing.class_numbers
        return page.render(
            matches=(
                search_prior_marks(text, classes or None, limit=20, group_identical=True)
                if text
                else []
            ),
            searched_text=text,
            searched_classes=classes,
            watch_form=MarkWatchForm(
                initial={"text": text, "classes": ", ".join(map(str, classes)), "threshold": 70}
            ),
        )

    def post(self, page):
        if "attach" not in page.request.POST:
            return redirect(page.url_of(page.wizard.neighbour(self.slug, 1)))
        try:
            page.save(lambda: services.attach_prior_search(page.dossier, actor=page.request.user))
        except TransitionError as error:
            messages.error(page.request, str(error))
        else:
            messages.success(page.request, _("Le rapport de recherche est joint au dossier."))
        return redirect(page.url)


class FieldsStep(wizard.Step):
    """Plain fields of the filing (applicant, priority)."""

    def get_form(self, page, data=None, files=None, initial=None):
        return self.form_class(data, instance=page.dossier, initial=initial)

    def save(self, page, form):
        return services.update_trademark_filing(
            page.dossier, actor=page.request.user, data=_data(form, self.fields)
        )


class ApplicantStep(FieldsStep):
    """The applicant, prefilled on demand from one of the user's registered companies."""

    def get(self, page):
        return page.render(form=self.get_form(page, initial=self.company_initial(page)))

    def company_initial(self, page):
        # Another user's company id finds nothing in the user's own list.
        chosen = next(
            (c for c in self.companies(page) if str(c.pk) == page.request.GET.get("company")),
            None,
        )
        if chosen is None:
            return None
        address = ", ".join(
            part
            for part in (chosen.head_office_address, str(chosen.head_office_city or ""))
            if part
        )
        return {
            "applicant_kind": "sme",
            "applicant_name": chosen.name,
            "applicant_address": address,
        }

    def companies(self, page):
        if not hasattr(page, "companies"):
            page.companies = list(
                companies_owned_by(page.request.user).select_related("head_office_city")
            )
        return page.companies

    def context(self, page, form):
        filing = page.dossier
        return {
            "companies": self.companies(page),
            "fee": _live_fee(
                filing.class_numbers, form["applicant_kind"].value() or filing.applicant_kind
            ),
        }


class TrademarkWizard(wizard.Wizard):
    model = TrademarkFiling
    steps = (
        MarkStep("mark", gettext_lazy("La marque"), MarkForm, fields=["logo", *MARK_FIELDS]),
        ClassesStep("classes", gettext_lazy("Classes et produits"), fields=["classes", "terms"]),
        SearchStep("search", gettext_lazy("Recherche d'antériorités")),
        ApplicantStep(
            "applicant", gettext_lazy("Déposant"), ApplicantForm, fields=APPLICANT_FIELDS
        ),
        FieldsStep("priority", gettext_lazy("Priorité"), PriorityForm, fields=PRIORITY_FIELDS),
        wizard.ReviewStep("review", gettext_lazy("Vérification et envoi")),
    )
    context_name = "filing"
    urls = {
        "create": "ip_filings:trademark_create",
        "step": "ip_filings:trademark_step",
        "review": "ip_filings:trademark_review",
        "transition": "ip_filings:trademark_withdraw",
        "attach": "ip_filings:trademark_attach",
        "message": "ip_filings:trademark_message",
    }
    template = "ip_filings/trademark/step.html"
    review_template = "ip_filings/trademark/review.html"
    detail_template = "ip_filings/trademark/detail.html"
    message_on_save = False
    unknown_step_to_first = True

    def get_for_owner(self, user, pk):
        return get_filing_for_owner(user, pk)

    def error_row(self, row):
        return (row["slug"], str(row["label"]), str(row["message"]))

    def create_initial(self, request):
        """A link may name the mark (the diagnostic's answers): ?mark=&applicant_kind=&description=."""
        mark = request.GET.get("mark", "")[:500]
        return (
            {"mark_text": mark, "mark_type": MarkType.WORD} if mark.isprintable() and mark else None
        )

    def create(self, request, form):
        data = _data(form, MARK_FIELDS)
        # A hidden field copied from the link: anything else than a known kind is ignored.
        kind = request.POST.get("applicant_kind", "")
        if kind in ApplicantKind.values:
            data["applicant_kind"] = kind
        filing = services.create_trademark_filing(owner=request.user, data=data)
        if form.cleaned_data.get("logo"):
            services.set_logo(filing, actor=request.user, upload=form.cleaned_data["logo"])
        return filing

    def created_url(self, request, dossier):
        """The classes step, with the classes that the activity's description suggests."""
        url = super().created_url(request, dossier)
        description = request.POST.get("description", "")[:2000].strip()
        if description and description.isprintable():
            return f"{url}?{urlencode({'description': description})}"
        return url


WIZARD = TrademarkWizard()
trademark_create = login_required(WIZARD.create_view)
trademark_step = login_required(WIZARD.step_view)
trademark_review = login_required(WIZARD.review_view)


trademark_detail = login_required(WIZARD.detail_view)
trademark_withdraw = login_required(require_POST(WIZARD.transition_view))
trademark_attach = login_required(require_POST(WIZARD.attach_view))
trademark_message = login_required(require_POST(WIZARD.message_view))


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
    """The fee box alone, for htmx each time the classes or the ticked terms change (the
    page works without it): the classes typed and those of the ticked terms count."""
    form = ClassesForm(request.GET)
    numbers = set()
    with contextlib.suppress(ValidationError):
        numbers.update(form.fields["classes"].clean(request.GET.get("classes", "")))
    with contextlib.suppress(ValidationError):
        picked = form.fields["nice_terms"].clean(request.GET.getlist("nice_terms")[:200])
        numbers.update(term.nice_class.number for term in picked)
    fee = _live_fee(sorted(numbers), request.GET.get("applicant_kind") or "individual")
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
    form = MarkWatchForm(request.POST if request.method == "POST" else None, initial=initial)
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
