"""Tariffs as data: the default rows the migrations enter, the fee per applicant kind on the
public page and in the trademark wizard's live box, and the patent estimate."""

import datetime
from decimal import Decimal

import pytest

from carres.enums import DossierAction
from carres.formatting import format_amount
from carres.workflow import transition
from ip_filings.enums import ApplicantKind
from ip_filings.models import Tariff, TariffReduction
from ip_filings.services.fees import (
    PATENT_TARIFF,
    current_tariff,
    estimate_fee,
    estimate_patent_fee,
    patent_fee,
)
from tests.factories.ip_filings import make_filing, make_nice_class, make_tariff, make_term
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db


def test_default_trademark_tariff_keeps_todays_amounts_and_says_reduction_rates_unknown():
    tariff = current_tariff()
    reductions = {r.applicant_kind: (r.percent, r.source) for r in tariff.reductions.all()}

    assert (tariff.office, tariff.right_kind, tariff.unit, tariff.valid_from) == (
        "ompic",
        "trademark",
        "class",
        datetime.date(2017, 1, 1),
    )
    assert (tariff.first_class_fee, tariff.additional_class_fee) == (
        Decimal("1800.00"),
        Decimal("360.00"),
    )
    assert sorted(reductions) == ["individual", "sme", "university"]
    assert {percent for percent, _ in reductions.values()} == {None}
    assert all("inconnu" in source for _, source in reductions.values())


def test_default_patent_tariff_counts_claims_beyond_ten_with_sixty_percent_off_for_smes():
    tariff = current_tariff(PATENT_TARIFF)

    assert (tariff.unit, tariff.included_units, tariff.search_report_fee) == (
        "claim",
        10,
        Decimal("5000.00"),
    )
    assert tariff.source.startswith("OMPIC, grille tarifaire en vigueur le 1er novembre 2012")
    company = estimate_patent_fee(12, ApplicantKind.COMPANY)
    sme = estimate_patent_fee(12, ApplicantKind.SME)
    assert (company.additional_claims, company.total) == (2, Decimal("7550.00"))
    assert (sme.reduction_percent, sme.total) == (Decimal("60.00"), Decimal("3020.00"))


def test_estimate_fee_unknown_reduction_rate_counts_none_and_says_so():
    sme = estimate_fee([9, 37], ApplicantKind.SME)
    company = estimate_fee([9, 37], ApplicantKind.COMPANY)

    assert (sme.total, sme.reduction_unknown) == (Decimal("2160.00"), True)
    assert (company.total, company.reduction_unknown) == (Decimal("2160.00"), False)


def test_fee_page_applicant_parameter_gives_each_kind_its_amount(client):
    tariff = make_tariff()
    TariffReduction.objects.create(tariff=tariff, applicant_kind="sme", percent=Decimal("50"))
    TariffReduction.objects.create(
        tariff=tariff, applicant_kind="university", percent=None, source="taux inconnu"
    )

    totals = {
        kind: client.get("/fr/trademarks/fees/", {"classes": "9,37", "applicant": kind})
        .context["estimate"]
        .total
        for kind in ("individual", "sme", "university", "company")
    }

    assert totals == {
        "individual": Decimal("2160.00"),
        "sme": Decimal("1080.00"),
        "university": Decimal("2160.00"),
        "company": Decimal("2160.00"),
    }
    page = client.get("/fr/trademarks/fees/", {"classes": "9,37", "applicant": "university"})
    assert 'data-reduction="unknown"' in page.content.decode()


def test_fee_box_counts_ticked_terms_classes(client):
    make_tariff()
    term = make_term(make_nice_class(37, "Construction"), "installation de panneaux solaires")

    response = client.get(
        "/fr/trademarks/dossiers/fee/",
        {"classes": "9", "nice_terms": [str(term.pk)], "applicant_kind": "company"},
    )

    page = response.content.decode()
    assert response.context["fee"].classes == (9, 37)
    assert "pour 2 classes" in page
    assert format_amount(Decimal("2160"), "MAD") in page


def test_fee_box_without_class_asks_for_one_instead_of_zero(client):
    make_tariff()

    page = client.get("/fr/trademarks/dossiers/fee/", {"classes": ""}).content.decode()

    assert 'data-fee="empty"' in page
    assert "0,00" not in page
    assert "pour 0 classe" not in page


def test_classes_step_fee_box_shows_the_amount_on_first_render(client, entrepreneur):
    make_tariff()
    filing = make_filing(entrepreneur, classes=(25, 30))
    client.force_login(entrepreneur)

    page = client.get(f"/fr/trademarks/dossiers/{filing.pk}/step/classes/").content.decode()

    assert format_amount(Decimal("2160"), "MAD") in page
    assert 'hx-trigger="change from:#tm-classes-form"' in page


def test_patent_fee_uses_claims_and_applicant_profile(entrepreneur):
    individual = make_patent_filing(entrepreneur)
    company = make_patent_filing(entrepreneur, profile="company")

    assert (patent_fee(individual).claims, patent_fee(individual).total) == (
        2,
        Decimal("2700.00"),
    )
    assert patent_fee(company).total == Decimal("6750.00")


def test_patent_fee_without_tariff_is_none(entrepreneur):
    filing = make_patent_filing(entrepreneur)
    Tariff.objects.filter(code=PATENT_TARIFF).delete()

    assert patent_fee(filing) is None


def test_patent_review_shows_the_fee_estimate(client, entrepreneur):
    filing = make_patent_filing(entrepreneur)
    client.force_login(entrepreneur)

    page = client.get(f"/fr/patents/{filing.pk}/review/").content.decode()

    assert "Estimation des taxes" in page
    assert format_amount(Decimal("2700"), "MAD") + " au total" in page


def test_patent_pdf_lists_the_fee_after_the_claims(entrepreneur):
    from pypdf import PdfReader

    from carres.pdf import store_dossier_pdf

    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    document = store_dossier_pdf(filing)

    with document.file.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    assert text.index("Revendications") < text.index("Estimation des taxes")
    words = " ".join(text.split())  # the PDF wraps long lines
    assert "rapport de recherche" in words


def test_admin_lists_tariffs_by_kind_of_right_with_their_source(staff_client, make_user):
    from accounts.enums import Role

    client = staff_client(make_user("admin@example.ma", role=Role.ADMINISTRATOR))
    patent = Tariff.objects.get(code=PATENT_TARIFF)

    changelist = client.get("/fr/admin/ip_filings/tariff/", {"right_kind": "patent"})
    change = client.get(f"/fr/admin/ip_filings/tariff/{patent.pk}/change/")

    assert [t.pk for t in changelist.context["cl"].result_list] == [patent.pk]
    assert change.status_code == 200
    assert "grille tarifaire en vigueur le 1er novembre 2012" in change.content.decode()
