"""The IP self-diagnostic: its questions, and the action plan the answers yield."""

from urllib.parse import urlencode

from django.urls import reverse

from ip_filings.enums import ApplicantProfile, RightKind
from ip_filings.models import DiagnosticQuestion, Recommendation


def questions():
    return list(DiagnosticQuestion.objects.prefetch_related("choices"))


def _start_url(recommendation, data, profile):
    if recommendation.right == RightKind.PATENT:
        query = {"title": data.get("project", ""), "field": data.get("field", "")}
        if profile:
            query["profile"] = profile
        return reverse("patents:patent_create") + "?" + urlencode(query)
    if recommendation.right == RightKind.TRADEMARK:
        return reverse("ip_filings:trademark_create")
    if recommendation.right == RightKind.TRADE_NAME:
        return reverse("companies:create")
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
        plan.append(
            {
                "recommendation": recommendation,
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
