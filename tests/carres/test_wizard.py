"""The wizard engine (carres.wizard), tested once against every registered dossier kind.

Each test runs for every kind that `carres.kinds.registered_kinds()` knows, through its
own wizard's URLs, so that a fix in the engine (or a kind that breaks the contract)
shows for all of them. The kinds' own steps keep their own tests next to their app.
"""

import pytest
from django.utils.html import escape

from accounts.enums import Role
from carres import wizard as engine
from carres.enums import DossierAction, DossierStatus
from carres.kinds import registered_kinds
from carres.workflow import DossierMoved, transition
from companies.models import CompanyDossier, LegalForm
from companies.services import create_company_dossier
from ip_filings.models import PatentFiling, TrademarkFiling
from ip_filings.services.patent import create_patent_filing
from ip_filings.services.trademark import create_trademark_filing
from tests.factories.companies import ensure_legal_forms, make_company_dossier
from tests.factories.ip_filings import make_filing
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db


def _blank_company(owner):
    ensure_legal_forms()
    return create_company_dossier(
        owner=owner, data={"legal_form": LegalForm.objects.get(code="sarl")}
    )


# How the tests get a kind's dossiers: complete (ready to submit) and blank (just created).
COMPLETE = {
    CompanyDossier: make_company_dossier,
    TrademarkFiling: make_filing,
    PatentFiling: make_patent_filing,
}
BLANK = {
    CompanyDossier: _blank_company,
    TrademarkFiling: lambda owner: create_trademark_filing(owner=owner, data={}),
    PatentFiling: lambda owner: create_patent_filing(owner=owner, data={}),
}
KINDS = registered_kinds()


@pytest.fixture(params=KINDS, ids=lambda kind: kind.model.__name__)
def kind(request):
    return request.param


def test_every_registered_kind_is_covered_here_and_has_a_wizard():
    assert {kind.model for kind in KINDS} == set(COMPLETE) == set(BLANK)
    for kind in KINDS:
        assert isinstance(kind.wizard, engine.Wizard), kind.model
        assert kind.wizard.model is kind.model


def test_steps_are_unique_and_end_with_the_review(kind):
    steps = kind.wizard.steps

    slugs = [step.slug for step in steps]

    assert len(slugs) == len(set(slugs)) >= 3
    assert isinstance(steps[-1], engine.ReviewStep)
    assert not any(isinstance(step, engine.ReviewStep) for step in steps[:-1])
    assert all(str(step.title) for step in steps)


def test_every_error_of_a_blank_draft_belongs_to_a_step(kind, entrepreneur):
    dossier = BLANK[kind.model](entrepreneur)

    errors = kind.submission_errors(dossier)

    assert errors  # a blank draft cannot be submitted
    fields = {name for step in kind.wizard.steps for name in step.fields}
    assert set(errors) <= fields


def _post_data(form, **extra):
    """What the page's form sends back unchanged (the values it shows)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[bound.html_name] = "on" if value is True else str(getattr(value, "pk", value))
    return {**data, **extra}


def _second_step(kind, dossier):
    wizard = kind.wizard
    return wizard.slugs[1], wizard.step_url(dossier, wizard.slugs[1])


def test_each_step_shows_the_progress_partial_at_its_place(kind, client, entrepreneur):
    dossier = COMPLETE[kind.model](entrepreneur)
    wizard = kind.wizard
    client.force_login(entrepreneur)

    for number, slug in enumerate(wizard.slugs, start=1):
        response = client.get(wizard.step_url(dossier, slug))

        assert response.status_code == 200, slug
        progress = response.context["progress"]
        assert (progress["number"], progress["count"]) == (number, len(wizard.slugs))
        assert [item["current"] for item in progress["steps"]].index(True) == number - 1
        assert response.context["step"] == slug
        assert response.context["dossier"] == dossier
        assert b'class="wizard-progress"' in response.content
        assert b'aria-current="step"' in response.content


@pytest.mark.parametrize(
    ("button", "offset"), [("next", 1), ("previous", -1)], ids=["next", "previous"]
)
def test_saving_a_step_goes_on_to_the_step_asked_for(kind, client, entrepreneur, button, offset):
    dossier = COMPLETE[kind.model](entrepreneur)
    wizard = kind.wizard
    slug, url = _second_step(kind, dossier)
    client.force_login(entrepreneur)
    form = client.get(url).context["form"]

    response = client.post(url, _post_data(form, **{button: "1"}))

    expected = wizard.step_url(dossier, wizard.slugs[wizard.slugs.index(slug) + offset])
    assert (response.status_code, response["Location"]) == (302, expected)


def test_save_and_quit_goes_back_to_the_dossier(kind, client, entrepreneur):
    dossier = COMPLETE[kind.model](entrepreneur)
    _slug, url = _second_step(kind, dossier)
    client.force_login(entrepreneur)
    form = client.get(url).context["form"]

    response = client.post(url, _post_data(form, quit="1"))

    assert (response.status_code, response["Location"]) == (302, dossier.get_absolute_url())


def _changes_requested(dossier, make_user):
    """`dossier` submitted, taken and sent back for changes: editable again, at a new
    lock_version (a page read before is stale)."""
    owner = dossier.owner
    transition(dossier, DossierAction.SUBMIT, actor=owner)
    examiner = make_user(
        f"exam-{dossier.office}@office.ma", role=Role.EXAMINER, office=dossier.office
    )
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Précisez.")
    dossier.refresh_from_db()
    return dossier


def test_a_stale_page_saves_nothing_and_says_so(kind, client, entrepreneur, make_user):
    dossier = COMPLETE[kind.model](entrepreneur)
    _slug, url = _second_step(kind, dossier)
    client.force_login(entrepreneur)
    form = client.get(url).context["form"]
    stale = _post_data(form, next="1")
    stale["lock_version"] = str(dossier.lock_version)
    dossier = _changes_requested(dossier, make_user)
    before = kind.model.objects.get(pk=dossier.pk)

    response = client.post(url, stale, follow=True)

    assert escape(str(DossierMoved())).encode() in response.content
    after = kind.model.objects.get(pk=dossier.pk)
    assert (after.lock_version, after.updated_at, after.status) == (
        before.lock_version,
        before.updated_at,
        DossierStatus.CHANGES_REQUESTED,
    )


def test_the_current_page_of_a_dossier_sent_back_saves(kind, client, entrepreneur, make_user):
    dossier = _changes_requested(COMPLETE[kind.model](entrepreneur), make_user)
    _slug, url = _second_step(kind, dossier)
    client.force_login(entrepreneur)
    form = client.get(url).context["form"]
    data = _post_data(form, next="1")
    data["lock_version"] = str(dossier.lock_version)

    response = client.post(url, data)

    assert response.status_code == 302
    assert kind.model.objects.get(pk=dossier.pk).updated_at > dossier.updated_at


def test_outsider_gets_404_on_every_step_and_the_review(kind, client, entrepreneur, outsider):
    dossier = COMPLETE[kind.model](entrepreneur)
    wizard = kind.wizard
    client.force_login(outsider)

    for slug in wizard.slugs:
        url = wizard.step_url(dossier, slug)
        assert client.get(url).status_code == 404, slug
        assert client.post(url, {"next": "1"}).status_code == 404, slug
    assert kind.model.objects.get(pk=dossier.pk).updated_at == dossier.updated_at


def test_submit_is_refused_while_the_dossier_is_incomplete(kind, client, entrepreneur):
    dossier = BLANK[kind.model](entrepreneur)
    wizard = kind.wizard
    review_url = wizard.step_url(dossier, wizard.review.slug)
    client.force_login(entrepreneur)

    response = client.post(review_url, {"lock_version": dossier.lock_version})

    assert response.status_code == wizard.invalid_status
    assert response.context["errors"]
    dossier.refresh_from_db()
    assert (dossier.status, dossier.reference) == (DossierStatus.DRAFT, None)


def test_review_links_each_error_to_the_step_that_shows_it(kind, client, entrepreneur):
    dossier = BLANK[kind.model](entrepreneur)
    wizard = kind.wizard
    client.force_login(entrepreneur)

    response = client.get(wizard.step_url(dossier, wizard.review.slug))

    errors = kind.submission_errors(dossier)
    step_urls = {wizard.step_url(dossier, wizard.step_of(name)) for name in errors}
    content = response.content.decode()
    assert step_urls
    for url in step_urls:
        assert f'href="{url}"' in content, url


def test_a_complete_dossier_is_submitted_from_the_review(kind, client, entrepreneur):
    dossier = COMPLETE[kind.model](entrepreneur)
    wizard = kind.wizard
    client.force_login(entrepreneur)

    response = client.post(
        wizard.step_url(dossier, wizard.review.slug), {"lock_version": dossier.lock_version}
    )

    dossier.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, dossier.get_absolute_url())
    assert dossier.status == DossierStatus.SUBMITTED


def test_a_submitted_dossier_steps_are_closed(kind, client, entrepreneur):
    dossier = COMPLETE[kind.model](entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    wizard = kind.wizard
    client.force_login(entrepreneur)

    for slug in wizard.slugs[:-1]:
        response = client.get(wizard.step_url(dossier, slug), follow=True)
        assert response.redirect_chain == [(dossier.get_absolute_url(), 302)], slug
        assert escape("Ce dossier ne peut plus être modifié.").encode() in response.content


def test_resume_goes_to_the_first_incomplete_step_then_the_review(kind, entrepreneur):
    blank = BLANK[kind.model](entrepreneur)
    complete = COMPLETE[kind.model](entrepreneur)
    wizard = kind.wizard

    first_incomplete = next(
        step.slug for step in wizard.steps if set(step.fields) & set(kind.submission_errors(blank))
    )

    assert wizard.resume_url(blank) == wizard.step_url(blank, first_incomplete)
    assert wizard.resume_url(complete) == wizard.step_url(complete, wizard.review.slug)


def test_the_owner_page_and_its_buttons_answer_for_every_kind(kind, client, entrepreneur):
    dossier = COMPLETE[kind.model](entrepreneur)
    wizard = kind.wizard
    client.force_login(entrepreneur)

    page = client.get(dossier.get_absolute_url())
    refused = client.post(wizard.url("transition", dossier), {"action": "accept"}, follow=True)

    assert page.status_code == 200
    assert page.context["resume_url"] == wizard.resume_url(dossier)
    assert page.context["sections"] == kind.pdf_sections(dossier)
    assert [str(m) for m in refused.context["messages"]] == [
        "Cette action n'est pas possible sur ce dossier."
    ]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_outsider_gets_404_on_the_owner_page_and_its_buttons(kind, client, entrepreneur, outsider):
    dossier = COMPLETE[kind.model](entrepreneur)
    wizard = kind.wizard
    client.force_login(outsider)

    assert client.get(dossier.get_absolute_url()).status_code == 404
    for name in ("transition", "attach", "message"):
        if name in wizard.urls:
            response = client.post(wizard.url(name, dossier), {"action": "withdraw"})
            assert response.status_code == 404, name
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT
