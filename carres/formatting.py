"""The one place where dates, times, numbers and amounts become text outside a template's
`|date` filter: PDFs, e-mails, messages built in Python, CSV exports, the admin's lists.

Everything reads the active language's formats (settings.FORMAT_MODULE_PATH, carres/formats/),
so a French page shows `06/12/2026 05:13` and `1 234,50 MAD`, an Arabic one `06/12/2026 05:13`
and `1 234,50 درهم`, an English one `06/12/2026 05:13` and `1,234.50 MAD`. Templates use
Django's named formats (`|date:"SHORT_DATE_FORMAT"`) and the `amount` filter of
`{% load carres %}`, which calls `format_amount`.

The separators (`/`, `:`, `,`, U+00A0) are all "common number separators" to the Unicode
bidirectional algorithm: a date or an amount keeps its order inside an Arabic sentence.

Input goes the other way: `normalize_digits` turns Arabic-Indic (٠-٩) and Persian (۰-۹) digits
and separators into the Western ones, for the form fields that take numbers, dates, phones and
codes (`DigitsNormalizingFormMixin`, accounts/forms and the wizards' base forms use it).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils import dateformat, formats, numberformat, timezone
from django.utils.translation import get_language, pgettext

NBSP = "\u00a0"

# The currencies the portal shows; what an Arabic reader of Moroccan forms reads for each.
# pgettext so that "MAD" (a code in French and English) can be "درهم" in Arabic.
CURRENCIES = {
    "MAD": lambda: pgettext("currency", "MAD"),
    "EUR": lambda: pgettext("currency", "EUR"),
}


def currency_label(code):
    label = CURRENCIES.get(code)
    return label() if label else code


def format_number(value, decimal_places=None, *, grouping=True):
    """`1 234,5` (fr, ar) / `1,234.5` (en); `decimal_places` pads or rounds half up."""
    if value is None or value == "":
        return ""
    if decimal_places is not None:
        try:
            value = Decimal(value).quantize(
                Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP
            )
        except InvalidOperation:
            return str(value)
    lang = get_language()
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR", lang),
        decimal_pos=decimal_places,
        grouping=formats.get_format("NUMBER_GROUPING", lang) if grouping else 0,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR", lang),
        force_grouping=grouping,
    )


def format_amount(value, currency="MAD"):
    """'100 000,00 MAD' (fr), '100 000,00 درهم' (ar), '100,000.00 MAD' (en): non-breaking
    spaces throughout, so an amount is never cut at the end of a line nor reordered in an
    Arabic sentence."""
    if value is None or value == "":
        return ""
    text = format_number(value, 2)
    return f"{text}{NBSP}{currency_label(currency)}" if currency else text


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value, format_name="SHORT_DATE_FORMAT"):
    """`06/12/2026` by default; `format_name` is one of Django's named formats."""
    if not value:
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return dateformat.format(value, formats.get_format(format_name, get_language()))


def format_datetime(value, format_name="SHORT_DATETIME_FORMAT"):
    """`06/12/2026 05:13` by default, in the site's time zone."""
    if not value:
        return ""
    return dateformat.format(_local(value), formats.get_format(format_name, get_language()))


def format_month(value):
    """`décembre 2026` (fr), `ديسمبر 2026` (ar), `December 2026` (en): a month, given as
    "2026-12" or a date, in the active language (a select's label where `<input type="month">`
    would speak the browser's language)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date(int(value[:4]), int(value[5:7]), 1)
    return dateformat.format(value, formats.get_format("YEAR_MONTH_FORMAT", get_language()))


def format_time(value):
    """`05:13`."""
    if not value:
        return ""
    return dateformat.time_format(_local(value), formats.get_format("TIME_FORMAT", get_language()))


# --- input -----------------------------------------------------------------------------------
DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic ٠١٢٣٤٥٦٧٨٩
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian, Urdu) ۰-۹
        "\u066b": ".",  # Arabic decimal separator ٫: a number field's decimal point
        "\u066c": "",  # Arabic thousands separator ٬: no field takes a grouped number
    }
)


def normalize_digits(text):
    """Western digits for Arabic-Indic and Persian ones, and their separators."""
    if not isinstance(text, str):
        return text
    return text.translate(DIGITS)


# Fields whose input is digits whatever their type says: a name made of one of these words.
DIGIT_NAME_PARTS = frozenset(
    {"phone", "telephone", "tel", "mobile", "cin", "ice", "if", "rc", "cnss", "postal", "zip",
     "code", "codes", "number", "numero", "year", "capital", "contribution", "share", "amount",
     "threshold", "date", "at", "on", "version", "identifier"}
)  # fmt: skip
TEMPORAL_OR_NUMERIC = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.TimeField,
    forms.DateTimeField,
    forms.SplitDateTimeField,
)
NUMERIC_INPUT_TYPES = frozenset({"number", "tel", "date", "time", "datetime-local", "month"})
NUMERIC_INPUT_MODES = frozenset({"numeric", "decimal", "tel"})


def takes_digits(name, field):
    """Whether a form field's input is a number, a date, a phone or a code."""
    if isinstance(field, TEMPORAL_OR_NUMERIC):
        return True
    widget = field.widget
    if getattr(widget, "input_type", None) in NUMERIC_INPUT_TYPES:
        return True
    if widget.attrs.get("inputmode") in NUMERIC_INPUT_MODES:
        return True
    return bool(DIGIT_NAME_PARTS.intersection(name.lower().split("_")))


class DigitsNormalizingFormMixin:
    """Reads ٠١٢٣٤٥٦٧٨٩ (and ۰-۹) as 0123456789 in the fields that take digits (see
    `takes_digits`; name more in `digits_fields`), before any field cleans its value: an Arabic
    keyboard's digits are as good as Western ones, and what is stored is Western.

    Put it first among a form's bases; a formset's forms inherit it from their class. (The
    Nice class fields read every script's digits themselves, and echo what was typed in their
    errors: their forms do without it.)"""

    digits_fields = ()

    def full_clean(self):
        if self.is_bound:
            self._normalize_digits()
        super().full_clean()

    def _normalize_digits(self):
        keys = []
        for name, field in self.fields.items():
            if name in self.digits_fields or takes_digits(name, field):
                key = self.add_prefix(name)
                keys += [key, f"{key}_0", f"{key}_1"]  # MultiWidget parts (date, time)
        data = self.data.copy()  # a QueryDict's copy is mutable; a dict's is a dict
        changed = False
        for key in keys:
            if key not in data:
                continue
            if hasattr(data, "getlist"):
                values = data.getlist(key)
                normalized = [normalize_digits(value) for value in values]
                if normalized != values:
                    data.setlist(key, normalized)
                    changed = True
            elif isinstance(data[key], str) and normalize_digits(data[key]) != data[key]:
                data[key] = normalize_digits(data[key])
                changed = True
        if changed:
            self.data = data
