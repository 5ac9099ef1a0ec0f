from django.http import Http404

from companies.models import CompanyDossier


def get_company_dossier_for_owner(user, pk):
    """The user's own dossier; 404 for missing and for someone else's alike."""
    try:
        return CompanyDossier.objects.select_related("owner").get(pk=pk, owner=user)
    except CompanyDossier.DoesNotExist:
        raise Http404 from None
