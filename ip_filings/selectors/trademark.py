"""Reads for trademark filings and watches; one 404 for missing and forbidden."""

from django.db.models import Prefetch
from django.http import Http404
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as lang

from carres import rules
from carres.prepared import PreparedQuery, fill_prefetched, prefetch
from ip_filings.models import FilingClass, MarkWatch, TrademarkFiling, WatchHit

_OWN_FILING = PreparedQuery(
    lambda *, pk, owner_id: TrademarkFiling.objects.select_related("owner").filter(
        pk=pk, owner_id=owner_id
    ),
    pk=int,
    owner_id=int,
)
_CLASS_TERMS = PreparedQuery(  # in NiceTerm's order, in the reader's language
    lambda *, filing_id: (
        FilingClass.nice_terms.through.objects.filter(filingclass__filing_id=filing_id)
        .select_related("niceterm__nice_class")
        .order_by(
            "niceterm__nice_class__number", f"niceterm__{build_localized_fieldname('term', lang())}"
        )
    ),
    filing_id=int,
)


def get_filing_for_owner(user, pk):
    """The user's own filing, with its classes and their Nice terms (as
    `prefetch_related("filing_classes__nice_terms__nice_class")` would read them, in three
    prepared queries); 404 for missing and for someone else's alike."""
    filing = _OWN_FILING.first(pk=pk, owner_id=user.pk)
    if filing is None:
        raise Http404
    prefetch(filing, "filing_classes")
    chosen = {}
    for link in _CLASS_TERMS(filing_id=filing.pk):
        chosen.setdefault(link.filingclass_id, []).append(link.niceterm)
    for row in filing.filing_classes.all():
        fill_prefetched(row, "nice_terms", chosen.get(row.pk, []))
    return filing


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
