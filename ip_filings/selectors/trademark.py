"""Reads for trademark filings and watches; one 404 for missing and forbidden."""

from django.db.models import Prefetch
from django.http import Http404

from carres import rules
from carres.prepared import PreparedQuery
from ip_filings.models import FilingClass, MarkWatch, TrademarkFiling, WatchHit


def _filings():
    return TrademarkFiling.objects.select_related("owner").prefetch_related(
        Prefetch(
            "filing_classes",
            queryset=FilingClass.objects.prefetch_related("nice_terms__nice_class"),
        )
    )


_OWN_FILING = PreparedQuery(
    lambda *, pk, owner_id: _filings().filter(pk=pk, owner_id=owner_id), pk=int, owner_id=int
)


def get_filing_for_owner(user, pk):
    """The user's own filing; 404 for missing and for someone else's alike."""
    found = _OWN_FILING(pk=pk, owner_id=user.pk)
    if not found:
        raise Http404
    return found[0]


def get_filing_for_viewer(user, pk):
    """For the owner or an examiner of the filing's office (the logo); else 404."""
    filing = TrademarkFiling.objects.filter(pk=pk).first()
    if filing is None or not rules.can_view_dossier(user, filing):
        raise Http404
    return filing


def watches_of(user):
    """The user's watches, each with its alerts: two queries whatever the count."""
    return list(
        MarkWatch.objects.filter(user=user).prefetch_related(
            Prefetch("hits", queryset=WatchHit.objects.order_by("-created_at"))
        )
    )


def get_watch_for_user(user, pk):
    watch = MarkWatch.objects.filter(pk=pk, user_id=user.pk).first()
    if watch is None:
        raise Http404
    return watch
