"""The dossier-kind contract: every door of a transition runs the same hooks and one signal."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.enums import Office, Role
from carres.checks import check_every_dossier_model_has_a_kind
from carres.enums import DossierAction, DossierStatus
from carres.kinds import dossier_transitioned, kind_for
from carres.models import dossier_models
from carres.workflow import TransitionError, transition
from companies.models import CompanyDossier, RegisteredCompany
from ip_filings.models import RegisteredMark, TrademarkFiling
from tests.factories.ip_filings import make_filing, make_tariff

pytestmark = pytest.mark.django_db
TM_CHANGELIST = "/fr/admin/ip_filings/trademarkfiling/"
CO_CHANGELIST = "/fr/admin/companies/companydossier/"


@pytest.fixture
def examiner(make_user):
    user = make_user("door@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    TOTP.activate(user, generate_totp_secret())
    return user


def filing_in_review(owner, examiner, mark_text):
    filing = make_filing(owner, mark_text=mark_text)
    transition(filing, DossierAction.SUBMIT, actor=owner)
    transition(filing, DossierAction.TAKE, actor=examiner)
    return filing


# --- the doors through which an examiner accepts -------------------------------------
def accept_by_service(client, examiner, dossiers):
    for dossier in dossiers:
        transition(dossier, DossierAction.ACCEPT, actor=examiner)


def accept_in_back_office(client, examiner, dossiers):
    client.force_login(examiner)
    for dossier in dossiers:
        prefix = dossier.reference_prefix
        response = client.post(
            f"/fr/backoffice/{prefix}/{dossier.pk}/decide/",
            {"action": "accept", "lock_version": dossier.lock_version},
        )
        assert response.status_code == 302


def accept_by_admin_action(client, examiner, dossiers):
    """The admin's action on the change list: one dossier, or several at once (bulk)."""
    client.force_login(examiner)
    changelist = {TrademarkFiling: TM_CHANGELIST, CompanyDossier: CO_CHANGELIST}[type(dossiers[0])]
    response = client.post(
        changelist,
        {"action": "accept_dossiers", "_selected_action": [d.pk for d in dossiers]},
    )
    assert response.status_code == 302


DOORS = [accept_by_service, accept_in_back_office, accept_by_admin_action]


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
@pytest.mark.parametrize("count", [1, 2], ids=["one", "bulk"])
def test_trademark_acceptance_registers_the_mark_whatever_the_door(
    client, entrepreneur, examiner, door, count
):
    filings = [filing_in_review(entrepreneur, examiner, f"Bahja {n}") for n in range(count)]

    door(client, examiner, filings)

    for filing in filings:
        filing.refresh_from_db()
        assert filing.status == DossierStatus.ACCEPTED
        mark = RegisteredMark.objects.get(number=filing.reference)
        assert filing.registered_mark == mark
        assert mark.mark_text == filing.mark_text
        assert mark.classes == filing.class_numbers


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
def test_company_acceptance_enters_the_register_whatever_the_door(client, dossier, examiner, door):
    transition(dossier, DossierAction.SUBMIT, actor=dossier.owner)
    transition(dossier, DossierAction.TAKE, actor=examiner)

    door(client, examiner, [dossier])

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ACCEPTED
    assert RegisteredCompany.objects.get(dossier=dossier).name == dossier.proposed_names[0]


def test_submission_snapshots_the_trademark_fee_through_the_plain_workflow(entrepreneur):
    filing = make_filing(entrepreneur, mark_text="Zahra", classes=(25, 30))
    make_tariff()

    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    filing.refresh_from_db()
    assert (filing.fee_snapshot["total"], filing.fee_snapshot["classes"]) == ("2160.00", [25, 30])


def test_each_transition_sends_one_signal_with_its_event(entrepreneur, examiner):
    received = []

    def receiver(sender, dossier, event, **kwargs):
        received.append((sender, dossier.pk, event.action, dossier.status))

    dossier_transitioned.connect(receiver)
    try:
        filing = filing_in_review(entrepreneur, examiner, "Nour")
    finally:
        dossier_transitioned.disconnect(receiver)

    assert received == [
        (TrademarkFiling, filing.pk, DossierAction.SUBMIT, DossierStatus.SUBMITTED),
        (TrademarkFiling, filing.pk, DossierAction.TAKE, DossierStatus.IN_REVIEW),
    ]


def test_a_receiver_that_refuses_undoes_the_transition(entrepreneur, examiner):
    filing = filing_in_review(entrepreneur, examiner, "Baraka")

    def refuse(sender, dossier, event, **kwargs):
        raise TransitionError("refused by a receiver")

    dossier_transitioned.connect(refuse)
    try:
        with pytest.raises(TransitionError):
            transition(filing, DossierAction.ACCEPT, actor=examiner)
    finally:
        dossier_transitioned.disconnect(refuse)

    filing.refresh_from_db()
    assert filing.status == DossierStatus.IN_REVIEW
    assert filing.registered_mark is None
    assert not RegisteredMark.objects.filter(number=filing.reference).exists()
    assert list(filing.events.values_list("action", flat=True)) == [
        DossierAction.SUBMIT,
        DossierAction.TAKE,
    ]


def test_every_dossier_model_has_a_registered_kind():
    assert check_every_dossier_model_has_a_kind(None) == []
    assert {kind_for(model).model for model in dossier_models()} == set(dossier_models())


# --- one lock for edits, one reading of the page's version ---------------------------
def owner_withdraw_url(dossier):
    from django.urls import reverse

    return {
        "CO": lambda pk: reverse("companies:transition", args=[pk]),
        "TM": lambda pk: reverse("ip_filings:trademark_withdraw", args=[pk]),
        "PT": lambda pk: reverse("patents:patent_transition", args=[pk]),
    }[dossier.reference_prefix](dossier.pk)


def drafts_of_every_kind(owner):
    from tests.factories.companies import make_company_dossier
    from tests.factories.patents import make_patent_filing

    return [
        make_company_dossier(owner),
        make_filing(owner, mark_text="Argan"),
        make_patent_filing(owner),
    ]


@pytest.mark.parametrize("posted", ["abc", "١", "-1", "9" * 30])
def test_a_garbled_page_version_is_a_stale_page_for_every_owner_door(client, entrepreneur, posted):
    client.force_login(entrepreneur)
    for dossier in drafts_of_every_kind(entrepreneur):
        response = client.post(
            owner_withdraw_url(dossier),
            {"action": DossierAction.WITHDRAW, "lock_version": posted},
            follow=True,
        )

        assert response.status_code == 200
        assert [str(m) for m in response.context["messages"]] == [
            "Le dossier a changé entre-temps (quelqu'un d'autre a agi) : rechargez la page."
        ]
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.DRAFT


def test_the_right_page_version_withdraws_through_every_owner_door(client, entrepreneur):
    client.force_login(entrepreneur)
    for dossier in drafts_of_every_kind(entrepreneur):
        client.post(
            owner_withdraw_url(dossier),
            {"action": DossierAction.WITHDRAW, "lock_version": dossier.lock_version},
        )

        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.WITHDRAWN


def test_every_kind_refuses_an_edit_once_submitted_with_the_same_words(entrepreneur, outsider):
    from django.db import transaction

    from carres.workflow import DossierMoved, NotEditable, lock_for_edit

    for dossier in drafts_of_every_kind(entrepreneur):
        with transaction.atomic():
            assert lock_for_edit(dossier, actor=entrepreneur).pk == dossier.pk
            with pytest.raises(DossierMoved):
                lock_for_edit(dossier, actor=entrepreneur, expected_version=99)
            with pytest.raises(TransitionError) as refused:
                lock_for_edit(dossier, actor=outsider)
            assert str(refused.value) == "Vous n'avez pas le droit de faire cela sur ce dossier."
        transition(dossier, DossierAction.WITHDRAW, actor=entrepreneur)
        with transaction.atomic(), pytest.raises(NotEditable) as refused:
            lock_for_edit(dossier, actor=entrepreneur)
        assert str(refused.value) == "Ce dossier ne peut plus être modifié."


# --- one steps indicator for every wizard ---------------------------------------------
def test_every_wizard_shows_the_same_steps_indicator_in_arabic(client, entrepreneur):
    from tests.factories.patents import make_patent_filing

    client.force_login(entrepreneur)
    company = drafts_of_every_kind(entrepreneur)[0]
    pages = {
        "company": f"/ar/companies/{company.pk}/step/{company.wizard_step}/",
        "trademark": "/ar/trademarks/dossiers/new/",
        "patent": f"/ar/patents/{make_patent_filing(entrepreneur).pk}/review/",
    }
    for kind, url in pages.items():
        content = client.get(url).content.decode()
        assert content.count('<nav class="wizard-progress" aria-label="خطوات الملف">') == 1, kind
        assert content.count('aria-current="step"') == 1, kind
        assert "المرحلة" in content, kind


def test_steps_indicator_marks_done_only_what_is_behind():
    from carres.wizard import progress

    steps = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]

    free = progress(steps, "b", url_for=lambda slug: f"/{slug}/")
    kept = progress(steps, "b", url_for=lambda slug: f"/{slug}/", reached=2)

    assert [(s["url"], s["current"], s["done"]) for s in free["steps"]] == [
        ("/a/", False, True),
        ("/b/", True, False),
        ("/c/", False, False),
        ("/d/", False, False),
    ]
    assert [(s["url"], s["current"], s["done"]) for s in kept["steps"]] == [
        ("/a/", False, True),
        ("/b/", True, False),
        ("/c/", False, False),
        ("", False, False),
    ]
    assert (free["number"], free["count"]) == (2, 4)


# --- one owner's page for every kind ------------------------------------------------
def test_every_kind_has_the_same_owner_page_with_its_own_addresses(client, entrepreneur):
    client.force_login(entrepreneur)
    for dossier in drafts_of_every_kind(entrepreneur):
        content = client.get(f"/ar{dossier.get_absolute_url()[3:]}").content.decode()

        withdraw = owner_withdraw_url(dossier).replace("/fr/", "/ar/", 1)
        assert content.count(f'<form method="post" action="{withdraw}">') == 1, dossier
        assert content.count('<dl class="dossier-meta">') == 1, dossier
        assert "<h2>محتوى الملف</h2>" in content, dossier
        assert "<h2>سجل الملف</h2>" in content, dossier


def test_every_kind_is_submitted_from_its_review_page_with_the_same_answer(client, entrepreneur):
    from django.urls import reverse

    client.force_login(entrepreneur)
    for dossier in drafts_of_every_kind(entrepreneur):
        review = {
            "CO": lambda pk: reverse("companies:step", args=[pk, "review"]),
            "TM": lambda pk: reverse("ip_filings:trademark_review", args=[pk]),
            "PT": lambda pk: reverse("patents:patent_review", args=[pk]),
        }[dossier.reference_prefix](dossier.pk)

        response = client.post(review, {"lock_version": dossier.lock_version}, follow=True)

        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.SUBMITTED
        assert response.redirect_chain[-1][0] == dossier.get_absolute_url()
        assert [str(m) for m in response.context["messages"]] == [
            f"Dossier soumis sous la référence {dossier.reference}."
        ]
