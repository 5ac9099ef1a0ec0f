"""A colleague's opinion, end to end: asked, seen waiting, answered, told, never shown to the owner."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from pypdf import PdfReader

from accounts.enums import Office, Role
from carres.enums import DossierAction, NotificationVerb
from carres.models import DossierEvent, Notification, OpinionRequest
from carres.pdf import render_dossier_pdf_bytes
from carres.workflow import transition
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db

QUESTION = "Nouveauté de la revendication 1 ?"
ANSWER = "Antériorité Zanzibar, voir brevet FR123."


@pytest.fixture
def ompic(make_user):
    return make_user("a@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Amal")


@pytest.fixture
def ompic2(make_user):
    return make_user("b@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Badr")


@pytest.fixture
def ompic3(make_user):
    return make_user("d@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Dounia")


@pytest.fixture
def asked(staff_client, entrepreneur, ompic, ompic2):
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    staff_client(ompic).post(
        f"/fr/backoffice/PT/{filing.pk}/opinion/", {"colleague": ompic2.pk, "comment": QUESTION}
    )
    return filing, OpinionRequest.objects.get()


def _login(client, user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


def test_asked_colleague_sees_the_request_in_queue_list_and_dossier(client, asked, ompic2):
    filing, opinion = asked
    _login(client, ompic2)

    queue = client.get("/fr/backoffice/").content.decode()
    listing = client.get("/fr/backoffice/opinions/").content.decode()
    page = client.get(f"/fr/backoffice/PT/{filing.pk}/").content.decode()

    assert 'data-pending-opinions="1"' in queue
    assert "1 demande d'avis attend votre réponse" in queue
    assert filing.reference in listing and QUESTION in listing
    assert f'data-opinion="{opinion.pk}"' in page
    assert f"/fr/backoffice/opinions/{opinion.pk}/answer/" in page


def test_asker_sees_the_request_waiting_without_an_answer_form(client, asked, ompic):
    filing, opinion = asked
    _login(client, ompic)

    page = client.get(f"/fr/backoffice/PT/{filing.pk}/").content.decode()

    assert "data-opinions-waiting" in page
    assert f"/opinions/{opinion.pk}/answer/" not in page
    assert 'data-pending-opinions="' not in client.get("/fr/backoffice/").content.decode()


def test_answer_goes_to_timeline_and_notifies_asker_in_app_and_by_mail(
    client, asked, ompic, ompic2, eager_celery, django_capture_on_commit_callbacks
):
    filing, opinion = asked
    _login(client, ompic2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/backoffice/opinions/{opinion.pk}/answer/", {"answer": ANSWER})

    assert response.status_code == 302
    assert response["Location"] == f"/fr/backoffice/PT/{filing.pk}/"
    opinion.refresh_from_db()
    assert (opinion.answer, opinion.pending) == (ANSWER, False)
    event = DossierEvent.objects.get(action=DossierAction.OPINION_ANSWER)
    assert (event.internal, event.actor, event.comment) == (True, ompic2, f"@Amal : {ANSWER}")
    notification = Notification.objects.get(verb=NotificationVerb.OPINION_ANSWERED)
    assert notification.recipient == ompic
    assert [m.to for m in mail.outbox] == [["a@ompic.ma"]]
    assert "Un collègue a répondu à votre demande d'avis" in mail.outbox[0].subject
    _login(client, ompic)
    page = client.get(f"/fr/backoffice/PT/{filing.pk}/").content.decode()
    assert ANSWER in page and "Avis rendu par un collègue" in page


def test_answer_is_never_shown_to_the_owner_page_nor_pdf(client, asked, ompic2, entrepreneur):
    filing, opinion = asked
    _login(client, ompic2).post(f"/fr/backoffice/opinions/{opinion.pk}/answer/", {"answer": ANSWER})
    client.force_login(entrepreneur)

    page = client.get(f"/fr/patents/{filing.pk}/").content.decode()
    pdf, _language = render_dossier_pdf_bytes(filing)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert filing.reference in text
    for secret in (ANSWER, QUESTION, "Avis rendu"):
        assert secret not in page
        assert secret not in text


@pytest.mark.parametrize("who", ["asker", "other_colleague", "admin", "owner"])
def test_only_the_asked_colleague_may_answer(
    client, asked, ompic, ompic3, make_user, entrepreneur, who
):
    _filing, opinion = asked
    user = {
        "asker": ompic,
        "other_colleague": ompic3,
        "admin": make_user("root@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True),
        "owner": entrepreneur,
    }[who]
    _login(client, user)

    response = client.post(f"/fr/backoffice/opinions/{opinion.pk}/answer/", {"answer": ANSWER})

    assert response.status_code == 404
    opinion.refresh_from_db()
    assert opinion.pending
    assert not DossierEvent.objects.filter(action=DossierAction.OPINION_ANSWER).exists()


def test_colleague_moved_to_other_office_may_no_longer_answer(client, asked, ompic2):
    _filing, opinion = asked
    ompic2.office = Office.INPI
    ompic2.save()

    response = _login(client, ompic2).post(
        f"/fr/backoffice/opinions/{opinion.pk}/answer/", {"answer": ANSWER}
    )

    assert response.status_code == 404


def test_answer_twice_or_empty_is_refused(client, asked, ompic2):
    _filing, opinion = asked
    client = _login(client, ompic2)

    client.post(f"/fr/backoffice/opinions/{opinion.pk}/answer/", {"answer": "  "})
    assert OpinionRequest.objects.get().pending
    client.post(f"/fr/backoffice/opinions/{opinion.pk}/answer/", {"answer": ANSWER})
    client.post(f"/fr/backoffice/opinions/{opinion.pk}/answer/", {"answer": "Autre avis"})

    assert OpinionRequest.objects.get().answer == ANSWER
    assert DossierEvent.objects.filter(action=DossierAction.OPINION_ANSWER).count() == 1


def test_opinions_page_is_for_reviewers_only(client, entrepreneur):
    client.force_login(entrepreneur)

    assert client.get("/fr/backoffice/opinions/").status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_opinions_page_query_count(
    client, entrepreneur, ompic, ompic2, rows, django_assert_max_num_queries
):
    from carres.workspace import request_opinion

    for _ in range(rows):
        filing = make_patent_filing(entrepreneur)
        transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
        request_opinion(filing, actor=ompic, colleague=ompic2, comment=QUESTION)
    _login(client, ompic2)

    with django_assert_max_num_queries(12):
        response = client.get("/fr/backoffice/opinions/")

    assert len(response.context["opinions"]) == rows
