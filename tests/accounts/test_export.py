"""The right of access: a user downloads everything about them, and only that."""

import hashlib
import io
import json

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from accounts.enums import ConsentSource
from accounts.services import accept_privacy_notice
from tests.accounts.conftest import PDF, close_download

pytestmark = pytest.mark.django_db


def export_json(client, user):
    client.force_login(user)
    response = client.get("/fr/accounts/profile/export/json/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="carres-mes-donnees-')
    return response.content.decode()


def test_json_export_holds_the_users_data(client, footprint, outsider_footprint):
    user = footprint.user
    user.phone = "+212 6 12 34 56 78"
    user.save()
    accept_privacy_notice(user, source=ConsentSource.SIGNUP)

    data = json.loads(export_json(client, user))

    assert data["account"]["email"] == "salma@example.ma"
    assert data["account"]["phone"] == "+212 6 12 34 56 78"
    assert [c["purpose"] for c in data["consents"]] == [
        "Notice d'information sur les données personnelles"
    ]
    titles = [d["title"] for d in data["dossiers"]]
    assert titles == ["Draft Salma", "Filed Salma"]
    filed = data["dossiers"][1]
    assert filed["reference"] == footprint.filed.reference
    assert filed["status"] == "En cours d'examen"
    fields = {row["field"]: row["value"] for row in filed["fields"]}
    assert fields["name_1"] == "Filed Salma"
    assert fields["capital"] == "100000.00"
    associates = next(g for g in filed["details"] if g["relation"] == "associates")
    assert [row[1]["value"] for row in associates["rows"]] == ["Amina Benali", "Youssef Alaoui"]
    assert [e["action"] for e in filed["timeline"]] == [
        "Dossier créé",
        "Dossier soumis",
        "Pris en charge par un examinateur",
    ]
    assert [(m["by"], m["body"]) for m in filed["messages"]] == [
        ("l'examinateur", "Question for Salma"),
        ("vous", "Answer from Salma"),
    ]
    files = {f["name"]: f for f in data["files"]}
    assert files["cin-Salma.pdf"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (files["plan-Salma.pdf"]["size"], files["plan-Salma.pdf"]["type"]) == (
        len(PDF),
        "application/pdf",
    )
    assert [r["training"] for r in data["training_registrations"]] == ["Training Salma"]
    assert [r["message"] for r in data["support_requests"]] == ["Help me Salma"]


def test_json_export_leaves_out_everyone_else(client, footprint, outsider_footprint):
    text = export_json(client, footprint.user)
    for foreign in ("Omar", "outsider@example.ma", "examiner@ompic.ma"):
        assert foreign not in text


def test_export_lists_identity_document_downloads_without_others_addresses(
    client, footprint, examiner
):
    attachment_url = f"/fr/dossiers/attachments/{footprint.identity.pk}/"
    client.force_login(footprint.user)
    close_download(client.get(attachment_url, REMOTE_ADDR="198.51.100.7"))
    from carres.enums import DossierAction
    from carres.workflow import transition

    # The examiner sees it once the dossier is filed.
    transition(footprint.draft, DossierAction.SUBMIT, actor=footprint.user)
    client.force_login(examiner)
    close_download(client.get(attachment_url, REMOTE_ADDR="203.0.113.9"))

    data = json.loads(export_json(client, footprint.user))

    assert [(d["file"], d["by"], d["ip_address"]) for d in data["identity_document_downloads"]] == [
        ("cin-Salma.pdf", "Examinateur (OMPIC)", None),
        ("cin-Salma.pdf", "vous", "198.51.100.7"),
    ]


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_export_is_drawn_by_a_task_in_arabic(client, footprint, outsider_footprint):
    from accounts.models import PersonalDataExport
    from accounts.services import store_pdf_export

    user = footprint.user
    user.preferred_language = "ar"
    user.first_name = "سلمى"
    user.save()
    client.force_login(user)

    assert client.get("/fr/accounts/profile/export/pdf/").status_code == 302  # nothing yet
    response = client.post("/fr/accounts/profile/export/pdf/")
    assert response.status_code == 302
    export = PersonalDataExport.objects.get(user=user)
    assert (export.language, export.ready_at) == ("ar", None)
    assert "en préparation" in client.get("/fr/accounts/profile/").content.decode()

    store_pdf_export(export.pk)
    assert store_pdf_export(export.pk) is None  # a second run finds it done
    response = client.get("/fr/accounts/profile/export/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(close_download(response))
    with translation.override("ar"):
        headings = [gettext("Mes données personnelles"), gettext("Dossiers")]
    for expected in [*headings, "سلمى", "Filed Salma", "Help me Salma", "cin-Salma.pdf"]:
        assert expected in text, expected
    assert "Omar" not in text


def test_pdf_export_is_only_ever_ones_own(client, footprint, outsider_footprint):
    from accounts.services import request_pdf_export, store_pdf_export

    store_pdf_export(request_pdf_export(outsider_footprint.user).pk)
    client.force_login(footprint.user)
    response = client.get("/fr/accounts/profile/export/pdf/")
    assert response.status_code == 302  # the outsider's export is never served to anyone else


def test_new_pdf_request_replaces_the_old_file(
    client, footprint, media, django_capture_on_commit_callbacks
):
    from accounts.services import request_pdf_export, store_pdf_export

    first = store_pdf_export(request_pdf_export(footprint.user).pk)
    old_file = media / first.file.name
    assert old_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        second = request_pdf_export(footprint.user)
    assert (second.pk, second.ready_at, second.file.name) == (first.pk, None, "")
    assert not old_file.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_draws_the_requested_pdf(celery_worker_factory, client, entrepreneur):
    from accounts.models import PersonalDataExport
    from tests.conftest import wait_until

    celery_worker_factory()
    client.force_login(entrepreneur)
    client.post("/fr/accounts/profile/export/pdf/")
    wait_until(
        lambda: PersonalDataExport.objects.filter(
            user=entrepreneur, ready_at__isnull=False
        ).exists(),
        timeout=60,
    )
    response = client.get("/fr/accounts/profile/export/pdf/")
    assert "salma@example.ma" in pdf_text(close_download(response))


def test_export_needs_a_signed_in_user(client):
    for kind in ("json", "pdf"):
        response = client.get(f"/fr/accounts/profile/export/{kind}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/accounts/login/")


def test_export_is_rate_limited_per_user(client, entrepreneur):
    client.force_login(entrepreneur)
    statuses = [client.get("/fr/accounts/profile/export/json/").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
