"""The trademark's logo: refused unless a real PNG or JPEG, stored by its content, shown to its people only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ip_filings.models import TrademarkFiling
from ip_filings.services.trademark import submit_trademark_filing
from tests.factories.ip_filings import make_filing, png_bytes

pytestmark = pytest.mark.django_db

MARK = {"mark_type": "word", "mark_text": "Atlas Bleu", "transliteration": "", "colours": ""}


def test_svg_logo_is_refused(client, entrepreneur):
    client.force_login(entrepreneur)
    svg = SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    response = client.post(
        "/fr/trademarks/dossiers/new/", {**MARK, "mark_type": "combined", "logo": svg}
    )
    assert response.context["form"].errors["logo"] == [
        "Les fichiers SVG, HTML ou XML sont refusés : ils peuvent contenir du code."
    ]
    assert TrademarkFiling.objects.count() == 0


def test_pdf_as_logo_is_refused(client, entrepreneur):
    client.force_login(entrepreneur)
    pdf = SimpleUploadedFile("logo.png", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    response = client.post(
        "/fr/trademarks/dossiers/new/", {**MARK, "mark_type": "combined", "logo": pdf}
    )
    assert response.context["form"].errors["logo"] == [
        "Le logo doit être une image PNG ou JPEG (son contenu a été vérifié)."
    ]


def test_oversized_logo_is_refused(client, entrepreneur, settings):
    settings.UPLOAD_MAX_BYTES = 50
    client.force_login(entrepreneur)
    logo = SimpleUploadedFile("logo.png", png_bytes((64, 64)))
    response = client.post(
        "/fr/trademarks/dossiers/new/", {**MARK, "mark_type": "combined", "logo": logo}
    )
    assert response.context["form"].errors["logo"][0].startswith("Le fichier est trop volumineux")


def test_logo_sent_under_a_lying_name_is_stored_by_its_content(client, entrepreneur):
    client.force_login(entrepreneur)
    logo = SimpleUploadedFile("logo\u202egnp.exe", png_bytes(), content_type="text/html")
    client.post("/fr/trademarks/dossiers/new/", {**MARK, "mark_type": "combined", "logo": logo})
    filing = TrademarkFiling.objects.get()

    assert (filing.logo_name, filing.logo.name[-4:]) == ("logognp.exe", ".png")


def test_migration_cleans_the_logo_names_stored_before(entrepreneur):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "ip_filings.migrations.0007_trademarkfiling_clean_logo_names"
    )
    filing = make_filing(entrepreneur)
    TrademarkFiling.objects.filter(pk=filing.pk).update(logo_name="logo\u202egnp.exe")

    migration.clean_logo_names(apps, None)

    filing.refresh_from_db()
    assert filing.logo_name == "logognp.exe"


def test_png_logo_is_stored_and_served_to_owner_only(client, entrepreneur, outsider):
    client.force_login(entrepreneur)
    logo = SimpleUploadedFile("logo.png", png_bytes())
    client.post("/fr/trademarks/dossiers/new/", {**MARK, "mark_type": "combined", "logo": logo})
    filing = TrademarkFiling.objects.get()
    assert (filing.logo_mime, filing.logo_name) == ("image/png", "logo.png")
    client.force_login(outsider)
    assert client.get(f"/fr/trademarks/dossiers/{filing.pk}/logo/").status_code == 404
    client.force_login(entrepreneur)
    response = client.get(f"/fr/trademarks/dossiers/{filing.pk}/logo/")
    body = b"".join(response.streaming_content)
    response.close()  # last: closing fires request_finished, which closes the connection
    assert (response.status_code, response["Content-Type"], body) == (
        200,
        "image/png",
        png_bytes(),
    )


def test_logo_visible_to_office_examiner_once_submitted(client, entrepreneur, examiner):
    filing = make_filing(entrepreneur, mark_type="combined")
    from ip_filings.services.trademark import set_logo

    set_logo(filing, actor=entrepreneur, upload=SimpleUploadedFile("l.png", png_bytes()))
    client.force_login(examiner)
    assert client.get(f"/fr/trademarks/dossiers/{filing.pk}/logo/").status_code == 404
    submit_trademark_filing(filing, actor=entrepreneur)
    response = client.get(f"/fr/trademarks/dossiers/{filing.pk}/logo/")
    body = b"".join(response.streaming_content)
    response.close()
    assert (response.status_code, body) == (200, png_bytes())
