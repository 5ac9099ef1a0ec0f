from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carres.pdf import requested_language
from carres.public_cache import fragment, public_page
from carres.views import verify
from trainings import certificates, ics, selectors, services
from trainings.enums import RegistrationStatus, SessionStatus
from trainings.forms import CatalogueFilterForm, FeedbackForm
from trainings.models import Caravan, Registration, TrainingSession

PAGE_SIZE = 20


@public_page("trainings")
def catalogue(request):
    # Only the fields the filters read: another query string (a campaign tag) is the same
    # page, built around the fragment already kept (carres.public_cache.fragment).
    names = [*CatalogueFilterForm.base_fields, "page"]
    params = [(name, request.GET.getlist(name)) for name in names if name in request.GET]

    def build():
        data = QueryDict(mutable=True)
        for name, values in params:
            data.setlist(name, values)
        form = CatalogueFilterForm(data or None)
        sessions = selectors.catalogue(**form.filters()) if form.is_bound else selectors.catalogue()
        page = Paginator(sessions, PAGE_SIZE).get_page(data.get("page"))
        page.object_list = selectors.with_card_relations(page.object_list)
        data.pop("page", None)
        return render_to_string(
            "trainings/_catalogue.html",
            {"form": form, "page": page, "query": data.urlencode()},
        )

    content = fragment("catalogue", ("trainings",), params, build)
    return render(request, "trainings/catalogue.html", {"content": content})


def session_detail(request, pk):
    session = selectors.get_public_session(pk)
    registration = position = None
    if request.user.is_authenticated:
        registration = (
            Registration.objects.filter(session=session, user=request.user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if registration is not None:
            position = services.waitlist_position(registration)
    now = timezone.now()
    open_for_signup = (
        session.status == SessionStatus.SCHEDULED
        and session.starts_at > now
        and session.signup_deadline >= now
    )
    return render(
        request,
        "trainings/session_detail.html",
        {
            "session": session,
            "registration": registration,
            "position": position,
            "open_for_signup": open_for_signup,
        },
    )


def _calendar_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def session_ics(request, pk):
    session = selectors.get_public_session(pk)
    return _calendar_response(ics.session_calendar(session), f"session-{session.pk}.ics")


def region_ics(request, pk):
    from chambers.models import Region

    region = get_object_or_404(Region, pk=pk)
    sessions = (
        TrainingSession.objects.select_related("training", "venue", "city")
        .filter(region=region, starts_at__gte=timezone.now() - timezone.timedelta(days=30))
        .order_by("starts_at", "pk")
    )
    return _calendar_response(ics.region_calendar(region, sessions), f"formations-{region.pk}.ics")


@public_page("trainings")
def caravan_detail(request, pk):
    def build():
        caravan = get_object_or_404(Caravan, pk=pk)  # raised through: a 404 is not kept
        stops = selectors.with_card_relations(
            selectors.upcoming_sessions().filter(caravan=caravan).order_by("starts_at", "pk")
        )
        return caravan.name, render_to_string(
            "trainings/_caravan.html", {"caravan": caravan, "stops": stops}
        )

    name, content = fragment("caravan", ("trainings",), pk, build)
    return render(request, "trainings/caravan_detail.html", {"name": name, "content": content})


@login_required
@require_POST
def sign_up(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    try:
        registration = services.sign_up(session, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(
                request, _("Votre place est réservée. Un e-mail de confirmation suit.")
            )
        else:
            messages.warning(
                request,
                _("La session est complète : vous êtes sur la liste d'attente, en position %(n)s.")
                % {"n": services.waitlist_position(registration)},
            )
    return redirect(session)


@login_required
@require_POST
def cancel(request, pk):
    registration = selectors.get_registration_for_user(request.user, pk)
    try:
        services.cancel_registration(registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect(registration.session)


@login_required
def my_trainings(request):
    registrations = selectors.registrations_of(request.user)
    return render(request, "trainings/my_trainings.html", {"registrations": registrations})


@login_required
def certificate_download(request, pk):
    """The holder's certificate, in their language; `?lang=` another one. The holder and the
    staff who run the session (its chamber's advisors, administrators) may download it."""
    registration = selectors.get_registration_for_certificate(request.user, pk)
    if registration.status != RegistrationStatus.ATTENDED:
        raise Http404
    language = requested_language(request)
    pdf = certificates.render_certificate(registration, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{language}" if language else ""
    response["Content-Disposition"] = (
        f'attachment; filename="attestation-{registration.pk}{suffix}.pdf"'
    )
    return response


def certificate_verify(request, code):
    """The address a certificate's QR code holds: the public verification page, checked."""
    return verify(request, reference="", code=code)


@login_required
def feedback(request, pk):
    registration = selectors.get_registration_for_user(request.user, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(
                registration,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Merci pour votre avis."))
            return redirect("trainings:mine")
    return render(request, "trainings/feedback.html", {"form": form, "registration": registration})
