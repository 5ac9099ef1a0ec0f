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


def test_pdf_export_in_arabic(client, footprint, outsider_footprint):
    user = footprint.user
    user.preferred_language = "ar"
    user.first_name = "سلمى"
    user.save()
    client.force_login(user)

    response = client.get("/fr/accounts/profile/export/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    with translation.override("ar"):
        headings = [gettext("Mes données personnelles"), gettext("Dossiers")]
    for expected in [*headings, "سلمى", "Filed Salma", "Help me Salma", "cin-Salma.pdf"]:
        assert expected in text, expected
    assert "Omar" not in text


def test_export_needs_a_signed_in_user(client):
    for kind in ("json", "pdf"):
        response = client.get(f"/fr/accounts/profile/export/{kind}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/accounts/login/")


def test_export_is_rate_limited_per_user(client, entrepreneur):
    client.force_login(entrepreneur)
    statuses = [client.get("/fr/accounts/profile/export/json/").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
