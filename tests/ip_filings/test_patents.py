import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from carres.enums import DossierAction, DossierStatus
from carres.workflow import IncompleteDossier, transition
from ip_filings.models import PatentClaim, PatentFiling, claim_errors, months_before
from ip_filings.services.patent import replace_applicants
from tests.factories.files import png_bytes
from tests.factories.patents import invention_kind, make_patent_filing

pytestmark = pytest.mark.django_db


def test_submit_complete_filing_gets_pt_reference(filing, entrepreneur):
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    filing.refresh_from_db()
    assert filing.status == DossierStatus.SUBMITTED
    assert filing.reference.startswith(f"PT-{timezone.now().year}-")


def test_submission_errors_empty_draft_lists_every_missing_part(entrepreneur):
    from ip_filings.services.patent import create_patent_filing

    filing = create_patent_filing(owner=entrepreneur, data={})

    errors = filing.submission_errors()

    assert sorted(errors) == [
        "abstract",
        "claims",
        "description",
        "invention_title",
        "inventors",
        "kind",
        "technical_field",
    ]
    assert errors["inventors"] == ["Indiquez au moins un inventeur."]
    with pytest.raises(IncompleteDossier):
        transition(filing, DossierAction.SUBMIT, actor=entrepreneur)


def test_claim_errors_later_and_missing_references():
    assert claim_errors([(1, None), (2, 3), (3, 1)]) == [
        "La revendication 2 ne peut renvoyer qu'à une revendication précédente."
    ]
    assert claim_errors([(2, 1)]) == [
        "La revendication 2 renvoie à la revendication 1, qui n'existe pas."
    ]


def test_claim_refers_to_later_refused_by_database(filing):
    with pytest.raises(IntegrityError):
        PatentClaim.objects.create(filing=filing, number=3, text="x", refers_to=5)


def test_shares_not_totalling_100_refused(filing, entrepreneur):
    replace_applicants(
        filing,
        actor=entrepreneur,
        applicants=[
            {"name": "A", "profile": "individual", "share": Decimal("60")},
            {"name": "B SARL", "profile": "company", "share": Decimal("30")},
        ],
    )

    assert filing.submission_errors() == {
        "applicants": ["Les parts des déposants doivent totaliser 100 %."]
    }


def test_priority_older_than_twelve_months_refused(entrepreneur):
    old = months_before(timezone.localdate(), 12) - datetime.timedelta(days=1)
    filing = make_patent_filing(
        entrepreneur, priority_country="France", priority_number="FR123", priority_date=old
    )

    assert filing.submission_errors() == {
        "priority_date": [
            "La priorité ne peut être revendiquée que dans les douze mois suivant la demande antérieure."
        ]
    }


def test_pdf_sections_in_the_usual_order(filing):
    labels = [str(section["label"]) for section in filing.pdf_sections()]

    assert labels == [
        "Requête — type de titre",
        "Titre de l'invention",
        "Domaine technique",
        "Déposants",
        "Inventeurs",
        "Priorité revendiquée",
        "Abrégé",
        "Description",
        "Revendications",
        "Dessins",
    ]


# --- the wizard -------------------------------------------------------------------------
def test_create_prefilled_from_query(client, entrepreneur):
    invention_kind()
    client.force_login(entrepreneur)

    response = client.get("/fr/patents/new/?title=Capteur&field=Irrigation")

    assert response.status_code == 200
    assert response.context["form"]["invention_title"].value() == "Capteur"
    assert response.context["form"]["technical_field"].value() == "Irrigation"
    assert "ne divulguez pas votre invention" in response.content.decode()


def test_wizard_steps_save_draft_and_resume(client, entrepreneur):
    kind = invention_kind()
    client.force_login(entrepreneur)

    response = client.post(
        "/fr/patents/new/",
        {"kind": kind.pk, "invention_title": "Capteur", "technical_field": "Irrigation"},
    )
    filing = PatentFiling.objects.get()
    assert response["Location"] == f"/fr/patents/{filing.pk}/step/abstract/"
    response = client.post(
        f"/fr/patents/{filing.pk}/step/abstract/", {"abstract": "Court.", "quit": ""}
    )
    assert response["Location"] == f"/fr/patents/{filing.pk}/"
    filing.refresh_from_db()
    assert (filing.invention_title, filing.abstract, filing.status) == (
        "Capteur",
        "Court.",
        "draft",
    )


def test_abstract_over_limit_kept_with_error(client, entrepreneur, filing):
    client.force_login(entrepreneur)
    text = " ".join(["mot"] * 151)

    response = client.post(f"/fr/patents/{filing.pk}/step/abstract/", {"abstract": text})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "abstract": ["L'abrégé compte 151 mots : la limite est de 150."]
    }
    assert response.context["form"]["abstract"].value() == text
    filing.refresh_from_db()
    assert filing.abstract == "Un capteur capacitif commande la vanne d'irrigation."


def _formset(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_claims_referring_to_later_claim_refused_nothing_lost(client, entrepreneur, filing):
    client.force_login(entrepreneur)
    data = _formset("claims", [{"text": "Un", "refers_to": "2"}, {"text": "Deux", "refers_to": ""}])

    response = client.post(f"/fr/patents/{filing.pk}/step/claims/", data)

    assert response.status_code == 400
    assert response.context["form"].forms[0].errors["refers_to"] == [
        "La revendication 1 ne peut renvoyer qu'à une revendication précédente."
    ]
    assert response.context["form"].forms[0]["text"].value() == "Un"
    assert list(filing.claims.values_list("number", "refers_to")) == [(1, None), (2, 1)]


def test_claims_saved_in_order_blank_rows_ignored(client, entrepreneur, filing):
    client.force_login(entrepreneur)
    data = _formset(
        "claims",
        [
            {"text": "Un", "refers_to": ""},
            {"text": "", "refers_to": ""},
            {"text": "Deux", "refers_to": "1"},
        ],
    )

    response = client.post(f"/fr/patents/{filing.pk}/step/claims/", data)

    assert response.status_code == 302
    assert list(filing.claims.values_list("number", "text", "refers_to")) == [
        (1, "Un", None),
        (2, "Deux", 1),
    ]


def test_no_inventor_refused(client, entrepreneur, filing):
    client.force_login(entrepreneur)

    response = client.post(
        f"/fr/patents/{filing.pk}/step/inventors/", _formset("inventors", [{"name": ""}])
    )

    assert response.status_code == 400
    assert response.context["form"].non_form_errors() == ["Indiquez au moins un inventeur."]
    assert filing.inventors.count() == 1


def test_applicant_shares_refused_in_wizard(client, entrepreneur, filing):
    client.force_login(entrepreneur)
    data = _formset(
        "applicants",
        [
            {"name": "Salma", "profile": "individual", "share": "50"},
            {"name": "Atlas SARL", "profile": "company", "share": "40"},
        ],
    )

    response = client.post(f"/fr/patents/{filing.pk}/step/applicants/", data)

    assert response.status_code == 400
    assert response.context["form"].non_form_errors() == [
        "Les parts des déposants doivent totaliser 100 %."
    ]


def test_applicants_step_offers_my_registered_companies_only(
    client, entrepreneur, outsider, filing
):
    from tests.factories.companies import make_registered_company

    mine = make_registered_company("Atlas Innov", owner=entrepreneur)
    theirs = make_registered_company("Autre Société", owner=outsider)
    client.force_login(entrepreneur)
    url = f"/fr/patents/{filing.pk}/step/applicants/"

    offered = client.get(url).context["companies"]
    with_mine = client.get(url, {"company": mine.pk}).context["form"].initial
    with_theirs = client.get(url, {"company": theirs.pk}).context["form"].initial

    assert offered == [mine]
    assert with_mine[-1] == {"name": "Atlas Innov", "profile": "company", "share": None}
    assert [row["name"] for row in with_theirs] == [row["name"] for row in with_mine[:-1]]


def test_priority_in_future_refused(client, entrepreneur, filing):
    client.force_login(entrepreneur)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        f"/fr/patents/{filing.pk}/step/priority/",
        {"priority_country": "France", "priority_number": "1", "priority_date": tomorrow},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "priority_date": ["La date de priorité ne peut pas être dans le futur."]
    }


def test_review_submit_then_detail(client, entrepreneur, filing):
    client.force_login(entrepreneur)

    response = client.post(
        f"/fr/patents/{filing.pk}/review/", {"lock_version": filing.lock_version}
    )

    filing.refresh_from_db()
    assert response["Location"] == f"/fr/patents/{filing.pk}/"
    assert filing.status == DossierStatus.SUBMITTED
    assert client.get(f"/fr/patents/{filing.pk}/").status_code == 200


def test_review_incomplete_lists_errors_with_step_links(client, entrepreneur, filing):
    filing.inventors.all().delete()
    client.force_login(entrepreneur)

    response = client.post(
        f"/fr/patents/{filing.pk}/review/", {"lock_version": filing.lock_version}
    )

    assert response.status_code == 400
    assert response.context["errors"] == [("inventors", "Indiquez au moins un inventeur.")]
    filing.refresh_from_db()
    assert filing.status == DossierStatus.DRAFT


@pytest.mark.parametrize(
    "url",
    ["/fr/patents/{pk}/", "/fr/patents/{pk}/step/claims/", "/fr/patents/{pk}/review/"],
)
def test_outsider_gets_404(client, outsider, filing, url):
    client.force_login(outsider)

    assert client.get(url.format(pk=filing.pk)).status_code == 404


def test_drawing_upload_attached_in_order(client, entrepreneur, filing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(entrepreneur)
    png = png_bytes()

    for name in ("fig1.png", "fig2.png"):
        response = client.post(
            f"/fr/patents/{filing.pk}/step/drawings/",
            {"file": SimpleUploadedFile(name, png, content_type="image/png")},
        )
        assert response.status_code == 302

    assert [a.original_name for a in filing.attachments.all()] == ["fig1.png", "fig2.png"]


def test_pdf_lays_out_request_abstract_description_claims_drawings(filing, entrepreneur):
    from pypdf import PdfReader

    from carres.pdf import store_dossier_pdf

    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    document = store_dossier_pdf(filing)

    with document.file.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    positions = [
        text.index(label)
        for label in ("Requête", "Abrégé", "Description", "Revendications", "Dessins")
    ]
    assert positions == sorted(positions)
    assert filing.reference in text
    assert "2. Capteur selon 1. (selon la revendication 1)" in text


def test_detail_resumes_at_first_incomplete_step(client, entrepreneur, filing):
    filing.claims.all().delete()
    client.force_login(entrepreneur)

    response = client.get(f"/fr/patents/{filing.pk}/")

    assert response.context["resume_url"] == f"/fr/patents/{filing.pk}/step/claims/"


def test_detail_resumes_at_review_when_complete(client, entrepreneur, filing):
    client.force_login(entrepreneur)

    response = client.get(f"/fr/patents/{filing.pk}/")

    assert response.context["resume_url"] == f"/fr/patents/{filing.pk}/review/"


def test_remove_drawing_from_draft(client, entrepreneur, filing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carres.services import attach_file

    drawing = attach_file(
        filing,
        actor=entrepreneur,
        upload=SimpleUploadedFile("fig.png", png_bytes()),
    )
    client.force_login(entrepreneur)

    response = client.post(f"/fr/patents/{filing.pk}/drawings/{drawing.pk}/remove/")

    assert response["Location"] == f"/fr/patents/{filing.pk}/step/drawings/"
    assert filing.attachments.count() == 0


def test_remove_drawing_outsider_gets_404(client, outsider, entrepreneur, filing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carres.services import attach_file

    drawing = attach_file(
        filing,
        actor=entrepreneur,
        upload=SimpleUploadedFile("fig.png", png_bytes()),
    )
    client.force_login(outsider)

    response = client.post(f"/fr/patents/{filing.pk}/drawings/{drawing.pk}/remove/")

    assert response.status_code == 404
    assert filing.attachments.count() == 1


def test_create_ignores_unknown_applicant_profile(client, entrepreneur):
    kind = invention_kind()
    client.force_login(entrepreneur)

    client.post(
        "/fr/patents/new/",
        {"kind": kind.pk, "invention_title": "X", "applicant_profile": "pirate"},
    )

    assert PatentFiling.objects.get().applicants.get().profile == "individual"
