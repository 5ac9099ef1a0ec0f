"""The examiners' queue as the one place to work: search, sort, age and deadline, assign,
bulk actions, one "take" step, and where staff land after signing in (issue 19, point 1)."""

import datetime

import pytest
from django.utils import timezone

from accounts.enums import Office, Role
from carres.enums import DossierAction, DossierStatus
from carres.models import DossierEvent, OfficeReviewTarget
from carres.workflow import transition
from tests.factories.companies import make_company_dossier
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db


@pytest.fixture
def ompic(make_user):
    return make_user("a@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Amal")


@pytest.fixture
def ompic2(make_user):
    return make_user("b@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Badr")


@pytest.fixture
def inpi(make_user):
    return make_user("c@inpi.fr", role=Role.EXAMINER, office=Office.INPI, first_name="Claire")


def submitted_patent(owner, **fields):
    filing = make_patent_filing(owner, **fields)
    transition(filing, DossierAction.SUBMIT, actor=owner)
    return filing


def references(response):
    return [d.reference for d in response.context["rows"]]


def test_search_by_reference_applicant_company_and_title(staff_client, make_user, ompic):
    bahja = make_user("bahja@example.ma", first_name="Bahja", last_name="Alaoui")
    salma = make_user("salma@example.ma", first_name="Salma", last_name="Bennani")
    patent = submitted_patent(bahja, invention_title="Capteur solaire")
    company = make_company_dossier(salma, name_1="Atlas Argan Coop")
    transition(company, DossierAction.SUBMIT, actor=salma)
    client = staff_client(ompic)

    assert references(client.get("/fr/backoffice/", {"q": "Bahja"})) == [patent.reference]
    assert references(client.get("/fr/backoffice/", {"q": "bahja alaoui"})) == [patent.reference]
    assert references(client.get("/fr/backoffice/", {"q": "salma@example"})) == [company.reference]
    assert references(client.get("/fr/backoffice/", {"q": "argan"})) == [company.reference]
    assert references(client.get("/fr/backoffice/", {"q": "solaire"})) == [patent.reference]
    assert references(client.get("/fr/backoffice/", {"q": patent.reference})) == [patent.reference]
    assert references(client.get("/fr/backoffice/", {"q": "Bahja argan"})) == []
    page = client.get("/fr/backoffice/", {"q": "Bahja"}).content.decode()
    assert 'value="Bahja"' in page


def test_search_never_reaches_another_office(staff_client, entrepreneur, inpi):
    patent = submitted_patent(entrepreneur)

    response = staff_client(inpi).get("/fr/backoffice/", {"q": patent.reference})

    assert references(response) == []


def test_sort_by_age_deadline_kind_and_status(staff_client, entrepreneur, ompic):
    OfficeReviewTarget.objects.update_or_create(office=Office.OMPIC, defaults={"target_days": 10})
    old = submitted_patent(entrepreneur)
    company = make_company_dossier(entrepreneur)
    transition(company, DossierAction.SUBMIT, actor=entrepreneur)
    new = submitted_patent(entrepreneur)
    ago = timezone.now() - datetime.timedelta(days=12)
    type(old).objects.filter(pk=old.pk).update(first_submitted_at=ago, submitted_at=ago)
    transition(new, DossierAction.TAKE, actor=ompic)
    client = staff_client(ompic)

    assert references(client.get("/fr/backoffice/")) == [
        old.reference,
        company.reference,
        new.reference,
    ]
    recent = references(client.get("/fr/backoffice/", {"sort": "recent"}))
    assert recent == [new.reference, company.reference, old.reference]
    assert references(client.get("/fr/backoffice/", {"sort": "kind"}))[0] == company.reference
    by_status = references(client.get("/fr/backoffice/", {"sort": "status"}))
    assert by_status[-1] == new.reference  # in review after the submitted ones
    response = client.get("/fr/backoffice/", {"sort": "deadline"})
    assert references(response)[0] == old.reference
    late = response.context["rows"][0]
    assert (late.age_days, late.days_left, late.days_late) == (12, -2, 2)
    page = response.content.decode()
    assert "en retard de 2 jours" in page
    assert "encore 10 jours" in page


def test_target_review_time_is_data(staff_client, entrepreneur, ompic):
    assert OfficeReviewTarget.objects.get(office=Office.OMPIC).target_days == 30  # migration
    submitted_patent(entrepreneur)
    OfficeReviewTarget.objects.filter(office=Office.OMPIC).update(target_days=45)

    [row] = staff_client(ompic).get("/fr/backoffice/").context["rows"]

    assert row.days_left == 45


def test_resubmitted_dossier_keeps_its_place_and_is_marked(staff_client, entrepreneur, ompic):
    first = submitted_patent(entrepreneur)
    second = submitted_patent(entrepreneur)
    first_submitted = type(first).objects.get(pk=first.pk).first_submitted_at
    transition(first, DossierAction.TAKE, actor=ompic)
    transition(first, DossierAction.REQUEST_CHANGES, actor=ompic, comment="Un dessin.")
    transition(first, DossierAction.RESUBMIT, actor=entrepreneur)
    first.refresh_from_db()
    assert first.first_submitted_at == first_submitted < first.submitted_at

    response = staff_client(ompic).get("/fr/backoffice/")

    assert references(response) == [first.reference, second.reference]
    page = response.content.decode()
    assert page.count("data-resubmitted") == 1
    assert "re-déposé" in page


def test_one_take_step_claims_and_starts_the_review(staff_client, entrepreneur, ompic):
    filing = submitted_patent(entrepreneur)
    client = staff_client(ompic)
    page = client.get(f"/fr/backoffice/PT/{filing.pk}/").content.decode()
    assert page.count("Prendre en charge") == 1
    assert "Prendre ce dossier" not in page

    client.post(f"/fr/backoffice/PT/{filing.pk}/take/")

    filing.refresh_from_db()
    assert (filing.status, filing.assigned_examiner) == (DossierStatus.IN_REVIEW, ompic)
    page = client.get(f"/fr/backoffice/PT/{filing.pk}/").content.decode()
    assert "Prendre en charge" not in page
    assert "Accepter" in page


def test_take_refused_when_a_colleague_holds_it(staff_client, entrepreneur, ompic, ompic2):
    filing = submitted_patent(entrepreneur)
    staff_client(ompic).post(f"/fr/backoffice/PT/{filing.pk}/take/")

    staff_client(ompic2).post(f"/fr/backoffice/PT/{filing.pk}/take/")

    filing.refresh_from_db()
    assert filing.assigned_examiner == ompic


def test_assign_to_a_colleague_then_they_take_it(staff_client, entrepreneur, ompic, ompic2):
    filing = submitted_patent(entrepreneur)

    staff_client(ompic).post(f"/fr/backoffice/PT/{filing.pk}/assign/", {"examiner": ompic2.pk})

    filing.refresh_from_db()
    assert (filing.status, filing.assigned_examiner) == (DossierStatus.SUBMITTED, ompic2)
    event = DossierEvent.objects.get(action=DossierAction.ASSIGN)
    assert (event.internal, event.actor) == (True, ompic)
    staff_client(ompic2).post(f"/fr/backoffice/PT/{filing.pk}/take/")
    filing.refresh_from_db()
    assert (filing.status, filing.assigned_examiner) == (DossierStatus.IN_REVIEW, ompic2)


def test_assign_across_offices_refused(staff_client, entrepreneur, ompic, inpi):
    filing = submitted_patent(entrepreneur)

    staff_client(ompic).post(f"/fr/backoffice/PT/{filing.pk}/assign/", {"examiner": inpi.pk})
    filing.refresh_from_db()
    assert filing.assigned_examiner is None

    response = staff_client(inpi).post(
        f"/fr/backoffice/PT/{filing.pk}/assign/", {"examiner": inpi.pk}
    )
    assert response.status_code == 404
    filing.refresh_from_db()
    assert filing.assigned_examiner is None


def test_bulk_take_assign_and_request_changes(staff_client, entrepreneur, ompic, ompic2):
    one, two, three = (submitted_patent(entrepreneur) for _ in range(3))
    client = staff_client(ompic)

    response = client.post(
        "/fr/backoffice/bulk/",
        {"action": "take", "dossiers": [f"PT:{one.pk}", f"PT:{two.pk}"]},
        follow=True,
    )
    assert "2 dossiers traités" in response.content.decode()
    client.post(
        "/fr/backoffice/bulk/",
        {"action": "assign", "examiner": ompic2.pk, "dossiers": [f"PT:{three.pk}"]},
    )
    response = client.post(
        "/fr/backoffice/bulk/",
        {
            "action": "request_changes",
            "comment": "Joignez les dessins.",
            "dossiers": [f"PT:{one.pk}", f"PT:{two.pk}", f"PT:{three.pk}"],
        },
        follow=True,
    )

    for dossier in (one, two, three):
        dossier.refresh_from_db()
    assert [one.status, two.status] == [DossierStatus.CHANGES_REQUESTED] * 2
    assert (three.status, three.assigned_examiner) == (DossierStatus.SUBMITTED, ompic2)
    page = response.content.decode()
    assert "2 dossiers traités" in page
    assert "1 refusé" in page
    reasons = DossierEvent.objects.filter(action=DossierAction.REQUEST_CHANGES)
    assert set(reasons.values_list("comment", flat=True)) == {"Joignez les dessins."}


def test_bulk_request_changes_needs_a_reason(staff_client, entrepreneur, ompic):
    filing = submitted_patent(entrepreneur)

    staff_client(ompic).post(
        "/fr/backoffice/bulk/", {"action": "request_changes", "dossiers": [f"PT:{filing.pk}"]}
    )

    filing.refresh_from_db()
    assert (filing.status, filing.assigned_examiner) == (DossierStatus.SUBMITTED, None)


def test_bulk_from_another_office_changes_nothing(staff_client, client, entrepreneur, inpi):
    filing = submitted_patent(entrepreneur)

    response = staff_client(inpi).post(
        "/fr/backoffice/bulk/", {"action": "take", "dossiers": [f"PT:{filing.pk}"]}, follow=True
    )

    assert "1 refusé" in response.content.decode()
    filing.refresh_from_db()
    assert (filing.status, filing.assigned_examiner) == (DossierStatus.SUBMITTED, None)
    client.force_login(entrepreneur)
    assert client.post("/fr/backoffice/bulk/", {"action": "take"}).status_code == 404
    client.logout()
    anonymous = client.post("/fr/backoffice/bulk/", {"action": "take"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client.get("/fr/backoffice/bulk/").status_code in (302, 405)


@pytest.mark.parametrize(
    ("role", "office", "landing"),
    [
        (Role.EXAMINER, Office.OMPIC, "/fr/backoffice/"),
        (Role.ADVISOR, "", "/fr/admin/chambers/supportrequest/"),
        (Role.ENTREPRENEUR, "", None),
    ],
)
def test_staff_land_where_they_work(client, make_user, role, office, landing):
    from django.test import RequestFactory
    from django.utils import translation

    from accounts.adapter import AccountAdapter

    user = make_user("someone@example.ma", role=role, office=office)
    request = RequestFactory().get("/fr/accounts/login/")
    request.user = user
    with translation.override("fr"):
        url = AccountAdapter(request).get_login_redirect_url(request)
    if landing is None:
        assert "backoffice" not in url and "admin" not in url
    else:
        assert url == landing
