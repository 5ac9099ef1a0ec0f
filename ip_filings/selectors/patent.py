from django.http import Http404
from django.utils.translation import gettext as _

from accounts.enums import Office
from carres.prepared import PreparedQuery
from carres.routing import rule_for
from ip_filings.enums import ApplicantProfile
from ip_filings.models import PatentFiling

_OWN_FILING = PreparedQuery(
    lambda *, pk, owner_id: PatentFiling.objects.select_related("owner", "kind").filter(
        pk=pk, owner_id=owner_id
    ),
    pk=int,
    owner_id=int,
)


def get_patent_filing_for_owner(user, pk):
    """The user's own patent pre-filing; 404 for missing and for someone else's alike."""
    filing = _OWN_FILING.first(pk=pk, owner_id=user.pk)
    if filing is None:
        raise Http404
    return filing


def patent_routing(*, profile, programme=""):
    """{"office", "sentence", "reason"}: which office will examine a patent application from
    an applicant of `profile` (in `programme`), and why, in the user's words (carres.routing
    decides; this says it before the user submits)."""
    rule = rule_for(kind=PatentFiling.reference_prefix, profile=profile, programme=programme)
    office = rule.office if rule else Office.OMPIC
    if office == Office.INPI:
        sentence = _(
            "Votre demande sera examinée par l'INPI (Institut national de la propriété "
            "industrielle, France), partenaire du programme."
        )
    else:
        sentence = _(
            "Votre demande sera examinée par l'OMPIC (Office marocain de la propriété "
            "industrielle et commerciale)."
        )
    if rule is None:
        reason = _(
            "L'OMPIC examine les demandes de brevet qu'aucune règle particulière ne confie à "
            "un autre office."
        )
    elif rule.programme:
        reason = _(
            "Pourquoi : elle relève du programme d'accompagnement « %(programme)s », dont les "
            "demandes sont confiées à cet office."
        ) % {"programme": rule.programme}
    elif rule.applicant_profile in ApplicantProfile.values:
        reason = _(
            "Pourquoi : un déposant a le profil « %(profile)s », et les demandes de brevet de ce "
            "profil sont confiées à cet office."
        ) % {"profile": ApplicantProfile(rule.applicant_profile).label}
    else:
        reason = _("Pourquoi : les demandes de brevet sont confiées à cet office.")
    return {"office": office, "sentence": sentence, "reason": reason}


def filing_routing(filing):
    """`patent_routing` of the filing as it stands (its applicants' profiles, its programme)."""
    return patent_routing(profile=filing.applicant_profile, programme=filing.programme)
