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


def sessions_with_counts(queryset):
    """Sessions with `seats_taken` and `waitlisted` (the back-office list's columns)."""
    waiting = (
        Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.WAITLISTED)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return _with_seats(queryset).annotate(
        waitlisted=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0))
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


class _References:
    """The small tables a session card names (trainings, venues, cities, regions, caravans),
    kept in this process while the public pages' `trainings` version stays the same.

    With them joined in, PostgreSQL spent 20 times longer planning the catalogue's query
    than running it (six tables: planning 6-20 ms, execution 0.6 ms at 10,000 sessions); the
    sessions alone plan in a fraction of a millisecond. A row missing here is read once, in
    one query per table, and kept; any change to these tables bumps the version (carres.
    public_cache_signals) and the next page starts afresh.
    """

    FIELDS = ("training", "venue", "city", "region", "caravan")

    def __init__(self):
        self.version = None
        self.rows = {}

    def attach(self, sessions):
        from carres.public_cache import versions

        version = versions("trainings")
        if version != self.version:
            self.rows = {name: {} for name in self.FIELDS}
            self.version = version
        rows = self.rows
        for name in self.FIELDS:
            field = TrainingSession._meta.get_field(name)
            known = rows[name]
            ids = {getattr(s, field.attname) for s in sessions} - {None} - known.keys()
            if ids:
                fresh = dict(known)  # replaced whole: other threads read the old dict meanwhile
                fresh.update(field.related_model.objects.in_bulk(ids))
                rows[name] = known = fresh
            for session in sessions:
                pk = getattr(session, field.attname)
                field.set_cached_value(session, known.get(pk) if pk is not None else None)
        return sessions


_references = _References()


def with_card_relations(sessions):
    """`sessions` (rows of `upcoming_sessions`) with what a card names attached, as
    `session_cards` would have joined it, and `tags`, the training's theme, audience and
    language in the active language: a list.

    The tags are looked up here, once per label: Model.get_FOO_display() rebuilds its
    dictionary of choices and translates its label anew on every call, six times a card.
    """
    sessions = _references.attach(list(sessions))
    from accounts.enums import Language
    from trainings.enums import Audience, Theme

    labels = {}
    for session in sessions:
        training = session.training
        key = (training.theme, training.audience, training.language)
        if key not in labels:
            labels[key] = " · ".join(
                str(dict(choices.choices).get(value, value))
                for choices, value in zip((Theme, Audience, Language), key, strict=True)
            )
        session.tags = labels[key]
    return sessions


def upcoming_sessions():
    """The sessions of `session_cards`, without the tables joined: see `with_card_relations`."""
    return _with_seats(TrainingSession.objects.all())


def catalogue(
    *, region=None, city=None, theme="", audience="", language="", date_from=None, date_to=None
):
    """Upcoming scheduled sessions, soonest first, filtered as asked; the cards' relations
    are not joined: pass a page of them to `with_card_relations`."""
    sessions = upcoming_sessions().filter(
        status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()
    )
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


def get_registration_for_certificate(user, pk):
    """A registration whose certificate `user` may download: their own, or one of a session
    they run (advisors of its chamber, administrators); 404 for anybody else and missing."""
    own = Q(user=user) if user.is_authenticated else Q(pk__in=[])
    return get_object_or_404(
        Registration.objects.select_related("session__training", "session__venue", "user"),
        own | Q(session__in=sessions_managed_by(user)),
        pk=pk,
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
