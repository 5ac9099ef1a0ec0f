import pytest

from carres.enums import DossierAction, DossierStatus
from carres.workflow import transition
from companies.models import CompanyDossier
from tests.factories.companies import PDF, make_company_dossier

pytestmark = pytest.mark.django_db


def test_create_draft_then_submit(client, entrepreneur):
    client.force_login(entrepreneur)

    response = client.post("/fr/companies/new/", {"legal_form": "sarl"})
    dossier = CompanyDossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/companies/{dossier.pk}/step/names/"
    assert (dossier.owner, dossier.status, dossier.legal_form_id) == (entrepreneur, "draft", "sarl")


def test_submit_through_transition_view_runs_the_review(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)

    response = client.post(
        f"/fr/companies/{dossier.pk}/transition/",
        {"action": "submit", "lock_version": dossier.lock_version},
    )
    dossier.refresh_from_db()
    assert response.status_code == 302
    assert dossier.status == DossierStatus.SUBMITTED


def test_edit_resumes_the_wizard_where_it_was_left(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    CompanyDossier.objects.filter(pk=dossier.pk).update(wizard_step="head_office")
    client.force_login(entrepreneur)
    response = client.get(f"/fr/companies/{dossier.pk}/edit/")
    assert response["Location"] == f"/fr/companies/{dossier.pk}/step/head_office/"


@pytest.mark.parametrize(
    "suffix",
    ["", "edit/", "step/names/", "step/documents/", "step/review/", "check-name/?field=name_1"],
)
def test_dossier_pages_are_404_for_outsider(client, entrepreneur, outsider, suffix):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(outsider)
    assert client.get(f"/fr/companies/{dossier.pk}/{suffix}").status_code == 404


def test_transition_by_outsider_is_404(client, entrepreneur, outsider):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(outsider)
    response = client.post(f"/fr/companies/{dossier.pk}/transition/", {"action": "withdraw"})
    assert response.status_code == 404


def test_owner_cannot_accept_own_dossier_through_view(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    client.force_login(entrepreneur)
    client.post(f"/fr/companies/{dossier.pk}/transition/", {"action": "accept"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_dossier_page_hides_internal_notes_from_owner(client, entrepreneur, examiner):
    from carres.workflow import add_internal_note

    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Capital à préciser")
    add_internal_note(dossier, actor=examiner, comment="SECRET-NOTE")
    client.force_login(entrepreneur)

    response = client.get(f"/en/companies/{dossier.pk}/")

    content = response.content.decode()
    assert "SECRET-NOTE" not in content
    assert "Capital à préciser" in content
    assert [event.action for event in response.context["events"]] == [
        "create",
        "submit",
        "take",
        "request_changes",
    ]
    assert "Changes requested" in content


@pytest.mark.parametrize("rows", [1, 3])
def test_dashboard_lists_dossiers_without_n_plus_one(
    client, entrepreneur, django_assert_num_queries, rows
):
    for i in range(rows):
        make_company_dossier(entrepreneur, name_1=f"Société {i}")
    make_company_dossier(
        type(entrepreneur).objects.create_user("someone@example.ma"), name_1="Pas à moi"
    )
    client.force_login(entrepreneur)

    # session, user, the dossiers (one query per dossier kind: company, trademark, patent), unread count
    with django_assert_num_queries(6):
        response = client.get("/fr/dashboard/")

    assert [d.name_1 for d in response.context["dossiers"]] == [
        f"Société {i}" for i in reversed(range(rows))
    ]


def test_withdraw_button_with_stale_version_is_refused(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    client.force_login(entrepreneur)

    response = client.post(
        f"/fr/companies/{dossier.pk}/transition/",
        {"action": "withdraw", "lock_version": 0},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Le dossier a changé entre-temps (quelqu'un d'autre a agi) : rechargez la page."
    ]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_withdraw_button_withdraws(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    client.post(
        f"/fr/companies/{dossier.pk}/transition/",
        {"action": "withdraw", "lock_version": dossier.lock_version},
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN


def test_opening_dossier_marks_its_notifications_read(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    client.force_login(entrepreneur)
    assert "1 non lue" in client.get("/fr/dashboard/").content.decode()

    opened = client.get(f"/fr/companies/{dossier.pk}/").content.decode()

    assert entrepreneur.notifications.get().read_at is not None
    assert "non lue" not in opened  # the page that marked it shows the count after
    assert "non lue" not in client.get("/fr/dashboard/").content.decode()


def test_opening_dossier_with_nothing_unread_writes_nothing(client, entrepreneur):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    with CaptureQueriesContext(connection) as opened:
        assert client.get(f"/fr/companies/{dossier.pk}/").status_code == 200
    assert not [q for q in opened.captured_queries if q["sql"].startswith("UPDATE")]


def test_owner_message_with_attachment(client, entrepreneur, examiner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carres.models import DossierMessage

    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    client.force_login(entrepreneur)

    client.post(
        f"/fr/companies/{dossier.pk}/message/",
        {"body": "Le plan", "file": SimpleUploadedFile("plan.pdf", PDF)},
    )

    message = DossierMessage.objects.get()
    assert (message.body, message.attachment.original_name) == ("Le plan", "plan.pdf")
    # (the examiner was also told of the submission: docs of issue 19)
    assert examiner.notifications.filter(verb="new_message").count() == 1


def test_dashboard_offers_to_resume_a_draft_at_its_step(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    CompanyDossier.objects.filter(pk=dossier.pk).update(wizard_step="managers")
    client.force_login(entrepreneur)
    content = client.get("/fr/dashboard/").content.decode()
    assert f'<a href="/fr/companies/{dossier.pk}/step/managers/">Reprendre</a>' in content
