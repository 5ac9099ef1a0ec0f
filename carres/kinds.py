"""The dossier-kind contract: what a kind of dossier tells the shared machinery.

Each feature app registers its kinds once, in its `AppConfig.ready()`:

    register_kind(DossierKind(TrademarkFiling, on_transition={ACCEPT: [enter_register]}))

`carres.workflow.transition`, the single status writer, runs the kind's hooks for the action
inside its transaction, then sends `dossier_transitioned`. Whatever the door the event
comes through (owner page, back office, admin action, bulk action, task, seed), the same
hooks run: a side effect lives in a hook, never in a view or a wrapper around `transition`.
Model: pretalx's `Submission._set_state` and its state-change signal.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.dispatch import Signal

# Sent by carres.workflow.transition inside its transaction, after the kind's hooks ran
# (and by carres.routing.reassign_office, event action REASSIGN, the status unchanged).
# sender: the dossier model; kwargs: dossier (the locked row, already saved), event.
# A receiver that raises undoes the transition; one that has effects outside the database
# queues them with transaction.on_commit.
dossier_transitioned = Signal()

TransitionHook = Callable[[object, object], None]


@dataclass(frozen=True)
class Requirement:
    """A document a dossier asks for: each upload answers one (`Attachment.requirement` is
    its key). A newer file replaces the current one, unless `many` files are expected
    (drawings). `required`: the dossier lacks it until a file answers it."""

    key: str
    label: str
    required: bool = True
    many: bool = False


@dataclass(frozen=True)
class DossierKind:
    """One kind of dossier and what it adds to the shared machinery.

    on_transition: {action: [hook(dossier, event), ...]}, run in order inside the
    transition's transaction, after the status is saved and the event written. A hook
    that raises (a TransitionError says why to the actor) undoes the whole transition.
    wizard: its `carres.wizard.Wizard` (steps and their forms, templates, addresses).
    validate: validation before submit, dossier -> {field: [translated messages]}; the
    model's `submission_errors()` when not given.
    sections: the PDF's (and the owner page's) sections, dossier -> [{label, value, ...}];
    the model's `pdf_sections()` when not given.
    fee: the fee as things stand, dossier -> an estimate with `total` and `currency`, or
    None; a kind with no fee leaves it None.
    requirements: the documents it asks for, dossier -> [Requirement] (none when not given:
    every upload is then a free document).
    on_attach: hook(dossier, attachment) run inside `carres.services.attach_file`'s
    transaction once a file answering a requirement is saved (a company links its checklist).
    """

    model: type
    on_transition: Mapping[str, Iterable[TransitionHook]] = field(default_factory=dict)
    wizard: object = None
    validate: Callable | None = None
    sections: Callable | None = None
    fee: Callable | None = None
    requirements: Callable | None = None
    on_attach: Callable | None = None

    def hooks_for(self, action) -> tuple[TransitionHook, ...]:
        return tuple(self.on_transition.get(action, ()))

    def submission_errors(self, dossier) -> dict:
        """{field: [messages]} that keep `dossier` from being submitted (empty: none): the
        model's `submission_errors()`, which asks `validate` unless the model answers itself."""
        return dossier.submission_errors()

    def document_requirements(self, dossier) -> list[Requirement]:
        return list(self.requirements(dossier)) if self.requirements is not None else []

    def pdf_sections(self, dossier) -> list:
        if self.sections is not None:
            return self.sections(dossier)
        return dossier.pdf_sections()


_KINDS: dict[type, DossierKind] = {}


def register_kind(kind: DossierKind) -> DossierKind:
    """Register `kind` (from an AppConfig.ready()); registering a model twice is a mistake."""
    existing = _KINDS.get(kind.model)
    if existing is not None and existing != kind:
        raise RuntimeError(f"dossier kind {kind.model.__name__} is registered twice")
    _KINDS[kind.model] = kind
    return kind


def kind_for(model) -> DossierKind:
    """The registered kind of `model` (a dossier model or instance)."""
    model = model if isinstance(model, type) else type(model)
    model = model._meta.concrete_model
    try:
        return _KINDS[model]
    except KeyError:
        raise LookupError(
            f"{model.__name__} is a dossier model with no registered kind: call "
            "carres.kinds.register_kind in its app's AppConfig.ready()"
        ) from None


def registered_kinds() -> list[DossierKind]:
    return list(_KINDS.values())


def run_transition_hooks(dossier, event) -> None:
    """The kind's hooks for `event.action`, then the signal (inside the caller's transaction)."""
    for hook in kind_for(dossier).hooks_for(event.action):
        hook(dossier, event)
    dossier_transitioned.send(sender=type(dossier), dossier=dossier, event=event)
