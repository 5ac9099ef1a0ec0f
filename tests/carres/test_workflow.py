import threading
from datetime import date

import pytest
from django.db import connection

from carres.enums import DossierAction, DossierStatus
from carres.models import DossierEvent
from carres.workflow import (
    DossierMoved,
    IncompleteDossier,
    ReasonRequired,
    TransitionError,
    add_internal_note,
    transition,
)
from companies.models import CompanyDossier
from tests.factories.companies import make_company_dossier

pytestmark = pytest.mark.django_db


def test_transition_submit_gives_reference_and_writes_event(dossier, entrepreneur):
    event = transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.reference == f"CO-{date.today().year}-000001"
    assert dossier.lock_version == 1
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "submit",
        "draft",
        "submitted",
        entrepreneur,
    )


def test_transition_full_cycle_keeps_reference_on_resubmission(dossier, entrepreneur, examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    reference = dossier.reference
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Capital ?")
    transition(dossier, DossierAction.RESUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.ACCEPT, actor=examiner)

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ACCEPTED
    assert dossier.reference == reference
    assert dossier.assigned_examiner == examiner
    assert dossier.decided_at is not None
    assert list(dossier.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "take",
        "request_changes",
        "resubmit",
        "take",
        "accept",
    ]


def test_transition_nonexistent_action_is_refused(dossier, entrepreneur):
    with pytest.raises(TransitionError, match="n'existe pas"):
        transition(dossier, "approve", actor=entrepreneur)


def test_transition_from_wrong_status_is_refused(dossier, examiner):
    with pytest.raises(TransitionError) as caught:
        transition(dossier, DossierAction.ACCEPT, actor=examiner)
    assert type(caught.value) is TransitionError
    assert CompanyDossier.objects.get(pk=dossier.pk).status == DossierStatus.DRAFT


def test_transition_by_outsider_is_refused(dossier, outsider):
    with pytest.raises(TransitionError, match="pas le droit"):
        transition(dossier, DossierAction.SUBMIT, actor=outsider)


def test_transition_by_examiner_of_other_office_is_refused(dossier, entrepreneur, inpi_examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    with pytest.raises(TransitionError, match="pas le droit"):
        transition(dossier, DossierAction.TAKE, actor=inpi_examiner)


def test_transition_owner_cannot_take_own_dossier(dossier, entrepreneur):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    with pytest.raises(TransitionError):
        transition(dossier, DossierAction.TAKE, actor=entrepreneur)


def test_transition_reject_without_reason_is_refused(dossier, entrepreneur, examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    with pytest.raises(ReasonRequired):
        transition(dossier, DossierAction.REJECT, actor=examiner, comment="   ")
    assert CompanyDossier.objects.get(pk=dossier.pk).status == DossierStatus.IN_REVIEW


def test_transition_error_is_translated(dossier, outsider):
    from django.utils import translation

    with translation.override("en"), pytest.raises(TransitionError) as caught:
        transition(dossier, DossierAction.SUBMIT, actor=outsider)
    with translation.override("en"):
        assert str(caught.value) == "You are not allowed to do this on this dossier."


def test_transition_incomplete_dossier_lists_field_errors(entrepreneur):
    dossier = make_company_dossier(entrepreneur, name_1="", capital=None)

    with pytest.raises(IncompleteDossier) as caught:
        transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)

    assert sorted(caught.value.errors) == ["capital", "name_1"]
    stored = CompanyDossier.objects.get(pk=dossier.pk)
    assert (stored.status, stored.reference) == ("draft", None)


def test_transition_stale_version_is_refused(dossier, entrepreneur):
    with pytest.raises(DossierMoved):
        transition(dossier, DossierAction.SUBMIT, actor=entrepreneur, expected_version=7)


def test_transition_withdraw_after_decision_is_refused(dossier, entrepreneur, examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.ACCEPT, actor=examiner)
    with pytest.raises(TransitionError):
        transition(dossier, DossierAction.WITHDRAW, actor=entrepreneur)


def test_transition_stale_copy_is_told_dossier_moved(
    dossier, entrepreneur, examiner, other_examiner
):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    stale = CompanyDossier.objects.get(pk=dossier.pk)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    with pytest.raises(DossierMoved):
        transition(stale, DossierAction.TAKE, actor=other_examiner)


def test_internal_note_is_internal_event(dossier, entrepreneur, examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    event = add_internal_note(dossier, actor=examiner, comment="Vérifier le capital")
    assert (event.internal, event.action) == (True, "note")


def test_internal_note_by_owner_is_refused(dossier, entrepreneur):
    with pytest.raises(TransitionError):
        add_internal_note(dossier, actor=entrepreneur, comment="hello")


@pytest.mark.django_db(transaction=True)
def test_transition_two_examiners_at_once_exactly_one_wins(entrepreneur, examiner, other_examiner):
    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    barrier = threading.Barrier(2)
    outcomes = {}

    def take(actor):
        copy = CompanyDossier.objects.get(pk=dossier.pk)
        barrier.wait()
        try:
            transition(copy, DossierAction.TAKE, actor=actor)
            outcomes[actor.email] = "won"
        except DossierMoved:
            outcomes[actor.email] = "moved"
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in (examiner, other_examiner)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["moved", "won"]
    assert DossierEvent.objects.filter(action="take").count() == 1
    winner = next(email for email, outcome in outcomes.items() if outcome == "won")
    assert CompanyDossier.objects.get(pk=dossier.pk).assigned_examiner.email == winner
