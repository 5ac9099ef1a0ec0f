"""Every write on a company dossier and on the register. Status changes go through
carres.workflow.transition; the wizard's steps save drafts through `save_step`."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carres.enums import DossierAction
from carres.models import DossierEvent
from carres.services import attach_file
from carres.workflow import TransitionError, lock_for_edit
from companies.enums import RESERVATION_DAYS, STEPS, CompanyStatus, Verdict
from companies.models import (
    Associate,
    CompanyDossier,
    DossierDocument,
    Manager,
    NameReservation,
    RegisteredCompany,
)
from companies.selectors import checklist_key, checklist_lines

CONTENT_FIELDS = [
    "legal_form",
    "name_1",
    "name_2",
    "name_3",
    "activity",
    "capital",
    "head_office_region",
    "head_office_city",
    "head_office_address",
    "domiciled",
    "domiciliation_company",
]


def create_company_dossier(*, owner, data):
    """A new draft owned by `owner`, with a 'created' event on its timeline.

    `data` may hold any content field, plus `activity_codes`, `associates` and
    `managers` (lists of dicts) for factories and the seed."""
    data = dict(data)
    codes = data.pop("activity_codes", None)
    associates = data.pop("associates", None)
    managers = data.pop("managers", None)
    with transaction.atomic():
        dossier = CompanyDossier(
            owner=owner, **{name: data[name] for name in CONTENT_FIELDS if name in data}
        )
        dossier.refresh_name_keys()
        dossier.save()
        if codes:
            dossier.activity_codes.set(codes)
        _replace_people(dossier, Associate, associates)
        _replace_people(dossier, Manager, managers)
        DossierEvent.objects.create(
            dossier=dossier,
            actor=owner,
            action=DossierAction.CREATE,
            to_status=dossier.status,
        )
    return dossier


def _replace_people(dossier, model, rows):
    if rows is None:
        return
    model.objects.filter(dossier=dossier).delete()
    model.objects.bulk_create(
        [model(dossier=dossier, position=i, **row) for i, row in enumerate(rows)]
    )


def save_step(dossier, *, actor, step, data, expected_version, associates=None, managers=None):
    """Save one wizard step of a draft; refused once submitted, or if the page is stale.

    Side effects: the step's fields (and associates/managers or activity codes) replaced,
    lock_version bumped, the furthest step reached remembered for resuming."""
    data = dict(data)
    codes = data.pop("activity_codes", None)
    with transaction.atomic():
        locked = lock_for_edit(dossier, actor=actor, expected_version=expected_version)
        fields = [name for name in CONTENT_FIELDS if name in data]
        for name in fields:
            setattr(locked, name, data[name])
        if codes is not None:
            locked.activity_codes.set(codes)
        _replace_people(locked, Associate, associates)
        _replace_people(locked, Manager, managers)
        locked.refresh_name_keys()
        following = STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)]
        if STEPS.index(following) > STEPS.index(locked.wizard_step):
            locked.wizard_step = following
        locked.lock_version += 1
        locked.save(
            update_fields=[*fields, "name_keys", "wizard_step", "lock_version", "updated_at"]
        )
    return locked


def update_company_dossier(dossier, *, actor, data, expected_version):
    """Save edits to any content fields at once (used by the seed and tests)."""
    return save_step(
        dossier, actor=actor, step=STEPS[0], data=data, expected_version=expected_version
    )


def attach_checklist_document(dossier, *, actor, requirement, associate, upload):
    """Attach `upload` as the answer to one checklist line; the earlier file of that line is
    replaced (it stays in the timeline, see carres.services.attach_file)."""
    if requirement.legal_form_id != dossier.legal_form.pk:
        raise ValidationError(_("Cette pièce n'est pas demandée pour ce dossier."))
    with transaction.atomic():
        lock_for_edit(dossier, actor=actor)
        attachment = attach_file(
            dossier, actor=actor, upload=upload, requirement=checklist_key(requirement, associate)
        )
        return DossierDocument.objects.get(attachment=attachment)


def link_checklist_document(dossier, attachment):
    """Kind hook (`on_attach`): the checklist line the file answers now points to it."""
    for requirement, associate in checklist_lines(dossier):
        if checklist_key(requirement, associate) == attachment.requirement:
            DossierDocument.objects.update_or_create(
                dossier=dossier,
                requirement=requirement,
                associate=associate,
                defaults={"attachment": attachment},
            )
            return


def register_accepted_dossier(dossier, event=None):
    """Transition hook on acceptance (companies.apps registers it): enter the company as
    being created under its first available name, reserved 90 days.

    Side effects: a RegisteredCompany row, a NameReservation, the certificate PDF queued
    after commit. Raises TransitionError when none of the names is available any more."""
    from companies.selectors import check_name

    if RegisteredCompany.objects.filter(dossier=dossier).exists():
        return RegisteredCompany.objects.get(dossier=dossier)
    chosen = None
    for name in dossier.proposed_names:
        if check_name(name, exclude_dossier=dossier).verdict != Verdict.UNAVAILABLE:
            chosen = name
            break
    if chosen is None:
        raise TransitionError(
            _("Aucune des dénominations proposées n'est disponible : demandez-en une autre.")
        )
    company = RegisteredCompany.objects.create(
        name=chosen,
        legal_form=dossier.legal_form,
        capital=dossier.capital,
        head_office_city=dossier.head_office_city,
        head_office_address=dossier.head_office_address,
        owner=dossier.owner,
        dossier=dossier,
    )
    now = timezone.now()
    reservation = NameReservation.objects.create(
        dossier=dossier,
        company=company,
        name=chosen,
        normalized_name=company.normalized_name,
        reserved_at=now,
        expires_at=now + timedelta(days=RESERVATION_DAYS),
    )
    from companies import tasks

    tasks.render_name_certificate.delay_on_commit(reservation.pk)
    return company


def record_company_identifiers(company, *, actor, rc_number, rc_court, ice, if_number):
    """The examiner records RC, ICE and IF: the company becomes registered, its name is its own.

    Raises ValidationError {field: message} on a bad ICE or IF."""
    from companies.validators import validate_ice, validate_if

    errors = {}
    for name, validator, value in (
        ("ice", validate_ice, ice),
        ("if_number", validate_if, if_number),
    ):
        try:
            validator(value)
        except ValidationError as error:
            errors[name] = error.messages
    if not (rc_number or "").strip():
        errors["rc_number"] = [_("Ce champ est obligatoire.")]
    if errors:
        raise ValidationError(errors)
    if not (actor.is_examiner or actor.is_administrator):
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    with transaction.atomic():
        locked = RegisteredCompany.objects.select_for_update().get(pk=company.pk)
        locked.rc_number = rc_number.strip()
        locked.rc_court = (rc_court or "").strip()
        locked.ice = ice.strip()
        locked.if_number = if_number.strip()
        locked.status = CompanyStatus.REGISTERED
        locked.registered_at = timezone.now()
        locked.save(
            update_fields=["rc_number", "rc_court", "ice", "if_number", "status", "registered_at"]
        )
        # The register now holds the name: the reservation has served its purpose.
        locked.reservations.filter(released_at__isnull=True).update(released_at=timezone.now())
    return locked


def release_expired_reservations(*, now=None):
    """Release reservations past 90 days whose company never got registered; their
    being-created entry leaves the register (struck off), so the name is free again."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(
            NameReservation.objects.select_for_update()
            .filter(released_at__isnull=True, expires_at__lte=now)
            .values_list("pk", "company_id")
        )
        NameReservation.objects.filter(pk__in=[pk for pk, _ in expired]).update(released_at=now)
        RegisteredCompany.objects.filter(
            pk__in=[company for _, company in expired], status=CompanyStatus.BEING_CREATED
        ).update(status=CompanyStatus.STRUCK_OFF)
    return len(expired)
