import pytest

from carres.enums import DossierAction, DossierStatus
from carres.models import DossierEvent, DossierMessage, RoutingRule
from carres.workflow import transition
from companies.models import CompanyDossier
from tests.factories.companies import make_company_dossier

pytestmark = pytest.mark.django_db

CHANGELIST = "/fr/admin/companies/companydossier/"


@pytest.fixture
def submitted(dossier, entrepreneur):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    return dossier


@pytest.fixture
def inpi_dossier(make_user):
    owner = make_user("inventor@example.ma")
    dossier = make_company_dossier(owner, name_1="Brevet SA")
    # A routing rule sends company dossiers of this programme-less owner to INPI.
    RoutingRule.objects.create(order=1, dossier_kind="CO", office="inpi")
    transition(dossier, DossierAction.SUBMIT, actor=owner)
    RoutingRule.objects.all().delete()
    return dossier


def test_examiner_queue_lists_only_own_office(
    staff_client, examiner, submitted, inpi_dossier, entrepreneur
):
    make_company_dossier(entrepreneur, name_1="Brouillon privé")
    response = staff_client(examiner).get(CHANGELIST)
    assert response.status_code == 200
    assert [d.pk for d in response.context["cl"].result_list] == [submitted.pk]


def test_ompic_examiner_gets_404_on_inpi_dossier(staff_client, examiner, inpi_dossier):
    response = staff_client(examiner).get(f"{CHANGELIST}{inpi_dossier.pk}/change/")
    assert response.status_code == 404


def test_inpi_examiner_sees_inpi_dossier(staff_client, inpi_examiner, inpi_dossier):
    response = staff_client(inpi_examiner).get(f"{CHANGELIST}{inpi_dossier.pk}/change/")
    assert response.status_code == 200


def test_entrepreneur_has_no_back_office_access(client, entrepreneur, submitted):
    client.force_login(entrepreneur)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/admin/login/")


def test_examiner_takes_then_accepts_through_actions(staff_client, examiner, submitted):
    client = staff_client(examiner)
    client.post(CHANGELIST, {"action": "take_dossiers", "_selected_action": [submitted.pk]})
    client.post(CHANGELIST, {"action": "accept_dossiers", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.assigned_examiner) == (DossierStatus.ACCEPTED, examiner)


def test_request_changes_asks_reason_on_intermediate_page(staff_client, examiner, submitted):
    client = staff_client(examiner)
    client.post(CHANGELIST, {"action": "take_dossiers", "_selected_action": [submitted.pk]})

    page = client.post(
        CHANGELIST, {"action": "request_changes_on_dossiers", "_selected_action": [submitted.pk]}
    )
    assert page.status_code == 200
    assert CompanyDossier.objects.get(pk=submitted.pk).status == DossierStatus.IN_REVIEW

    empty = client.post(
        CHANGELIST,
        {
            "action": "request_changes_on_dossiers",
            "_selected_action": [submitted.pk],
            "confirm": "1",
            "comment": "",
        },
    )
    assert empty.context["form"].errors["comment"] == ["Ce champ est obligatoire."]

    client.post(
        CHANGELIST,
        {
            "action": "request_changes_on_dossiers",
            "_selected_action": [submitted.pk],
            "confirm": "1",
            "comment": "Joignez les statuts.",
        },
    )
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.CHANGES_REQUESTED
    assert DossierEvent.objects.get(action="request_changes").comment == "Joignez les statuts."


def test_examiner_cannot_act_on_other_office_via_forged_action(
    staff_client, examiner, inpi_dossier
):
    staff_client(examiner).post(
        CHANGELIST, {"action": "take_dossiers", "_selected_action": [inpi_dossier.pk]}
    )
    assert CompanyDossier.objects.get(pk=inpi_dossier.pk).status == DossierStatus.SUBMITTED


def test_internal_note_and_message_from_admin(staff_client, examiner, submitted, entrepreneur):
    client = staff_client(examiner)
    client.post(CHANGELIST, {"action": "take_dossiers", "_selected_action": [submitted.pk]})
    for action, text in [
        ("add_internal_note_to_dossiers", "Dossier solide"),
        ("send_message_to_owner", "Pouvez-vous préciser l'activité ?"),
    ]:
        client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [submitted.pk], "confirm": "1", "comment": text},
        )

    assert DossierEvent.objects.get(action="note").internal is True
    message = DossierMessage.objects.get()
    assert (message.author, message.body) == (examiner, "Pouvez-vous préciser l'activité ?")
    assert entrepreneur.notifications.get(verb="new_message").object_id == submitted.pk


def test_owner_reply_notifies_examiner_in_charge(client, entrepreneur, examiner, submitted):
    transition(submitted, DossierAction.TAKE, actor=examiner)
    client.force_login(entrepreneur)

    client.post(f"/fr/companies/{submitted.pk}/message/", {"body": "Voici la précision."})

    # (the examiner was also told of the submission: docs of issue 19)
    assert examiner.notifications.filter(verb="new_message").count() == 1
    assert DossierMessage.objects.get().author == entrepreneur


def test_review_queue_has_no_n_plus_one(staff_client, examiner, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff_client(examiner)
    counts = []
    for rows in (1, 3):
        while CompanyDossier.objects.filter(reference__isnull=False).count() < rows:
            owner = make_user(f"queue{CompanyDossier.objects.count()}@example.ma")
            dossier = make_company_dossier(owner)
            transition(dossier, DossierAction.SUBMIT, actor=owner)
        client.get(CHANGELIST)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(CHANGELIST)
        assert len(response.context["cl"].result_list) == rows
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_examiner_sees_attachments_and_messages_on_dossier(staff_client, examiner, entrepreneur):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carres.services import attach_file, post_message
    from tests.factories.files import pdf_bytes, release_quarantined

    dossier = make_company_dossier(entrepreneur)
    attachment = attach_file(
        dossier,
        actor=entrepreneur,
        upload=SimpleUploadedFile("statuts.pdf", pdf_bytes()),
    )
    release_quarantined()
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    post_message(
        dossier,
        actor=entrepreneur,
        body="Voici le plan",
        upload=SimpleUploadedFile("plan.pdf", pdf_bytes()),
    )
    client = staff_client(examiner)

    page = client.get(f"{CHANGELIST}{dossier.pk}/change/").content.decode()
    download = client.get(f"/fr/dossiers/attachments/{attachment.pk}/")
    download.close()

    assert f"/fr/dossiers/attachments/{attachment.pk}/" in page
    assert "Voici le plan" in page
    assert download.status_code == 200


def test_review_queue_filters_by_age_and_region(staff_client, examiner, submitted):
    from chambers.models import Region

    client = staff_client(examiner)
    response = client.get(CHANGELIST, {"age": "week"})
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    own_region = submitted.head_office_region.code
    other_region = Region.objects.exclude(code=own_region).values_list("code", flat=True)[0]

    assert [d.pk for d in response.context["cl"].result_list] == [submitted.pk]
    assert "ancienneté de la soumission" in titles
    assert "région" in titles
    in_region = client.get(CHANGELIST, {"region": own_region}).context["cl"].result_list
    elsewhere = client.get(CHANGELIST, {"region": other_region}).context["cl"].result_list
    assert [d.pk for d in in_region] == [submitted.pk]
    assert list(elsewhere) == []
    old = client.get(CHANGELIST, {"age": "older"})
    assert list(old.context["cl"].result_list) == []


def test_bulk_internal_note_says_it_is_internal_and_counts(
    staff_client, examiner, submitted, entrepreneur
):
    client = staff_client(examiner)
    client.post(CHANGELIST, {"action": "take_dossiers", "_selected_action": [submitted.pk]})
    form_page = client.post(
        CHANGELIST, {"action": "add_internal_note_to_dossiers", "_selected_action": [submitted.pk]}
    ).content.decode()
    assert "Note interne (jamais lue par l&#x27;entrepreneur)" in form_page
    assert "lu par l&#x27;entrepreneur)" not in form_page.replace("jamais lue par", "")
    response = client.post(
        CHANGELIST,
        {
            "action": "add_internal_note_to_dossiers",
            "_selected_action": [submitted.pk],
            "confirm": "1",
            "comment": "À revoir",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Note interne ajoutée à 1 dossier (invisible de l'entrepreneur)."
    ]
    assert not entrepreneur.notifications.filter(verb="new_message").exists()
