"""Numbers written so that right-to-left text never reorders them."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

NBSP = "\u00a0"


def format_amount(value, currency="MAD"):
    """'100 000,00 MAD' with non-breaking spaces (English: '100,000.00 MAD').

    Wrap the result in <bdi dir="ltr"> in Arabic pages so the digits keep their order.
    """
    if value is None or value == "":
        return ""
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    grouped = f"{value:,.2f}"
    if (get_language() or "fr").startswith("en"):
        text = grouped
    else:
        text = grouped.replace(",", NBSP).replace(".", ",")
    return f"{text}{NBSP}{currency}" if currency else text
