import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.enums import Office, Role
from carres.enums import DossierAction, DossierStatus, NotificationVerb
from carres.models import DossierEvent, Notification
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
    return make_user("c@inpi.fr", role=Role.EXAMINER, office=Office.INPI)


def submitted_patent(owner, **fields):
    filing = make_patent_filing(owner, **fields)
    transition(filing, DossierAction.SUBMIT, actor=owner)
    return filing


def test_queue_lists_every_kind_oldest_first_with_counts(staff_client, entrepreneur, ompic):
    patent = submitted_patent(entrepreneur)
    company = make_company_dossier(entrepreneur)
    transition(company, DossierAction.SUBMIT, actor=entrepreneur)
    make_patent_filing(entrepreneur)  # a draft: never in the queue

    response = staff_client(ompic).get("/fr/backoffice/")

    assert response.status_code == 200
    assert [d.reference for d in response.context["rows"]] == [patent.reference, company.reference]
    counts = {status: n for _label, status, n in response.context["counts"]}
    assert counts[DossierStatus.SUBMITTED] == 2


def test_queue_other_office_sees_nothing(staff_client, entrepreneur, inpi):
    submitted_patent(entrepreneur)

    response = staff_client(inpi).get("/fr/backoffice/")

    assert response.context["rows"] == []


def test_queue_entrepreneur_gets_404(client, entrepreneur):
    client.force_login(entrepreneur)

    assert client.get("/fr/backoffice/").status_code == 404


def test_examiner_of_other_office_gets_404_on_dossier(staff_client, entrepreneur, inpi):
    filing = submitted_patent(entrepreneur)

    client = staff_client(inpi)

    assert client.get(f"/fr/backoffice/PT/{filing.pk}/").status_code == 404
    assert client.post(f"/fr/backoffice/PT/{filing.pk}/claim/").status_code == 404


def test_patent_admin_other_office_gets_404(staff_client, entrepreneur, inpi):
    filing = submitted_patent(entrepreneur)

    response = staff_client(inpi).get(f"/fr/admin/ip_filings/patentfiling/{filing.pk}/change/")

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_queue_query_count(staff_client, entrepreneur, ompic, rows, django_assert_num_queries):
    for _ in range(rows):
        submitted_patent(entrepreneur)
    client = staff_client(ompic)

    # Constant in the number of rows; two queries per dossier kind (rows, status counts):
    # company, trademark and patent dossiers; one for the expected decision dates; then the
    # offices' target review times and the office's examiners (the bulk "assign" select);
    # the opinion requests waiting for the examiner's answer (the badge).
    with django_assert_num_queries(14):
        client.get("/fr/backoffice/")


def test_claim_then_colleague_cannot_claim_then_release(staff_client, entrepreneur, ompic, ompic2):
    filing = submitted_patent(entrepreneur)
    client = staff_client(ompic)

    client.post(f"/fr/backoffice/PT/{filing.pk}/claim/")
    filing.refresh_from_db()
    assert filing.assigned_examiner == ompic

    client.force_login(ompic2)
    TOTP.activate(ompic2, generate_totp_secret())
    client.post(f"/fr/backoffice/PT/{filing.pk}/claim/")
    filing.refresh_from_db()
    assert filing.assigned_examiner == ompic

    client.force_login(ompic)
    client.post(f"/fr/backoffice/PT/{filing.pk}/release/")
    filing.refresh_from_db()
    assert filing.assigned_examiner is None


def test_decision_request_changes_from_workspace(staff_client, entrepreneur, ompic):
    filing = submitted_patent(entrepreneur)
    client = staff_client(ompic)

    client.post(f"/fr/backoffice/PT/{filing.pk}/decide/", {"action": "take"})
    client.post(
        f"/fr/backoffice/PT/{filing.pk}/decide/",
        {"action": "request_changes", "comment": "Ajoutez un dessin."},
    )

    filing.refresh_from_db()
    assert filing.status == DossierStatus.CHANGES_REQUESTED


def test_ask_colleague_for_opinion_notifies_and_stays_internal(
    staff_client, entrepreneur, ompic, ompic2
):
    filing = submitted_patent(entrepreneur)
    client = staff_client(ompic)

    client.post(
        f"/fr/backoffice/PT/{filing.pk}/opinion/",
        {"colleague": ompic2.pk, "comment": "Nouveauté de la revendication 1 ?"},
    )

    event = DossierEvent.objects.get(action=DossierAction.OPINION)
    assert (event.internal, event.comment) == (True, "@Badr : Nouveauté de la revendication 1 ?")
    # ompic2 was also told of the submission (NEW_SUBMISSION, to every examiner of the office).
    notification = Notification.objects.get(
        recipient=ompic2, verb=NotificationVerb.OPINION_REQUESTED
    )
    assert notification.verb == NotificationVerb.OPINION_REQUESTED
    assert notification.dossier.url_for(ompic2) == f"/fr/backoffice/PT/{filing.pk}/"
    client.force_login(entrepreneur)
    page = client.get(f"/fr/patents/{filing.pk}/").content.decode()
    assert "Nouveauté de la revendication 1" not in page


def test_opinion_that_overflows_the_timeline_is_refused(staff_client, entrepreneur, ompic, ompic2):
    filing = submitted_patent(entrepreneur)

    response = staff_client(ompic).post(
        f"/fr/backoffice/PT/{filing.pk}/opinion/",
        {"colleague": ompic2.pk, "comment": "x" * 4_995},
        follow=True,
    )

    assert "au plus 5000 caractères" in response.content.decode()
    assert not DossierEvent.objects.filter(action=DossierAction.OPINION).exists()


def test_opinion_to_other_office_refused(staff_client, entrepreneur, ompic, inpi):
    filing = submitted_patent(entrepreneur)

    staff_client(ompic).post(
        f"/fr/backoffice/PT/{filing.pk}/opinion/", {"colleague": inpi.pk, "comment": "?"}
    )

    assert not DossierEvent.objects.filter(action=DossierAction.OPINION).exists()


def test_private_annotation(staff_client, entrepreneur, ompic):
    filing = submitted_patent(entrepreneur)

    staff_client(ompic).post(f"/fr/backoffice/PT/{filing.pk}/note/", {"comment": "À vérifier"})

    assert DossierEvent.objects.get(action=DossierAction.NOTE).internal is True


def test_csv_export(staff_client, entrepreneur, ompic):
    filing = submitted_patent(entrepreneur)

    response = staff_client(ompic).get("/fr/backoffice/?format=csv")

    lines = response.content.decode().splitlines()
    assert lines[0] == "Référence,Type,Titre,Statut,Office,Soumis le,Examinateur"
    assert lines[1].startswith(f"{filing.reference},demande de brevet,Capteur d'humidité")
    assert len(lines) == 2


def test_administrator_reassigns_from_workspace(staff_client, entrepreneur, make_user, inpi):
    admin = make_user("admin@carres.ma", role=Role.ADMINISTRATOR)
    filing = submitted_patent(entrepreneur)

    staff_client(admin).post(
        f"/fr/backoffice/PT/{filing.pk}/reassign/", {"office": "inpi", "reason": "Start-up"}
    )

    filing.refresh_from_db()
    assert filing.office == Office.INPI


def test_reassigning_with_a_reason_that_overflows_the_timeline_changes_nothing(
    staff_client, entrepreneur, make_user
):
    admin = make_user("admin@carres.ma", role=Role.ADMINISTRATOR)
    filing = submitted_patent(entrepreneur)

    response = staff_client(admin).post(
        f"/fr/backoffice/PT/{filing.pk}/reassign/",
        {"office": "inpi", "reason": "x" * 4_995},
        follow=True,
    )

    filing.refresh_from_db()
    assert filing.office == Office.OMPIC
    assert "au plus 5000 caractères" in response.content.decode()


def test_staff_without_totp_sent_to_setup(client, entrepreneur, ompic):
    client.force_login(ompic)

    response = client.get("/fr/backoffice/")

    assert response.status_code == 302
    assert "/totp/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_two_examiners_claiming_at_once_one_wins(entrepreneur, ompic, ompic2):
    import threading

    from django.db import connection

    from carres.workflow import TransitionError
    from carres.workspace import claim_dossier

    filing = submitted_patent(entrepreneur)
    barrier = threading.Barrier(2)
    outcomes = []

    def claim(user):
        barrier.wait()
        try:
            claim_dossier(type(filing).objects.get(pk=filing.pk), actor=user)
            outcomes.append(user.pk)
        except TransitionError:
            outcomes.append(None)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(u,)) for u in (ompic, ompic2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    filing.refresh_from_db()
    assert sorted(outcomes, key=str) == sorted([filing.assigned_examiner_id, None], key=str)


def test_csv_export_is_in_the_readers_language_with_day_first_dates(
    staff_client, entrepreneur, ompic
):
    import csv
    import io

    from django.utils import timezone

    filing = submitted_patent(entrepreneur)

    response = staff_client(ompic).get("/ar/backoffice/?format=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["المرجع", "النوع", "العنوان", "الحالة", "المكتب", "تاريخ التقديم", "فاحص"]
    submitted = timezone.localtime(filing.submitted_at).strftime("%d/%m/%Y %H:%M")
    assert (rows[1][0], rows[1][5]) == (filing.reference, submitted)
