"""Fee estimates for trademark and patent filings, from the tariffs an administrator maintains."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from carres.formatting import format_amount
from carres.prepared import PreparedQuery
from ip_filings.enums import ApplicantKind
from ip_filings.models import Tariff
from ip_filings.search import validate_classes

TRADEMARK_TARIFF = "trademark-online"
PATENT_TARIFF = "patent"
CENT = Decimal("0.01")


class NoTariff(LookupError):
    """No tariff is in force: an administrator must enter one."""


@dataclass(frozen=True)
class FeeEstimate:
    classes: tuple
    first_class_fee: Decimal
    additional_classes: int
    additional_class_fee: Decimal
    subtotal: Decimal
    reduction_percent: Decimal
    reduction: Decimal
    total: Decimal
    currency: str
    to_be_confirmed: bool
    tariff: Tariff
    # The tariff grants this applicant kind a reduction whose rate nobody has entered yet.
    reduction_unknown: bool = False


_TARIFF_ON = PreparedQuery(
    lambda *, code, on: (
        Tariff.objects.filter(code=code, valid_from__lte=on)
        .prefetch_related("reductions")
        .order_by("-valid_from")[:1]
    ),
    code=str,
    on=datetime.date,
)


def current_tariff(code=TRADEMARK_TARIFF, *, on=None):
    """The tariff in force on `on` (today by default): the latest that started by then."""
    tariff = _TARIFF_ON.first(code=str(code), on=on or timezone.localdate())
    if tariff is None:
        raise NoTariff(code)
    return tariff


def estimate_fee(classes, applicant_kind=ApplicantKind.COMPANY, *, tariff=None, on=None):
    """What filing a mark in `classes` costs `applicant_kind` under the tariff in force.

    ValueError for a class outside 1-45 or an unknown applicant kind; NoTariff when no
    tariff is in force. No class chosen yet: an estimate of zero. Reads only.
    """
    chosen = validate_classes(classes)
    if applicant_kind not in ApplicantKind.values:
        raise ValueError(f"unknown applicant kind: {applicant_kind!r}")
    tariff = tariff or current_tariff(on=on)
    if not chosen:
        subtotal = Decimal("0.00")
        additional = 0
    else:
        additional = len(chosen) - 1
        subtotal = tariff.first_class_fee + additional * tariff.additional_class_fee
    percent, unknown = _reduction_percent(tariff, applicant_kind)
    reduction = (subtotal * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return FeeEstimate(
        classes=chosen,
        first_class_fee=tariff.first_class_fee,
        additional_classes=additional,
        additional_class_fee=tariff.additional_class_fee,
        subtotal=subtotal.quantize(CENT),
        reduction_percent=percent,
        reduction=reduction,
        total=(subtotal - reduction).quantize(CENT),
        currency=tariff.currency,
        to_be_confirmed=tariff.to_be_confirmed,
        tariff=tariff,
        reduction_unknown=unknown,
    )


def _reduction_percent(tariff, applicant_kind):
    """(percent, unknown): the tariff's reduction for `applicant_kind`; a reduction row whose
    rate is not known counts as none, and says so."""
    for reduction in tariff.reductions.all():
        if reduction.applicant_kind == applicant_kind:
            if reduction.percent is None:
                return Decimal("0"), True
            return reduction.percent, False
    return Decimal("0"), False


@dataclass(frozen=True)
class PatentFeeEstimate:
    claims: int
    filing_fee: Decimal
    search_report_fee: Decimal
    included_claims: int
    additional_claims: int
    additional_claim_fee: Decimal
    subtotal: Decimal
    reduction_percent: Decimal
    reduction: Decimal
    total: Decimal
    currency: str
    to_be_confirmed: bool
    tariff: Tariff
    reduction_unknown: bool = False


def estimate_patent_fee(claims, applicant_kind=ApplicantKind.COMPANY, *, tariff=None, on=None):
    """What filing a patent application with `claims` claims costs `applicant_kind`: the
    filing fee, the search report, and each claim beyond those the filing fee includes,
    less the applicant's reduction. ValueError for a negative count or an unknown applicant
    kind; NoTariff when no patent tariff is in force. Reads only."""
    if claims < 0:
        raise ValueError(f"negative claim count: {claims}")
    if applicant_kind not in ApplicantKind.values:
        raise ValueError(f"unknown applicant kind: {applicant_kind!r}")
    tariff = tariff or current_tariff(PATENT_TARIFF, on=on)
    additional = max(0, claims - tariff.included_units)
    subtotal = (
        tariff.first_class_fee + tariff.search_report_fee + additional * tariff.additional_class_fee
    )
    percent, unknown = _reduction_percent(tariff, applicant_kind)
    reduction = (subtotal * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return PatentFeeEstimate(
        claims=claims,
        filing_fee=tariff.first_class_fee,
        search_report_fee=tariff.search_report_fee,
        included_claims=tariff.included_units,
        additional_claims=additional,
        additional_claim_fee=tariff.additional_class_fee,
        subtotal=subtotal.quantize(CENT),
        reduction_percent=percent,
        reduction=reduction,
        total=(subtotal - reduction).quantize(CENT),
        currency=tariff.currency,
        to_be_confirmed=tariff.to_be_confirmed,
        tariff=tariff,
        reduction_unknown=unknown,
    )


# A patent's applicants are profiled for routing (ApplicantProfile); the tariff's
# reductions are per ApplicantKind. A start-up is a small company: the SME reduction.
PROFILE_TO_APPLICANT_KIND = {
    "individual": ApplicantKind.INDIVIDUAL,
    "university": ApplicantKind.UNIVERSITY,
    "startup": ApplicantKind.SME,
    "company": ApplicantKind.COMPANY,
}


def patent_fee(filing):
    """The patent kind's fee: the estimate for the filing's claims and applicants as they
    stand, or None when no patent tariff is in force."""
    kind = PROFILE_TO_APPLICANT_KIND.get(filing.applicant_profile, ApplicantKind.COMPANY)
    try:
        return estimate_patent_fee(filing.claims.count(), kind)
    except NoTariff:
        return None


def patent_fee_text(estimate):
    """One line for the review page and the PDF: the total and what it is made of."""
    if estimate is None:
        return _("Aucun tarif n'est en vigueur : l'estimation est impossible pour le moment.")
    parts = [
        _("%(total)s au total") % {"total": format_amount(estimate.total, estimate.currency)},
        _("dépôt %(amount)s") % {"amount": format_amount(estimate.filing_fee, estimate.currency)},
        _("rapport de recherche %(amount)s")
        % {"amount": format_amount(estimate.search_report_fee, estimate.currency)},
        _("%(count)s revendication(s) au-delà de %(included)s : %(amount)s")
        % {
            "count": estimate.additional_claims,
            "included": estimate.included_claims,
            "amount": format_amount(
                estimate.additional_claims * estimate.additional_claim_fee, estimate.currency
            ),
        },
    ]
    if estimate.reduction:
        parts.append(
            _("réduction de %(percent)s %%") % {"percent": _plain(estimate.reduction_percent)}
        )
    if estimate.reduction_unknown:
        parts.append(_("réduction prévue, taux inconnu"))
    if estimate.to_be_confirmed:
        parts.append(_("tarif à confirmer"))
    return " · ".join(parts)


def _plain(percent):
    """60.00 -> '60', 12.50 -> '12.5'."""
    return f"{percent.normalize():f}"


def patent_sections(filing):
    """The patent's PDF and review sections, with the fee estimate after the claims."""
    return [
        *filing.pdf_sections(),
        {"label": _("Estimation des taxes"), "value": patent_fee_text(patent_fee(filing))},
    ]
