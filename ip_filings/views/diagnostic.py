from django.shortcuts import render

from ip_filings.forms.diagnostic import DiagnosticForm
from ip_filings.selectors.diagnostic import action_plan, questions


def diagnostic(request):
    """A GET form: answering shows the action plan under the questions (nothing is stored)."""
    answered = "answered" in request.GET
    form = DiagnosticForm(request.GET if answered else None, questions=questions())
    plan = action_plan(form) if answered and form.is_valid() else None
    return render(request, "ip_filings/patent/diagnostic.html", {"form": form, "plan": plan})
