"""Reads for trainings: the public catalogue, one's own sign-ups, the back-office reports."""

from django.db.models import Avg, CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trainings import rules
from trainings.enums import SEAT_HOLDING, RegistrationStatus, SessionStatus
from trainings.models import Feedback, Registration, Training, TrainingSession


def _with_seats(queryset):
    taken = (
        Registration.objects.filter(session=OuterRef("pk"), status__in=SEAT_HOLDING)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # `seats_left` is the model's property, computed from this annotation: annotating it
    # too would make PostgreSQL run the subquery twice a row.
    return queryset.annotate(
        seats_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))
    )


# What a session card shows. Not the organising chamber: each joined table adds to
# PostgreSQL's planning time, which dominated the catalogue's query at 10,000 sessions
# (planning 7.7 ms with the six joins, 2.5 ms with these five; execution ≈ 1 ms).
CARD_RELATIONS = ("training", "venue", "city", "region", "caravan")


def session_cards():
    """Sessions shown to everybody, with what a card needs loaded in the same query."""
    return _with_seats(TrainingSession.objects.select_related(*CARD_RELATIONS))


def public_sessions():
    """Like `session_cards`, with the organising chamber the session page names."""
    return _with_seats(TrainingSession.objects.select_related(*CARD_RELATIONS, "chamber"))


def catalogue(
    *, region=None, city=None, theme="", audience="", language="", date_from=None, date_to=None
):
    """Upcoming scheduled sessions, soonest first, filtered as asked."""
    sessions = session_cards().filter(status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now())
    if region:
        sessions = sessions.filter(region=region)
    if city:
        sessions = sessions.filter(city=city)
    if theme:
        sessions = sessions.filter(training__theme=theme)
    if audience:
        sessions = sessions.filter(training__audience=audience)
    if language:
        sessions = sessions.filter(training__language=language)
    if date_from:
        sessions = sessions.filter(starts_at__date__gte=date_from)
    if date_to:
        sessions = sessions.filter(starts_at__date__lte=date_to)
    return sessions.order_by("starts_at", "pk")


def get_public_session(pk):
    return get_object_or_404(public_sessions(), pk=pk)


def registrations_of(user):
    return (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session__training", "session__venue", "session__city", "feedback")
        .order_by("-session__starts_at")
    )


def get_registration_for_user(user, pk):
    """The user's own registration; 404 for a missing one and for somebody else's alike."""
    return get_object_or_404(
        Registration.objects.select_related("session__training", "session__venue", "user"),
        pk=pk,
        user=user,
    )


def sessions_managed_by(user):
    if user.is_administrator:
        return TrainingSession.objects.all()
    return TrainingSession.objects.filter(chamber_id__in=rules.advisor_chamber_ids(user))


def registrations_managed_by(user):
    return Registration.objects.filter(session__in=sessions_managed_by(user))


def report_rows(user, *, by):
    """Sign-ups, attendance and satisfaction grouped by region, theme or month.

    Attendance rate = present / seats held, for sessions that already took place.
    """
    # The region's name in the reader's language (modeltranslation does not rewrite a path
    # through relations inside values()), French where it has none.
    language = (get_language() or "fr")[:2]
    region_name = Coalesce(
        NullIf(F(f"session__region__name_{language}"), Value("")),
        F("session__region__name_fr"),
        output_field=CharField(),
    )
    group = {
        "region": region_name,
        "theme": F("session__training__theme"),
        "month": TruncMonth("session__starts_at"),
    }[by]
    past = Q(session__starts_at__lt=timezone.now())
    rows = (
        registrations_managed_by(user)
        .annotate(key=group)
        .values("key")
        .annotate(
            signups=Count("pk", filter=~Q(status=RegistrationStatus.CANCELLED)),
            waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
            held=Count("pk", filter=past & Q(status__in=SEAT_HOLDING)),
            attended=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
            rating=Avg("feedback__rating"),
        )
        .order_by("key")
    )
    for row in rows:
        row["attendance_rate"] = round(100 * row["attended"] / row["held"]) if row["held"] else None
        yield row


def average_ratings(user, *, by):
    """Average rating and number of ratings per training or per venue (None: online)."""
    from chambers.models import Venue

    model, field = {
        "training": (Training, "registration__session__training"),
        "venue": (Venue, "registration__session__venue"),
    }[by]
    rows = list(
        Feedback.objects.filter(registration__in=registrations_managed_by(user))
        .values(field)
        .annotate(average=Avg("rating"), count=Count("pk"))
        .order_by(field)
    )
    names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[row[field] for row in rows])}
    return [
        {
            "name": names.get(row[field], _("En ligne")),
            "average": row["average"],
            "count": row["count"],
        }
        for row in rows
    ]
