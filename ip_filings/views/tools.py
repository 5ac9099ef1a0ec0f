from django.shortcuts import render

from carres.public_cache import public_page
from ip_filings.forms import ClassPickerForm, FeeEstimateForm, PriorMarkSearchForm
from ip_filings.models import NiceClass
from ip_filings.search import search_prior_marks
from ip_filings.selectors.nice import search_terms, suggest_classes
from ip_filings.services.fees import NoTariff, estimate_fee


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


@public_page("trademarks", headers=("HX-Request",))
def prior_mark_search(request):
    """Public: the register's marks similar to the one typed, with reasons (GET, no JS needed)."""
    form = PriorMarkSearchForm(request.GET or None)
    matches = None
    if form.is_valid():
        matches = search_prior_marks(
            form.cleaned_data["mark"],
            form.cleaned_data["classes"] or None,
            limit=20,
            group_identical=True,
        )
    template = "ip_filings/_search_results.html" if _is_htmx(request) else "ip_filings/search.html"
    return render(
        request, template, {"form": form, "matches": matches, "partial": _is_htmx(request)}
    )


def class_picker(request):
    """Public: find goods/services terms in one's language, or classes from a description."""
    form = ClassPickerForm(request.GET or None)
    terms = suggestions = None
    if form.is_valid():
        if form.cleaned_data["q"]:
            terms = search_terms(form.cleaned_data["q"], limit=30)
        if form.cleaned_data["description"]:
            suggestions = suggest_classes(form.cleaned_data["description"])
    return render(
        request,
        "ip_filings/classes.html",
        {
            "form": form,
            "terms": terms,
            "suggestions": suggestions,
            "nice_classes": NiceClass.objects.all(),
        },
    )


def fee_estimate(request):
    """Public: what a filing costs for the chosen classes and kind of applicant
    (`applicant=` is the short name of `applicant_kind=` in shared links)."""
    data = request.GET.copy()
    if "applicant" in data and "applicant_kind" not in data:
        data["applicant_kind"] = data["applicant"]
    form = FeeEstimateForm(data or None)
    estimate = None
    no_tariff = False
    if form.is_valid():
        try:
            estimate = estimate_fee(
                form.cleaned_data["classes"], form.cleaned_data["applicant_kind"]
            )
        except NoTariff:
            no_tariff = True
    return render(
        request,
        "ip_filings/fees.html",
        {"form": form, "estimate": estimate, "no_tariff": no_tariff},
    )
