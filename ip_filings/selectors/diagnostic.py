"""The IP self-diagnostic: its questions, and the action plan the answers yield."""

from urllib.parse import urlencode

from django.urls import reverse

from ip_filings.enums import ApplicantKind, ApplicantProfile, RightKind
from ip_filings.models import DiagnosticQuestion, Recommendation
from ip_filings.selectors.patent import patent_routing


def questions():
    return list(DiagnosticQuestion.objects.prefetch_related("choices"))


# The trademark applicant kind of a diagnostic profile, where it is not in doubt (a
# "company" may or may not be an SME: the applicant step asks).
TRADEMARK_APPLICANT = {
    ApplicantProfile.INDIVIDUAL: ApplicantKind.INDIVIDUAL,
    ApplicantProfile.STARTUP: ApplicantKind.SME,
    ApplicantProfile.UNIVERSITY: ApplicantKind.UNIVERSITY,
}


def _link(url_name, query):
    query = {key: value for key, value in query.items() if value}
    return reverse(url_name) + ("?" + urlencode(query) if query else "")


def _start_url(recommendation, data, profile):
    """The dossier the recommendation starts, prefilled with the answers that fit it."""
    if recommendation.right == RightKind.PATENT:
        query = {"title": data.get("project", ""), "field": data.get("field", "")}
        if profile:
            query["profile"] = profile
        return reverse("patents:patent_create") + "?" + urlencode(query)
    if recommendation.right == RightKind.TRADEMARK:
        return _link(
            "ip_filings:trademark_create",
            {
                "mark": data.get("brand", ""),
                "applicant_kind": TRADEMARK_APPLICANT.get(profile, ""),
                "description": data.get("project", ""),
            },
        )
    if recommendation.right == RightKind.TRADE_NAME:
        return _link("companies:create", {"name": data.get("brand", "")})
    return ""


def action_plan(form):
    """The recommendations whose conditions the answers meet, first things first, with links."""
    picked = form.selected()
    profile_codes = {code for question, code in picked if question == "profile"}
    profile = next((code for code in profile_codes if code in ApplicantProfile.values), "")
    plan = []
    recommendations = Recommendation.objects.prefetch_related(
        "choices__question", "excluded_by__question"
    )
    for recommendation in recommendations:
        conditions = {(c.question.code, c.code) for c in recommendation.choices.all()}
        excluded = {(c.question.code, c.code) for c in recommendation.excluded_by.all()}
        if conditions and not (conditions & picked):
            continue
        if excluded & picked:
            continue
        # Who will examine a patent application depends on the profile: said when it is known.
        routing = (
            patent_routing(profile=profile)
            if profile and recommendation.right == RightKind.PATENT
            else None
        )
        plan.append(
            {
                "recommendation": recommendation,
                "routing": routing,
                "start_url": _start_url(recommendation, form.cleaned_data, profile),
                "training_url": (
                    reverse("trainings:catalogue")
                    + "?"
                    + urlencode({"theme": recommendation.training_theme})
                    if recommendation.training_theme
                    else ""
                ),
                "chamber_url": (
                    reverse("chambers:request_create")
                    + "?"
                    + urlencode({"topic": recommendation.chamber_topic})
                    if recommendation.chamber_topic
                    else ""
                ),
            }
        )
    return plan
