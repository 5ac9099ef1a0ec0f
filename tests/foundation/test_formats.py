"""Dates, times and amounts as each language's reader expects them (carres/formats/,
carres/formatting.py), and Arabic-Indic digits accepted wherever a form takes digits."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from carres.formatting import (
    format_amount,
    format_date,
    format_datetime,
    format_number,
    format_time,
    normalize_digits,
)

NBSP = "\u00a0"
# 6 December 2026, 05:13 in Casablanca (the site's time zone), stored in UTC.
MOMENT = datetime.datetime(2026, 12, 6, 5, 13, tzinfo=ZoneInfo("Africa/Casablanca")).astimezone(
    datetime.UTC
)
DAY = datetime.date(2026, 12, 6)

EXPECTED = {
    # language: (SHORT_DATE, SHORT_DATETIME, DATE, DATETIME, TIME, amount)
    "fr": (
        "06/12/2026",
        "06/12/2026 05:13",
        "6 décembre 2026",
        "6 décembre 2026 05:13",
        "05:13",
        f"1{NBSP}234,50{NBSP}MAD",
    ),
    "ar": (
        "06/12/2026",
        "06/12/2026 05:13",
        "6 ديسمبر 2026",
        "6 ديسمبر 2026 05:13",
        "05:13",
        f"1{NBSP}234,50{NBSP}درهم",
    ),
    "en": (
        "06/12/2026",
        "06/12/2026 05:13",
        "6 December 2026",
        "6 December 2026 05:13",
        "05:13",
        "1,234.50\u00a0MAD",
    ),
}


@pytest.mark.parametrize("language", EXPECTED)
def test_templates_format_dates_day_first_with_24_hour_times(language):
    template = Template(
        '{{ m|date:"SHORT_DATE_FORMAT" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}|'
        '{{ m|date:"DATE_FORMAT" }}|{{ m|date:"DATETIME_FORMAT" }}|{{ m|time:"TIME_FORMAT" }}|'
        "{{ m|date }}"
    )
    with translation.override(language):
        rendered = template.render(Context({"m": MOMENT})).split("|")
    short_date, short_datetime, date, datetime_, time, _amount = EXPECTED[language]
    assert rendered == [short_date, short_datetime, date, datetime_, time, date]


@pytest.mark.parametrize("language", EXPECTED)
def test_formatting_helpers_follow_the_language(language):
    short_date, short_datetime, date, datetime_, time, amount = EXPECTED[language]
    with translation.override(language):
        assert format_date(MOMENT) == short_date
        assert format_date(DAY) == short_date
        assert format_date(DAY, "DATE_FORMAT") == date
        assert format_datetime(MOMENT) == short_datetime
        assert format_datetime(MOMENT, "DATETIME_FORMAT") == datetime_
        assert format_time(MOMENT) == time
        assert format_amount(Decimal("1234.5")) == amount
        assert format_amount(None) == ""


@pytest.mark.parametrize("language", EXPECTED)
def test_amount_filter_is_the_helper(language):
    template = Template("{% load carres %}{{ v|amount }}|{{ v|amount:'' }}|{{ r|number:2 }}")
    with translation.override(language):
        rendered = template.render(Context({"v": Decimal("1234.5"), "r": 4.5}))
    amount = EXPECTED[language][5]
    separator = "." if language == "en" else ","
    assert rendered == f"{amount}|{amount.rsplit(NBSP, 1)[0]}|4{separator}50"


def test_numbers_group_thousands_and_round_half_up():
    with translation.override("ar"):
        assert format_number(Decimal("1234567.125"), 2) == f"1{NBSP}234{NBSP}567,13"
        assert format_number(42) == "42"
        assert format_amount(Decimal("350"), "EUR") == f"350,00{NBSP}يورو"
    with translation.override("en"):
        assert format_number(Decimal("1234567.125"), 2) == "1,234,567.13"


def test_dates_and_amounts_keep_their_order_in_arabic_text():
    """Inside a date, a time or a number, every separator is a "common number separator" for
    the bidirectional algorithm (not a space, which would let a right-to-left paragraph show
    "1 234" as "234 1"). Between the date and the time a plain space: an Arabic reader meets
    the date first, then the time, reading from the right."""
    import unicodedata

    with translation.override("ar"):
        texts = [*format_datetime(MOMENT).split(" "), format_number(Decimal("1234567.5"), 2)]
    assert texts[:2] == ["06/12/2026", "05:13"]
    for text in texts:
        assert {unicodedata.bidirectional(c) for c in text} == {"EN", "CS"}, text


def test_arabic_indic_and_persian_digits_read_as_western():
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ١٢٣٫٥٠") == "0123456789 0123456789 123.50"
    assert normalize_digits(None) is None


def test_profile_accepts_a_phone_typed_in_arabic_indic_digits(entrepreneur):
    from accounts.forms import ProfileForm

    form = ProfileForm(
        {
            "first_name": "سلمى",
            "last_name": "بناني",
            "phone": "+٢١٢ ٦ ١٢ ٣٤ ٥٦ ٧٨",
            "preferred_language": "ar",
        },
        instance=entrepreneur,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+212 6 12 34 56 78"
    assert form.cleaned_data["first_name"] == "سلمى"  # free text is left as written


def test_wizard_amount_accepts_arabic_indic_digits(entrepreneur):
    from companies.forms import CapitalStepForm
    from tests.factories.companies import make_company_dossier

    dossier = make_company_dossier(entrepreneur)
    form = CapitalStepForm({"capital": "١٠٠٠٠٠٫٥٠", "lock_version": "۳"}, instance=dossier)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["capital"], form.cleaned_data["lock_version"]) == (
        Decimal("100000.50"),
        3,
    )


def test_appointment_date_accepts_arabic_indic_digits():
    from chambers.forms import AppointmentForm

    with translation.override("ar"):
        form = AppointmentForm({"starts_at": "٢٠٣٠-٠١-١٥T٠٩:٣٠", "place": "غرفة ٣"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"].strftime("%Y-%m-%d %H:%M") == "2030-01-15 09:30"
    assert form.cleaned_data["place"] == "غرفة ٣"  # a place is text: its digits stay


def test_fee_estimate_page_reads_arabic_digits_and_shows_dirhams(client, db):
    from ip_filings.models import Tariff
    from ip_filings.seed.reference import OMPIC_2017_TARIFF

    Tariff.objects.all().delete()  # the default rows the migrations enter
    Tariff.objects.create(
        code="trademark-online", valid_from=datetime.date(2017, 1, 1), **OMPIC_2017_TARIFF
    )
    response = client.get("/ar/trademarks/fees/", {"classes": "٢٥، ٣٠", "applicant_kind": "sme"})
    assert response.status_code == 200
    estimate = response.context["estimate"]
    assert estimate is not None
    with translation.override("ar"):
        total = format_amount(estimate.total, estimate.currency)
    assert total == f"2{NBSP}160,00{NBSP}درهم"
    assert total in response.content.decode()
