import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from accounts.enums import Office, Role
from carres.enums import DossierAction, DossierStatus
from carres.services import attach_file
from carres.workflow import transition
from ip_filings.models import FilingClass, MarkWatch, RegisteredMark, TrademarkFiling
from ip_filings.search import search_prior_marks
from ip_filings.services.trademark import accept_trademark_filing, submit_trademark_filing
from tests.factories.files import release_quarantined
from tests.factories.ip_filings import (
    make_filing,
    make_mark,
    make_nice_class,
    make_tariff,
    make_term,
    png_bytes,
)

pytestmark = pytest.mark.django_db

MARK = {"mark_type": "word", "mark_text": "Atlas Bleu", "transliteration": "", "colours": ""}


@pytest.fixture
def examiner(make_user):
    return make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


def step(filing, name):
    return f"/fr/trademarks/dossiers/{filing.pk}/step/{name}/"


def test_wizard_from_mark_to_submission(client, entrepreneur):
    make_tariff()
    make_mark("Atlas Blue", classes=[25])
    client.force_login(entrepreneur)

    response = client.post("/fr/trademarks/dossiers/new/", MARK)
    filing = TrademarkFiling.objects.get()
    assert response["Location"] == step(filing, "classes")
    assert (filing.applicant_name, filing.status) == ("Salma Bennani", "draft")

    response = client.post(
        step(filing, "classes"), {"classes": "25, 30", "terms": "25 : vêtements\n30: café"}
    )
    assert response["Location"] == step(filing, "search")
    assert [(c.number, c.terms) for c in filing.filing_classes.all()] == [
        (25, "vêtements"),
        (30, "café"),
    ]
    filing.refresh_from_db()
    assert filing.fee_snapshot["total"] == "2160.00"

    response = client.get(step(filing, "search"))
    assert [m.mark.mark_text for m in response.context["matches"]] == ["Atlas Blue"]
    client.post(step(filing, "search"), {"attach": "1"})
    filing.refresh_from_db()
    assert [row["mark"] for row in filing.prior_search] == ["Atlas Blue"]

    response = client.post(
        step(filing, "applicant"),
        {
            "applicant_kind": "individual",
            "applicant_name": "Salma Bennani",
            "applicant_address": "Rabat",
            "applicant_email": "salma@example.ma",
        },
    )
    assert response["Location"] == step(filing, "priority")
    response = client.post(step(filing, "priority"), {})
    assert response["Location"] == f"/fr/trademarks/dossiers/{filing.pk}/review/"

    response = client.post(
        f"/fr/trademarks/dossiers/{filing.pk}/review/", {"lock_version": filing.lock_version}
    )
    filing.refresh_from_db()
    assert response["Location"] == f"/fr/trademarks/dossiers/{filing.pk}/"
    assert filing.status == DossierStatus.SUBMITTED
    assert filing.reference.startswith("TM-")


def test_progress_marks_current_step(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.get("/fr/trademarks/dossiers/new/")
    content = response.content.decode()
    assert content.count('aria-current="step"') == 1
    assert (
        '<li class="is-current" aria-current="step">\n'
        '      <span class="step-number">1</span> La marque\n'
    ) in content
    assert "Étape 1 sur 6" in content


def test_empty_word_mark_is_refused_on_its_field(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(
        "/fr/trademarks/dossiers/new/", {**MARK, "mark_text": " ", "colours": "bleu"}
    )
    assert response.context["form"].errors["mark_text"] == [
        "Une marque verbale ou semi-figurative doit avoir un texte."
    ]
    assert response.context["form"]["colours"].value() == "bleu"
    assert TrademarkFiling.objects.count() == 0


def test_empty_word_mark_error_is_translated(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post("/ar/trademarks/dossiers/new/", {**MARK, "mark_text": ""})
    assert response.context["form"].errors["mark_text"] == [
        "يجب أن يكون للعلامة اللفظية أو المركبة نص."
    ]


def test_class_out_of_range_is_refused(client, entrepreneur):
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    response = client.post(step(filing, "classes"), {"classes": "25, 46", "terms": "25: x"})
    assert response.context["form"].errors["classes"] == [
        "La classe 46 n'existe pas : les classes vont de 1 à 45."
    ]
    assert list(filing.filing_classes.values_list("number", flat=True)) == [25]


def test_a_term_line_with_thousands_of_digits_is_refused_not_a_500(client, entrepreneur):
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    terms = "9" * 5_000 + ": x"
    response = client.post(step(filing, "classes"), {"classes": "25", "terms": terms})
    assert response.status_code == 200
    assert response.context["form"].errors["terms"] == [
        "Commencez chaque ligne par le numéro de sa classe, par exemple « 25 : vêtements »"
        f" (ligne « {'9' * 40} »)."
    ]


def test_terms_of_no_chosen_class_are_refused(client, entrepreneur):
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    response = client.post(
        step(filing, "classes"), {"classes": "25", "terms": "25: vêtements\n30: café"}
    )
    assert response.context["form"].errors["terms"] == [
        "Des termes sont donnés pour la classe 30, qui n'est pas choisie."
    ]
    assert response.context["form"]["terms"].value() == "25: vêtements\n30: café"


def test_nice_term_of_no_chosen_class_is_refused(client, entrepreneur):
    coffee = make_term(make_nice_class(30, "Café"), "café")
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    response = client.post(
        step(filing, "classes"), {"classes": "25", "terms": "25: x", "nice_terms": [coffee.pk]}
    )
    assert response.context["form"].errors["nice_terms"] == [
        "« café » appartient à la classe 30, qui n'est pas choisie."
    ]


def test_nice_term_of_a_chosen_class_is_saved(client, entrepreneur):
    coffee = make_term(make_nice_class(30, "Café"), "café")
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    client.post(step(filing, "classes"), {"classes": "30", "nice_terms": [coffee.pk]})
    row = FilingClass.objects.get(filing=filing)
    assert (row.number, list(row.nice_terms.all())) == (30, [coffee])


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-3, "La date de priorité ne peut pas être dans le futur."),
        (
            200,
            "La priorité ne peut plus être revendiquée : la date a plus de six mois "
            "(délai de priorité des marques).",
        ),
    ],
)
def test_priority_date_out_of_window_is_refused(client, entrepreneur, days, message):
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    date = timezone.localdate() - datetime.timedelta(days=days)
    response = client.post(
        step(filing, "priority"),
        {"priority_country": "France", "priority_date": date.isoformat(), "priority_number": "1"},
    )
    assert response.context["form"].errors["priority_date"] == [message]
    assert response.context["form"]["priority_country"].value() == "France"
    filing.refresh_from_db()
    assert filing.priority_country == ""


def test_submission_errors_name_each_missing_field(entrepreneur):
    filing = make_filing(entrepreneur, classes=(), mark_type="combined", applicant_name="")
    assert filing.submission_errors() == {
        "logo": ["Ajoutez le logo de la marque (image PNG ou JPEG)."],
        "classes": ["Choisissez au moins une classe."],
        "applicant_name": ["Ce champ est obligatoire pour soumettre le dossier."],
    }


def test_review_shows_errors_and_does_not_submit(client, entrepreneur):
    filing = make_filing(entrepreneur, classes=())
    client.force_login(entrepreneur)
    response = client.post(f"/fr/trademarks/dossiers/{filing.pk}/review/", {"lock_version": 0})
    filing.refresh_from_db()
    assert response.context["errors"] == [
        ("classes", "Classes et produits", "Choisissez au moins une classe.")
    ]
    assert filing.status == DossierStatus.DRAFT


def test_outsider_gets_404_on_every_object_url(client, entrepreneur, outsider):
    filing = make_filing(entrepreneur)
    watch = MarkWatch.objects.create(user=entrepreneur, text="Atlas")
    client.force_login(outsider)
    base = f"/fr/trademarks/dossiers/{filing.pk}"
    for url in [f"{base}/", f"{base}/review/", f"{base}/logo/"] + [
        step(filing, name) for name in ("mark", "classes", "search", "applicant", "priority")
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"{base}/withdraw/",
        f"{base}/attach/",
        f"{base}/message/",
        f"{base}/review/",
        f"/fr/trademarks/dossiers/watches/{watch.pk}/delete/",
    ]:
        assert client.post(url).status_code == 404, url


def test_accept_enters_the_register_and_later_searches_find_it(entrepreneur, examiner):
    filing = make_filing(entrepreneur, mark_text="Zitouna Verte", classes=(29, 30))
    submit_trademark_filing(filing, actor=entrepreneur)
    transition(filing, DossierAction.TAKE, actor=examiner)

    accept_trademark_filing(filing, actor=examiner)

    mark = RegisteredMark.objects.get(number=filing.reference)
    today = timezone.localdate()
    assert (mark.mark_text, mark.classes, mark.status, mark.owner_name) == (
        "Zitouna Verte",
        [29, 30],
        "registered",
        "Salma Bennani",
    )
    assert (mark.registered_on, mark.expires_on) == (today, today + relativedelta(years=10))
    assert [m.mark.number for m in search_prior_marks("Zitouna Verte", [30])] == [mark.number]


def test_pdf_lists_each_attachment_once_with_pages_and_size(entrepreneur):
    from carres.pdf import render_dossier_html

    filing = make_filing(entrepreneur)
    attach_file(filing, actor=entrepreneur, upload=SimpleUploadedFile("a.png", png_bytes()))
    release_quarantined()  # what the worker does; a quarantined file is not listed
    sections = {s["label"]: s["value"] for s in filing.pdf_sections()}
    html, _language = render_dossier_html(filing)

    assert sections["Classes et produits ou services"] == "25 : Vêtements"
    assert html.count("a.png") == 1
    size = filesizeformat(len(png_bytes()))
    assert '<span dir="auto">a.png</span> — 1 page, ' + size in html


def test_dashboard_resumes_at_the_first_incomplete_step(client, entrepreneur):
    filing = make_filing(entrepreneur, classes=(), applicant_address="")
    client.force_login(entrepreneur)
    dashboard = client.get("/fr/dashboard/").content.decode()
    assert f'href="/fr/trademarks/dossiers/{filing.pk}/"' in dashboard
    response = client.get(f"/fr/trademarks/dossiers/{filing.pk}/")
    assert response.context["resume_url"] == step(filing, "classes")


def test_submitted_filing_steps_are_closed(client, entrepreneur):
    filing = make_filing(entrepreneur)
    submit_trademark_filing(filing, actor=entrepreneur)
    client.force_login(entrepreneur)
    response = client.post(step(filing, "mark"), MARK)
    assert response["Location"] == f"/fr/trademarks/dossiers/{filing.pk}/"
    filing.refresh_from_db()
    assert filing.mark_text == "Atlas Bleu"


def test_partial_priority_claim_asks_for_every_part(client, entrepreneur):
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    response = client.post(step(filing, "priority"), {"priority_country": "France"})
    message = "Une revendication de priorité demande le pays, la date et le numéro."
    errors = response.context["form"].errors
    assert (errors["priority_date"], errors["priority_number"]) == ([message], [message])


def test_valid_priority_claim_is_saved(client, entrepreneur):
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    date = timezone.localdate() - datetime.timedelta(days=30)
    client.post(
        step(filing, "priority"),
        {"priority_country": "France", "priority_date": date.isoformat(), "priority_number": "FR1"},
    )
    filing.refresh_from_db()
    assert (filing.priority_country, filing.priority_date, filing.priority_number) == (
        "France",
        date,
        "FR1",
    )
    assert filing.submission_errors() == {}


def test_class_picker_step_lists_found_terms(client, entrepreneur):
    make_term(make_nice_class(25, "Vêtements"), "chaussures de sport")
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)
    response = client.get(step(filing, "classes") + "?q=chaussure")
    assert [term.term for term in response.context["found"]] == ["chaussures de sport"]


def test_seed_demo_creates_trademark_filings_once(demo):
    from carres.statistics.demo import ARCHIVE_EMAIL

    demo_filings = TrademarkFiling.objects.exclude(owner__email=ARCHIVE_EMAIL)
    states = sorted(demo_filings.values_list("mark_text", "status"))
    assert states == [
        ("Bahja", "submitted"),
        ("Nour Argan", "draft"),
        ("Zellige Studio", "accepted"),
    ]
    assert RegisteredMark.objects.filter(mark_text="Zellige Studio").count() == 1


def test_fee_box_follows_the_typed_classes(client):
    make_tariff()
    response = client.get("/fr/trademarks/dossiers/fee/?classes=25,30,35&applicant_kind=individual")
    assert response.context["fee_total"] == "2\xa0520,00\xa0MAD"


def test_fee_box_ignores_a_class_out_of_range(client):
    make_tariff()
    response = client.get("/fr/trademarks/dossiers/fee/?classes=25,99")
    assert response.context["fee_total"] == "0,00\xa0MAD"


def test_fee_snapshot_is_taken_at_submission(entrepreneur):
    filing = make_filing(entrepreneur, classes=(25, 30))
    make_tariff()
    submit_trademark_filing(filing, actor=entrepreneur)
    filing.refresh_from_db()
    assert (filing.fee_snapshot["total"], filing.fee_snapshot["classes"]) == ("2160.00", [25, 30])


def test_pdf_counts_pages_of_a_pdf_attachment(entrepreneur):
    import io

    from pypdf import PdfWriter

    from carres.pdf import render_dossier_html

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    filing = make_filing(entrepreneur)
    attach_file(
        filing, actor=entrepreneur, upload=SimpleUploadedFile("pouvoir.pdf", buffer.getvalue())
    )
    release_quarantined()
    html, _language = render_dossier_html(filing)
    assert '<span dir="auto">pouvoir.pdf</span> — 2 pages, ' in html


def test_applicant_prefilled_from_a_registered_company_of_the_user(client, entrepreneur, outsider):
    from chambers.models import City
    from tests.factories.chambers import ensure_reference_data
    from tests.factories.companies import make_registered_company

    ensure_reference_data()
    city = City.objects.order_by("pk").first()
    mine = make_registered_company(
        "Atlas Innov",
        owner=entrepreneur,
        head_office_address="12 rue Ibn Batouta",
        head_office_city=city,
    )
    make_registered_company("Pas encore", status="being_created", owner=entrepreneur)
    theirs = make_registered_company("Autre Société", owner=outsider)
    filing = make_filing(entrepreneur)
    client.force_login(entrepreneur)

    response = client.get(step(filing, "applicant") + f"?company={mine.pk}")

    assert [c.name for c in response.context["companies"]] == ["Atlas Innov"]
    assert response.context["form"]["applicant_name"].value() == "Atlas Innov"
    assert response.context["form"]["applicant_address"].value() == (
        f"12 rue Ibn Batouta, {city.name}"
    )
    response = client.get(step(filing, "applicant") + f"?company={theirs.pk}")
    assert response.context["form"]["applicant_name"].value() == "Salma Bennani"
    assert "Autre Société" not in response.content.decode()


def test_resubmission_after_changes_requested(client, entrepreneur, examiner):
    filing = make_filing(entrepreneur)
    submit_trademark_filing(filing, actor=entrepreneur)
    transition(filing, DossierAction.TAKE, actor=examiner)
    transition(filing, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Précisez.")
    filing.refresh_from_db()
    client.force_login(entrepreneur)
    client.post(step(filing, "mark"), {**MARK, "mark_text": "Atlas Bleu Ciel"})
    client.post(
        f"/fr/trademarks/dossiers/{filing.pk}/review/", {"lock_version": filing.lock_version}
    )
    filing.refresh_from_db()
    assert (filing.status, filing.mark_text) == (DossierStatus.SUBMITTED, "Atlas Bleu Ciel")
