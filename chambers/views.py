from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carres.public_cache import fragment, public_page
from chambers import rules, selectors
from chambers.forms import DirectorySearchForm, FeedbackForm, MessageForm, SupportRequestForm
from chambers.models import Feedback

SEARCH_FIELDS = ("q", "region", "topic")


@public_page("chambers")
def directory(request):
    # Only the fields the search reads: another query string (a campaign tag) is the same
    # page, and its parts come from the fragments already built.
    params = {name: request.GET.get(name, "") for name in SEARCH_FIELDS}
    number = request.GET.get("page", "")

    def build():
        data = {name: value for name, value in params.items() if name in request.GET}
        form = DirectorySearchForm(data or None)
        filters = {}
        if form.is_valid():
            filters = {
                "region": form.cleaned_data["region"],
                "topic": form.cleaned_data["topic"],
                "query": form.cleaned_data["q"].strip(),
            }
        page = Paginator(selectors.directory(**filters), 30).get_page(number)
        return (
            render_to_string("chambers/_directory_search.html", {"form": form}),
            render_to_string("chambers/_directory_list.html", {"page": page, "params": params}),
        )

    parts = (sorted(params.items()), number, sorted(set(params) & set(request.GET)))
    search_form, listing = fragment("directory", ("chambers",), parts, build)
    return render(
        request, "chambers/directory.html", {"search_form": search_form, "listing": listing}
    )


@login_required
def request_list(request):
    support_requests = selectors.requests_of_entrepreneur(request.user)
    return render(request, "chambers/request_list.html", {"support_requests": support_requests})


@login_required
def request_create(request):
    # ?topic= prefills the subject (links from the IP self-diagnostic's action plan).
    initial = {"topic": request.GET["topic"]} if "topic" in request.GET else {}
    form = SupportRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        support_request = form.save()
        if support_request is not None:
            messages.success(
                request,
                _("Votre demande a été transmise à %(chamber)s.")
                % {"chamber": support_request.chamber.name},
            )
            return redirect(support_request)
    return render(request, "chambers/request_form.html", {"form": form})


def _detail_context(user, support_request, **forms):
    return {
        "support_request": support_request,
        "events": support_request.events.select_related("actor"),
        "thread": support_request.messages.select_related("author"),
        "appointment": support_request.appointments.first(),
        "feedback": Feedback.objects.filter(request=support_request).first(),
        "message_form": forms.get("message_form") or MessageForm(),
        "feedback_form": forms.get("feedback_form") or FeedbackForm(),
        "can_rate": rules.can_rate_request(user, support_request),
    }


@login_required
def request_detail(request, pk):
    support_request = selectors.get_request_for_entrepreneur(request.user, pk)
    return render(
        request, "chambers/request_detail.html", _detail_context(request.user, support_request)
    )


@login_required
@require_POST
def request_message(request, pk):
    support_request = selectors.get_request_for_entrepreneur(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid() and form.save(support_request, actor=request.user) is not None:
        messages.success(request, _("Votre message a été envoyé."))
        return redirect(support_request)
    context = _detail_context(request.user, support_request, message_form=form)
    return render(request, "chambers/request_detail.html", context, status=400)


@login_required
@require_POST
def request_feedback(request, pk):
    support_request = selectors.get_request_for_entrepreneur(request.user, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid() and form.save(support_request, actor=request.user) is not None:
        messages.success(request, _("Merci pour votre avis."))
        return redirect(support_request)
    context = _detail_context(request.user, support_request, feedback_form=form)
    return render(request, "chambers/request_detail.html", context, status=400)
