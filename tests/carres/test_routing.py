import pytest

from accounts.enums import Office, Role
from carres.enums import DossierAction
from carres.models import DossierEvent, RoutingRule
from carres.routing import reassign_office
from carres.workflow import ReasonRequired, TransitionError, transition
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db


def test_no_rule_routes_to_ompic(entrepreneur):
    filing = make_patent_filing(entrepreneur)

    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    filing.refresh_from_db()
    assert filing.office == Office.OMPIC


def test_first_matching_rule_routes_by_kind_and_profile(entrepreneur):
    RoutingRule.objects.create(order=1, dossier_kind="CO", office=Office.OMPIC)
    RoutingRule.objects.create(
        order=2, dossier_kind="PT", applicant_profile="startup", office=Office.INPI
    )
    RoutingRule.objects.create(order=3, dossier_kind="PT", office=Office.OMPIC)
    startup = make_patent_filing(entrepreneur, profile="startup")
    individual = make_patent_filing(entrepreneur)

    transition(startup, DossierAction.SUBMIT, actor=entrepreneur)
    transition(individual, DossierAction.SUBMIT, actor=entrepreneur)

    startup.refresh_from_db()
    individual.refresh_from_db()
    assert (startup.office, individual.office) == (Office.INPI, Office.OMPIC)


def test_rule_by_programme(entrepreneur):
    RoutingRule.objects.create(order=1, programme="caravane-inpi", office=Office.INPI)
    filing = make_patent_filing(entrepreneur, programme="caravane-inpi")

    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    filing.refresh_from_db()
    assert filing.office == Office.INPI


def test_inactive_rule_ignored(entrepreneur):
    RoutingRule.objects.create(order=1, office=Office.INPI, is_active=False)
    filing = make_patent_filing(entrepreneur)

    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    filing.refresh_from_db()
    assert filing.office == Office.OMPIC


def test_resubmission_keeps_the_office(entrepreneur, make_user):
    examiner = make_user("e@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    transition(filing, DossierAction.TAKE, actor=examiner)
    transition(filing, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Précisez.")
    RoutingRule.objects.create(order=1, office=Office.INPI)

    transition(filing, DossierAction.RESUBMIT, actor=entrepreneur)

    filing.refresh_from_db()
    assert filing.office == Office.OMPIC


def test_administrator_reassigns_with_reason_on_timeline(entrepreneur, make_user):
    admin = make_user("admin@carres.ma", role=Role.ADMINISTRATOR)
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    reassign_office(filing, actor=admin, office=Office.INPI, reason="Programme start-up INPI.")

    filing.refresh_from_db()
    event = DossierEvent.objects.filter(action=DossierAction.REASSIGN).get()
    assert filing.office == Office.INPI
    assert (event.comment, event.internal) == ("OMPIC → INPI : Programme start-up INPI.", False)


def test_reassign_refused_without_reason_or_by_examiner(entrepreneur, make_user):
    admin = make_user("admin@carres.ma", role=Role.ADMINISTRATOR)
    examiner = make_user("e@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    with pytest.raises(ReasonRequired):
        reassign_office(filing, actor=admin, office=Office.INPI, reason=" ")
    with pytest.raises(TransitionError):
        reassign_office(filing, actor=examiner, office=Office.INPI, reason="x")
    filing.refresh_from_db()
    assert filing.office == Office.OMPIC
