"""Reads: who sees which requests, routing, the public directory, the overdue queue."""

import datetime

from django.db.models import Avg, Count, Q
from django.http import Http404

from chambers.enums import ChamberKind, RequestStatus
from chambers.models import Advisor, Appointment, Chamber, RoutingRule, SupportRequest
from chambers.rules import membership


def requests_of_entrepreneur(user):
    return SupportRequest.objects.filter(entrepreneur=user).select_related(
        "chamber", "region", "relay"
    )


def get_request_for_entrepreneur(user, pk):
    """The entrepreneur's own request; 404 for a missing one and for somebody else's."""
    try:
        return requests_of_entrepreneur(user).get(pk=pk)
    except (SupportRequest.DoesNotExist, ValueError):
        raise Http404 from None


def requests_visible_to(user):
    """The back-office queue: administrators see all, a chamber manager the chamber's
    requests, an advisor the chamber's unassigned requests and their own; others nothing."""
    queryset = SupportRequest.objects.select_related(
        "chamber", "region", "assignee", "entrepreneur"
    )
    if user.is_administrator:
        return queryset
    member = membership(user)
    if member is None:
        return queryset.none()
    queryset = queryset.filter(chamber_id=member.chamber_id)
    if member.is_manager:
        return queryset
    return queryset.filter(Q(assignee__isnull=True) | Q(assignee=user))


def get_request_for_user(user, pk):
    """A request from the back-office queue; 404 for a missing one and for a forbidden one."""
    try:
        return requests_visible_to(user).get(pk=pk)
    except (SupportRequest.DoesNotExist, ValueError):
        raise Http404 from None


def route_chamber(region, topic):
    """The chamber a request goes to: the administrators' rule for (region, topic), else the
    region's CCIS, else any active chamber that serves the region."""
    rule = (
        RoutingRule.objects.filter(region=region, topic=topic, chamber__is_active=True)
        .select_related("chamber")
        .first()
    )
    if rule is not None:
        return rule.chamber
    active = Chamber.objects.filter(is_active=True)
    return (
        active.filter(kind=ChamberKind.CCIS, region=region).order_by("pk").first()
        or active.filter(regions_served=region).order_by("kind", "pk").first()
    )


def route_relay(region, topic):
    """The active relay partner the administrators' rule for (region, topic) names, if any."""
    rule = (
        RoutingRule.objects.filter(
            region=region, topic=topic, relay__is_active=True, relay__is_relay=True
        )
        .select_related("relay")
        .first()
    )
    return rule.relay if rule else None


def chambers_serving(region):
    return Chamber.objects.filter(is_active=True, regions_served=region).order_by("kind", "pk")


def directory(*, region=None, topic=None, query=""):
    """The public list of active chambers, with the regions they serve."""
    chambers = (
        Chamber.objects.filter(is_active=True)
        .select_related("region", "city")
        .prefetch_related("regions_served")
        .order_by("kind", "region__code", "name")
    )
    if region is not None:
        # Through the many-to-many table, without the join (and the DISTINCT it needs):
        # a DISTINCT over every column of the chamber, its region and its city was most of
        # the page's two queries (the count and the rows).
        served = Chamber.regions_served.through.objects.filter(region=region)
        chambers = chambers.filter(pk__in=served.values("chamber_id"))
    if topic:
        chambers = chambers.filter(topics__contains=[topic])
    if query:
        chambers = chambers.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(city__name__icontains=query)
        )
    return chambers


def chambers_with_ratings():
    return Chamber.objects.annotate(
        rating_average=Avg("feedbacks__rating"), rating_count=Count("feedbacks")
    )


def overdue_requests(today: datetime.date):
    """Open requests with no first answer whose due day is past."""
    return SupportRequest.objects.filter(
        status__in=[RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS],
        first_answered_at__isnull=True,
        first_answer_due__lt=today,
    ).select_related("chamber", "assignee")


def chamber_managers(chamber):
    return [
        advisor.user
        for advisor in Advisor.objects.filter(
            chamber=chamber, is_manager=True, is_active=True, user__is_active=True
        ).select_related("user")
    ]


def get_appointment_for_party(user, pk, *, status=None, entrepreneur_only=False):
    """A meeting of a request `user` is a party to (its entrepreneur or its advisor in charge,
    or only its entrepreneur); 404 for a missing one, somebody else's, and one not in `status`
    when given."""
    parties = Q(request__entrepreneur_id=user.pk)
    if not entrepreneur_only:
        parties |= Q(request__assignee_id=user.pk)
    queryset = Appointment.objects.select_related(
        "request__entrepreneur", "request__assignee", "request__chamber", "proposed_by"
    ).filter(parties)
    if status is not None:
        queryset = queryset.filter(status=status)
    try:
        return queryset.get(pk=pk)
    except (Appointment.DoesNotExist, ValueError):
        raise Http404 from None
