import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carres.enums import DossierAction, DossierStatus
from carres.workflow import transition
from companies.models import CompanyDossier, DossierDocument
from tests.factories.companies import (
    PDF,
    casablanca,
    ensure_legal_forms,
    make_company_dossier,
    make_registered_company,
)
from tests.factories.files import release_quarantined

pytestmark = pytest.mark.django_db


def people(prefix, rows, extra=2):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def url(dossier, step):
    return f"/fr/companies/{dossier.pk}/step/{step}/"


def test_wizard_every_step_to_submission(client, entrepreneur):
    ensure_legal_forms()
    city = casablanca()
    client.force_login(entrepreneur)

    client.post("/fr/companies/new/", {"legal_form": "sarl"})
    dossier = CompanyDossier.objects.get()
    steps = [
        ("names", {"name_1": "Argan Numérique", "name_2": "Argan Digital", "name_3": ""}),
        ("activity", {"activity": "Édition de logiciels", "activity_codes": ["62.01"]}),
        (
            "associates",
            {
                "capital": "10000",
                **people(
                    "associate",
                    [
                        {
                            "kind": "natural",
                            "full_name": "Salma",
                            "identifier": "BE1",
                            "contribution": "6000",
                        },
                        {
                            "kind": "legal",
                            "full_name": "Holding SA",
                            "identifier": "RC9",
                            "contribution": "4000",
                        },
                    ],
                ),
            },
        ),
        (
            "managers",
            people("manager", [{"role": "manager", "full_name": "Salma", "identifier": "BE1"}]),
        ),
        (
            "head_office",
            {
                "head_office_region": city.region_id,
                "head_office_city": city.pk,
                "head_office_address": "1 rue de Fès",
            },
        ),
    ]
    following = ["activity", "associates", "managers", "head_office", "documents"]
    for (step, data), next_step in zip(steps, following, strict=True):
        dossier.refresh_from_db()
        response = client.post(url(dossier, step), {**data, "lock_version": dossier.lock_version})
        assert (step, response.status_code, response["Location"]) == (
            step,
            302,
            url(dossier, next_step),
        )

    page = client.get(url(dossier, "documents"))
    lines = [key for key, *_rest in page.context["lines"]]
    assert len(lines) == 4  # ID of each of 2 associates, head office proof, statutes
    for key in lines:
        client.post(
            url(dossier, "documents"), {"line": key, "file": SimpleUploadedFile("a.pdf", PDF)}
        )
    assert DossierDocument.objects.filter(dossier=dossier).count() == 4
    assert release_quarantined() == ["clean"] * 4  # what the worker does after each upload
    assert client.post(url(dossier, "documents"), {"continue": ""})["Location"] == url(
        dossier, "review"
    )

    dossier.refresh_from_db()
    review = client.get(url(dossier, "review"))
    assert review.context["error_steps"] == []
    assert len(review.context["outside_steps"]) == 5
    assert review.context["outside_steps"][0].title == "Déposer le capital sur un compte bloqué"
    response = client.post(url(dossier, "review"), {"lock_version": dossier.lock_version})
    dossier.refresh_from_db()
    assert (response.status_code, dossier.status) == (302, DossierStatus.SUBMITTED)
    assert dossier.name_keys == ["argan numeriqu", "argan digital"]
    assert [c.code for c in dossier.activity_codes.all()] == ["62.01"]


def test_progress_marks_current_step_for_assistive_tech(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    content = client.get(url(dossier, "activity")).content.decode()
    assert content.count('aria-current="step"') == 1
    assert '<li class="is-current" aria-current="step">' in content


def test_shares_not_adding_up_are_reported_on_associates_with_values_kept(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    rows = [
        {"kind": "natural", "full_name": "Salma", "contribution": "6000"},
        {"kind": "natural", "full_name": "Youssef", "contribution": "3000"},
    ]
    response = client.post(
        url(dossier, "associates"),
        {"capital": "10000", **people("associate", rows), "lock_version": dossier.lock_version},
    )
    assert response.status_code == 200
    assert response.context["step_errors"] == {
        "associates": [
            "Les apports des associés (9\xa0000,00\xa0MAD) doivent faire le capital "
            "(10\xa0000,00\xa0MAD)."
        ]
    }
    assert [f["full_name"].value() for f in response.context["formset"].forms[:2]] == [
        "Salma",
        "Youssef",
    ]
    assert 'id="associates_error"' in response.content.decode()


def test_too_many_associates_for_single_member_sarl(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur, legal_form="sarl_au")
    assert dossier.submission_errors()["associates"] == [
        "Cette forme juridique admet au plus 1 associé."
    ]


def test_too_few_shareholders_and_low_capital_for_sa(entrepreneur):
    from decimal import Decimal

    dossier = make_company_dossier(entrepreneur, legal_form="sa", capital=Decimal("100000"))
    errors = dossier.submission_errors()
    assert errors["capital"] == [
        "Le capital minimum pour cette forme juridique est de 300\xa0000,00\xa0MAD."
    ]
    assert errors["associates"][0] == "Cette forme juridique demande au moins 5 associés."
    assert errors["managers"] == ["Le conseil d'administration compte au moins 3 membres."]


def test_sas_refuses_natural_person_associates(entrepreneur):
    dossier = make_company_dossier(entrepreneur, legal_form="sas")
    assert dossier.submission_errors()["associates"] == [
        "Pour cette forme juridique, les associés doivent être des personnes morales seulement."
    ]


def test_individual_form_needs_no_capital_nor_associates(entrepreneur):
    dossier = make_company_dossier(
        entrepreneur, legal_form="ae", capital=None, associates=[], managers=[]
    )
    assert dossier.submission_errors() == {}


def test_missing_document_is_reported_at_submission(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur, documents=False)
    client.force_login(entrepreneur)
    response = client.post(url(dossier, "review"), {"lock_version": dossier.lock_version})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT
    [documents] = [s for s in response.context["error_steps"] if s["label"] == "Pièces"]
    assert documents["errors"][0] == (
        "Pièce manquante : Pièce d'identité (CIN ou passeport) — Amina Benali."
    )


def test_unavailable_name_is_refused_on_its_field_with_text_kept(client, entrepreneur):
    make_registered_company("Atlas Innov")
    dossier = make_company_dossier(entrepreneur, name_1="Sahara Solar")
    client.force_login(entrepreneur)
    response = client.post(
        url(dossier, "names"),
        {"name_1": "ATLAS-INNOV", "name_2": "", "name_3": "", "lock_version": dossier.lock_version},
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert form["name_1"].value() == "ATLAS-INNOV"
    assert form.errors["name_1"][0].startswith("Indisponible : « Atlas Innov » figure déjà")
    assert 'id="id_name_1_error"' in response.content.decode()


def test_unavailable_name_message_is_translated(client, entrepreneur):
    make_registered_company("Atlas Innov")
    dossier = make_company_dossier(entrepreneur, name_1="Atlas Innov")
    client.force_login(entrepreneur)
    response = client.get(f"/ar/companies/{dossier.pk}/step/review/")
    assert response.context["error_steps"][0]["errors"][0].startswith("غير متاحة: «Atlas Innov»")


def test_check_button_without_js_shows_verdicts(client, entrepreneur):
    make_registered_company("Oasis Conseil")
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    response = client.post(
        url(dossier, "names"),
        {
            "name_1": "Argan Numérique",
            "name_2": "Oasys Conseil",
            "name_3": "",
            "check": "",
            "lock_version": dossier.lock_version,
        },
    )
    verdicts = {field.name: verdict for field, verdict in response.context["name_rows"]}
    assert (verdicts["name_1"].verdict, verdicts["name_2"].verdict) == ("available", "risky")
    assert verdicts["name_2"].similar == ["Oasis Conseil"]


def test_stale_submission_from_two_tabs_submits_once(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    version = dossier.lock_version
    first = client.post(url(dossier, "review"), {"lock_version": version})
    second = client.post(url(dossier, "review"), {"lock_version": version}, follow=True)
    dossier.refresh_from_db()
    assert first.status_code == 302
    assert dossier.status == DossierStatus.SUBMITTED
    assert CompanyDossier.objects.count() == 1
    assert [str(m) for m in second.context["messages"]][-1] == (
        "Ce dossier ne peut plus être modifié."
    )
    assert dossier.events.filter(action="submit").count() == 1


def test_stale_step_page_is_refused_without_saving(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    stale = dossier.lock_version
    client.post(url(dossier, "activity"), {"activity": "Nouvelle", "lock_version": stale})
    response = client.post(url(dossier, "activity"), {"activity": "Autre", "lock_version": stale})
    assert response.context["form"].non_field_errors() == [
        "Le dossier a changé entre-temps (quelqu'un d'autre a agi) : rechargez la page."
    ]
    assert response.context["form"]["activity"].value() == "Autre"
    dossier.refresh_from_db()
    assert dossier.activity == "Nouvelle"


def test_submitted_dossier_wizard_redirects_to_detail(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    client.force_login(entrepreneur)
    assert client.get(url(dossier, "names"))["Location"] == f"/fr/companies/{dossier.pk}/"


@pytest.mark.parametrize(
    "step", ["names", "activity", "associates", "managers", "head_office", "documents", "review"]
)
def test_wizard_pages_have_constant_query_counts(client, entrepreneur, step):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 3):
        rows = [
            {"kind": "natural", "full_name": f"Associé {i}", "contribution": 10000 / n}
            for i in range(n)
        ]
        dossier = make_company_dossier(entrepreneur, associates=rows, capital=10000)
        client.force_login(entrepreneur)
        client.get(url(dossier, step))  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(dossier, step)).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
