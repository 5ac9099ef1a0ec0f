from django.http import Http404

from ip_filings.models import PatentFiling


def get_patent_filing_for_owner(user, pk):
    """The user's own patent pre-filing; 404 for missing and for someone else's alike."""
    try:
        return PatentFiling.objects.select_related("owner", "kind").get(pk=pk, owner=user)
    except PatentFiling.DoesNotExist:
        raise Http404 from None
