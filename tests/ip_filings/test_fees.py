import datetime
from decimal import Decimal

import pytest

from ip_filings.enums import ApplicantKind
from ip_filings.models import Tariff, TariffReduction
from ip_filings.seed.reference import OMPIC_2017_TARIFF
from ip_filings.services.fees import NoTariff, current_tariff, estimate_fee

pytestmark = pytest.mark.django_db


@pytest.fixture
def tariff():
    Tariff.objects.all().delete()  # the default rows the migrations enter
    return Tariff.objects.create(
        code="trademark-online", valid_from=datetime.date(2017, 1, 1), **OMPIC_2017_TARIFF
    )


def test_estimate_fee_one_class(tariff):
    estimate = estimate_fee([25])
    assert (estimate.total, estimate.currency, estimate.to_be_confirmed) == (
        Decimal("1800.00"),
        "MAD",
        True,
    )


def test_estimate_fee_adds_360_per_additional_class(tariff):
    estimate = estimate_fee([25, 30, 35, 30])
    assert (estimate.classes, estimate.additional_classes, estimate.total) == (
        (25, 30, 35),
        2,
        Decimal("2520.00"),
    )


def test_estimate_fee_no_class_is_zero(tariff):
    assert estimate_fee([]).total == Decimal("0.00")


def test_estimate_fee_applies_reduction_for_the_applicant_kind(tariff):
    TariffReduction.objects.create(
        tariff=tariff, applicant_kind=ApplicantKind.SME, percent=Decimal("50")
    )
    sme = estimate_fee([25, 30], ApplicantKind.SME)
    company = estimate_fee([25, 30], ApplicantKind.COMPANY)
    assert (sme.subtotal, sme.reduction, sme.total) == (
        Decimal("2160.00"),
        Decimal("1080.00"),
        Decimal("1080.00"),
    )
    assert company.total == Decimal("2160.00")


def test_estimate_fee_refuses_class_out_of_range(tariff):
    with pytest.raises(ValueError, match="1-45"):
        estimate_fee([0, 25])


def test_estimate_fee_refuses_unknown_applicant_kind(tariff):
    with pytest.raises(ValueError, match="applicant kind"):
        estimate_fee([25], "alien")


def test_current_tariff_takes_the_latest_in_force(tariff):
    newer = Tariff.objects.create(
        code="trademark-online",
        label="2026",
        first_class_fee=Decimal("2000"),
        additional_class_fee=Decimal("400"),
        valid_from=datetime.date(2026, 1, 1),
    )
    assert current_tariff(on=datetime.date(2025, 6, 1)) == tariff
    assert current_tariff(on=datetime.date(2026, 6, 1)) == newer


def test_estimate_fee_without_tariff_raises():
    Tariff.objects.all().delete()
    with pytest.raises(NoTariff):
        estimate_fee([25])
