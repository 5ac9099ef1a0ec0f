"""What a company dossier must satisfy to be submitted: the legal form's rules, as data."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carres.formatting import format_amount
from companies.enums import AssociateKinds, ManagerRole, PersonKind, Verdict


def _add(errors, field, message):
    errors.setdefault(field, []).append(message)


def names_errors(dossier, errors, checks=None):
    """One message per name field: the verdict's reason when it is unavailable (a name
    repeating an earlier choice included, see `check_names`)."""
    if not dossier.name_1.strip():
        _add(errors, "name_1", _("Ce champ est obligatoire pour soumettre le dossier."))
    from companies.selectors import dossier_unavailable_names

    if checks is None:
        unavailable = dossier_unavailable_names(dossier)
    else:
        unavailable = {
            field: check.explanation
            for field, check in checks.items()
            if check.verdict == Verdict.UNAVAILABLE
        }
    for field, explanation in unavailable.items():
        _add(errors, field, explanation)


def capital_errors(dossier, form, errors):
    required = _("Ce champ est obligatoire pour soumettre le dossier.")
    associates = list(dossier.associates.all())
    if form.is_individual:
        return
    if dossier.capital is None:
        _add(errors, "capital", required)
    elif form.minimum_capital and dossier.capital < form.minimum_capital:
        _add(
            errors,
            "capital",
            _("Le capital minimum pour cette forme juridique est de %(amount)s.")
            % {"amount": format_amount(form.minimum_capital)},
        )
    count = len(associates)
    if count < form.min_associates:
        _add(
            errors,
            "associates",
            ngettext(
                "Cette forme juridique demande au moins %(count)d associé.",
                "Cette forme juridique demande au moins %(count)d associés.",
                form.min_associates,
            )
            % {"count": form.min_associates},
        )
    if form.max_associates is not None and count > form.max_associates:
        _add(
            errors,
            "associates",
            ngettext(
                "Cette forme juridique admet au plus %(count)d associé.",
                "Cette forme juridique admet au plus %(count)d associés.",
                form.max_associates,
            )
            % {"count": form.max_associates},
        )
    wanted = {AssociateKinds.NATURAL: PersonKind.NATURAL, AssociateKinds.LEGAL: PersonKind.LEGAL}
    kind = wanted.get(form.associate_kinds)
    if kind and any(a.kind != kind for a in associates):
        _add(
            errors,
            "associates",
            _("Pour cette forme juridique, les associés doivent être des %(kinds)s.")
            % {"kinds": form.get_associate_kinds_display()},
        )
    total = sum((a.contribution for a in associates), Decimal("0"))
    if associates and dossier.capital is not None and total != dossier.capital:
        _add(
            errors,
            "associates",
            _("Les apports des associés (%(total)s) doivent faire le capital (%(capital)s).")
            % {"total": format_amount(total), "capital": format_amount(dossier.capital)},
        )


def managers_errors(dossier, form, errors):
    managers = list(dossier.managers.all())
    heads = [m for m in managers if m.role in (ManagerRole.MANAGER, ManagerRole.CHAIR)]
    if form.managers_required and not heads:
        _add(errors, "managers", _("Désignez au moins un gérant ou un président."))
    board = [m for m in managers if m.role == ManagerRole.DIRECTOR]
    if form.board_required and len(board) < form.min_board_members:
        _add(
            errors,
            "managers",
            ngettext(
                "Le conseil d'administration compte au moins %(count)d membre.",
                "Le conseil d'administration compte au moins %(count)d membres.",
                form.min_board_members,
            )
            % {"count": form.min_board_members},
        )


def head_office_errors(dossier, errors):
    required = _("Ce champ est obligatoire pour soumettre le dossier.")
    if dossier.head_office_city_id is None:
        _add(errors, "head_office_city", required)
    elif dossier.head_office_region_id and (
        dossier.head_office_city.region_id != dossier.head_office_region_id
    ):
        _add(errors, "head_office_city", _("Cette ville n'est pas dans la région choisie."))
    if not dossier.head_office_address.strip():
        _add(errors, "head_office_address", required)
    if dossier.domiciled and not dossier.domiciliation_company.strip():
        _add(errors, "domiciliation_company", required)


def missing_documents(dossier, form):
    """[(requirement, associate or None)] of the checklist lines without a file."""
    done = {(d.requirement_id, d.associate_id) for d in dossier.checklist.all()}
    associates = list(dossier.associates.all())
    missing = []
    for requirement in form.required_documents.all():
        if requirement.per_associate:
            for associate in associates:
                if (requirement.pk, associate.pk) not in done:
                    missing.append((requirement, associate))
        elif (requirement.pk, None) not in done:
            missing.append((requirement, None))
    return missing


def dossier_errors(dossier, *, name_checks=None):
    """{field: [translated messages]} for every rule the dossier breaks.

    `name_checks`: {field: verdict} on the proposed names, if the caller has them already."""
    errors = {}
    form = dossier.legal_form
    if form is None:
        _add(errors, "legal_form", _("Ce champ est obligatoire pour soumettre le dossier."))
    names_errors(dossier, errors, name_checks)
    if not dossier.activity.strip():
        _add(errors, "activity", _("Ce champ est obligatoire pour soumettre le dossier."))
    head_office_errors(dossier, errors)
    if form is not None:
        capital_errors(dossier, form, errors)
        managers_errors(dossier, form, errors)
        for requirement, associate in missing_documents(dossier, form):
            label = requirement.label
            if associate is not None:
                label = f"{label} — {associate.full_name}"
            _add(errors, "documents", _("Pièce manquante : %(document)s.") % {"document": label})
    return errors
