"""What a trademark filing needs before submission, and what its PDF shows."""

import base64

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _

from carres.formatting import format_amount, format_date
from ip_filings.enums import ApplicantKind, MarkType

PRIORITY_MONTHS = 6


def priority_date_error(value, *, today=None):
    """The translated reason a priority date is refused, or None (Paris Convention: 6 months)."""
    if value is None:
        return None
    today = today or timezone.localdate()
    if value > today:
        return _("La date de priorité ne peut pas être dans le futur.")
    if value < today - relativedelta(months=PRIORITY_MONTHS):
        return _(
            "La priorité ne peut plus être revendiquée : la date a plus de six mois "
            "(délai de priorité des marques)."
        )
    return None


def submission_errors(filing):
    required = _("Ce champ est obligatoire pour soumettre le dossier.")
    errors = {}
    if filing.mark_type in (MarkType.WORD, MarkType.COMBINED) and not filing.mark_text.strip():
        errors["mark_text"] = [_("Indiquez le texte de la marque.")]
    if filing.has_logo and not filing.logo:
        errors["logo"] = [_("Ajoutez le logo de la marque (image PNG ou JPEG).")]
    classes = list(filing.filing_classes.all())
    if not classes:
        errors["classes"] = [_("Choisissez au moins une classe.")]
    else:
        empty = [str(c.number) for c in classes if not c.terms.strip() and not c.nice_terms.all()]
        if empty:
            errors["terms"] = [
                _("Indiquez les produits ou services de la classe %(classes)s.")
                % {"classes": ", ".join(empty)}
            ]
    if not filing.applicant_name.strip():
        errors["applicant_name"] = [required]
    if not filing.applicant_address.strip():
        errors["applicant_address"] = [required]
    has_priority = filing.priority_country or filing.priority_date or filing.priority_number
    if has_priority:
        for name in ("priority_country", "priority_date", "priority_number"):
            if not getattr(filing, name):
                errors[name] = [
                    _("Une revendication de priorité demande le pays, la date et le numéro.")
                ]
        problem = priority_date_error(filing.priority_date)
        if problem:
            errors["priority_date"] = [problem]
    return errors


def logo_data_uri(filing):
    if not filing.logo or filing.logo_mime not in ("image/png", "image/jpeg"):
        return ""
    with filing.logo.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode()
    return f"data:{filing.logo_mime};base64,{data}"


def fee_text(snapshot):
    if not snapshot:
        return "—"
    text = _("%(total)s pour %(count)s classe(s)") % {
        "total": format_amount(snapshot["total"], snapshot.get("currency", "MAD")),
        "count": len(snapshot.get("classes", [])),
    }
    if snapshot.get("reduction_percent") and float(snapshot["reduction_percent"]):
        text += " · " + _("réduction de %(percent)s %%") % {
            "percent": snapshot["reduction_percent"]
        }
    if snapshot.get("to_be_confirmed"):
        text += " · " + _("tarif à confirmer")
    return text


def pdf_sections(filing):
    classes = list(filing.filing_classes.all())
    sections = [
        {"label": _("Type de marque"), "value": filing.get_mark_type_display()},
        {"label": _("Texte de la marque"), "value": filing.mark_text},
        {"label": _("Translittération"), "value": filing.transliteration},
    ]
    if filing.has_logo:
        sections.append(
            {
                "label": _("Logo"),
                "value": filing.logo_name or "—",
                "image": logo_data_uri(filing),
            }
        )
    sections += [
        {"label": _("Couleurs revendiquées"), "value": filing.colours},
        {
            "label": _("Classes et produits ou services"),
            "value": "\n".join(f"{c.number} : {'; '.join(c.all_terms()) or '—'}" for c in classes),
        },
        {
            "label": _("Déposant"),
            "value": "\n".join(
                part
                for part in (
                    filing.applicant_name,
                    str(ApplicantKind(filing.applicant_kind).label),
                    filing.applicant_address,
                )
                if part
            ),
        },
        {
            "label": _("Mandataire"),
            "value": "\n".join(
                p for p in (filing.representative_name, filing.representative_address) if p
            ),
        },
        {
            "label": _("Priorité revendiquée"),
            "value": (
                f"{filing.priority_country} · {format_date(filing.priority_date)} · "
                f"{filing.priority_number}"
                if filing.priority_date
                else _("Aucune")
            ),
        },
        {"label": _("Estimation des taxes"), "value": fee_text(filing.fee_snapshot)},
        {
            "label": _("Recherche d'antériorités"),
            "value": (
                _("%(count)s marque(s) proche(s) jointe(s) au dossier le %(date)s")
                % {
                    "count": len(filing.prior_search),
                    "date": format_date(filing.prior_search_at),
                }
                if filing.prior_search_at
                else _("Non jointe")
            ),
        },
    ]
    return sections
