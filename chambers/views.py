from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carres.public_cache import fragment, public_page
from chambers import rules, selectors, services
from chambers.enums import AppointmentStatus
from chambers.forms import (
    DirectorySearchForm,
    FeedbackForm,
    MessageForm,
    SlotsForm,
    SupportRequestForm,
)
from chambers.ics import appointment_calendar, appointment_filename
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
    appointments = list(
        support_request.appointments.exclude(status=AppointmentStatus.SUPERSEDED)
        .select_related("proposed_by")
        .order_by("starts_at")
    )
    now = timezone.now()
    for appointment in appointments:
        appointment.request = support_request
        appointment.can_answer = appointment.starts_at > now and rules.can_answer_appointment(
            user, appointment
        )
    return {
        "support_request": support_request,
        "events": support_request.events.select_related("actor"),
        "thread": support_request.messages.select_related("author"),
        "appointments": appointments,
        "accepted": next((a for a in appointments if a.status == AppointmentStatus.ACCEPTED), None),
        "slots_form": forms.get("slots_form") or SlotsForm(),
        "can_propose_slots": rules.can_propose_slots(user, support_request),
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


@login_required
@require_POST
def request_slots(request, pk):
    """The entrepreneur proposes one to three slots for a meeting."""
    support_request = selectors.get_request_for_entrepreneur(request.user, pk)
    form = SlotsForm(request.POST)
    if form.is_valid():
        try:
            done = form.save(support_request, actor=request.user)
        except PermissionDenied:
            done = None
            form.add_error(None, _("Cette demande est clôturée."))
        if done is not None:
            messages.success(request, _("Vos créneaux ont été transmis au conseiller."))
            return redirect(support_request)
    context = _detail_context(request.user, support_request, slots_form=form)
    return render(request, "chambers/request_detail.html", context, status=400)


def _answer_slot(request, pk, service, success):
    appointment = selectors.get_appointment_for_party(request.user, pk, entrepreneur_only=True)
    try:
        service(appointment, actor=request.user)
    except (PermissionDenied, ValidationError):
        messages.error(request, _("Ce créneau ne peut plus recevoir de réponse."))
    else:
        messages.success(request, success)
    return redirect(appointment.request)


@login_required
@require_POST
def appointment_accept(request, pk):
    """The entrepreneur accepts a slot the advisor proposed."""
    return _answer_slot(
        request,
        pk,
        services.accept_appointment,
        _("Rendez-vous confirmé : l'invitation vous est envoyée par e-mail."),
    )


@login_required
@require_POST
def appointment_decline(request, pk):
    """The entrepreneur declines a slot the advisor proposed."""
    return _answer_slot(
        request, pk, services.decline_appointment, _("Le conseiller est prévenu de votre refus.")
    )


@login_required
def appointment_ics(request, pk):
    """The accepted meeting as a calendar file, for its two parties only."""
    appointment = selectors.get_appointment_for_party(
        request.user, pk, status=AppointmentStatus.ACCEPTED
    )
    response = HttpResponse(
        appointment_calendar(appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{appointment_filename(appointment)}"'
    return response
