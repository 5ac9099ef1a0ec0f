"""Personal data (law 09-08) through providers: each app answers for its own models.

The privacy machinery in `accounts` (summary before deletion, export, account deletion,
retention) imports no feature app. Each app registers one provider in its
`AppConfig.ready()`, from its module `<app>/personal_data.py`:

    providers.register(self.label, PersonalDataProvider(
        export=[ExportSection("support_requests", 70, export_requests, "chambers/pdf/...")],
        erase_account=[Step(20, anonymise_requests_of_deleted_account)],
        retention=[Purge("support_requests", 20, purge_expired_requests)],
    ))

Every step carries its place (`order`): the export's sections, the deletion's steps and the
retention counts come in that order whichever app brings them, so the document and the
deletion read the same as when one module listed them all. The places in use:

- export: account 10, email_addresses 20, consents 30, dossiers 40, companies 50, files 60,
  support_requests 70, training_registrations 80, mark_watches 90, notifications 100,
  identity_document_downloads 110;
- erase_account (after the unfiled dossiers are erased): training sign-ups 10, support
  requests 20, the PDF export 30, mark watches 40, notifications and unsent mail 50, the
  advisor's seat 60 (then accounts closes the account itself);
- retention: drafts 10, support_requests 20, training_registrations 30, notifications 40,
  identity_download_logs 50, data_exports 60, deleted_account_consents 70 (then the
  orphan files, last).

Model: pretix's data shredders and exporters (`pretix/base/shredder.py`, the
`register_data_shredders` signal), as a registry rather than a signal.
"""

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from carres.registry import Registry


@dataclass(frozen=True)
class ExportSection:
    """One key of the export: `collect(user, export)` gives its JSON value; `template`, if
    any, draws it in the PDF (it reads `data`, the whole export)."""

    key: str
    order: int
    collect: Callable
    template: str | None = None


@dataclass(frozen=True)
class Step:
    """One step of account deletion: `run(user)`, inside the deletion's transaction."""

    order: int
    run: Callable


@dataclass(frozen=True)
class Purge:
    """One retention rule: `run(now)` deletes what is past its period, returns how many."""

    key: str
    order: int
    run: Callable


@dataclass(frozen=True)
class PersonalDataProvider:
    """What one app holds about people, and how it shows, erases and expires it.

    summary(user) -> {key: value} for the deletion confirmation page;
    erase_dossier(dossier, generic) deletes the app's rows that point at an unfiled
    dossier being erased (`generic`: content_type / object_id filter);
    stored_file_folders / stored_file_names() name the app's stored files, so that
    retention can tell an orphan file from a named one;
    hidden_fields: field names of the app's models that are plumbing, not information
    about the user (search keys, file fields exported as files), left out of the export.
    """

    export: Iterable[ExportSection] = ()
    erase_account: Iterable[Step] = ()
    erase_dossier: Callable | None = None
    retention: Iterable[Purge] = ()
    summary: Callable | None = None
    stored_file_folders: Iterable[str] = ()
    stored_file_names: Callable | None = None
    hidden_fields: Iterable[str] = ()


providers = Registry("personal-data provider")


def _ordered(attribute):
    steps = [step for provider in providers for step in getattr(provider, attribute)]
    return sorted(steps, key=lambda step: step.order)


def export_sections():
    return _ordered("export")


def erasure_steps():
    return _ordered("erase_account")


def retention_rules():
    return _ordered("retention")


# --- Helpers the providers share: values as the export writes them ----------------------

# The dossier machinery's plumbing, not information about the user; each provider adds its
# own (PersonalDataProvider.hidden_fields).
HIDDEN_FIELDS = {"owner", "dossier", "verification_code", "lock_version", "assigned_examiner"}


def hidden_fields():
    hidden = set(HIDDEN_FIELDS)
    for provider in providers:
        hidden.update(provider.hidden_fields)
    return hidden


def when(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _value(obj, model_field):
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        return str(related) if related is not None else None
    value = getattr(obj, model_field.attname)
    if isinstance(value, datetime.date):
        return when(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def fields(obj, *, hidden=()):
    """[{field, label, value}] of the concrete fields of `obj` and its many-to-many lists."""
    rows = []
    hidden = hidden_fields().union(hidden)
    for model_field in obj._meta.concrete_fields:
        if model_field.name in hidden:
            continue
        if model_field.name == "id":
            continue
        rows.append(
            {
                "field": model_field.name,
                "label": str(capfirst(model_field.verbose_name)),
                "value": _value(obj, model_field),
            }
        )
    for model_field in obj._meta.many_to_many:
        rows.append(
            {
                "field": model_field.name,
                "label": str(capfirst(model_field.verbose_name)),
                "value": [str(item) for item in getattr(obj, model_field.name).all()],
            }
        )
    return rows


def sha256(field_file):
    digest = hashlib.sha256()
    try:
        with field_file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return None
    return digest.hexdigest()


def who(actor_id, user, *, other):
    if actor_id is None:
        return None
    return _("vous") if actor_id == user.pk else other


@dataclass
class Export:
    """What the sections of one export share: the user, and their dossiers (read once)."""

    user: object
    dossiers: list = field(default_factory=list)
