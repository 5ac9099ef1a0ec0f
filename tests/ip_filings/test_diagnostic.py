import io

import pytest

from ip_filings.seed.patent import seed_patents

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_patents(io.StringIO())


def test_diagnostic_page_lists_seeded_questions(client, seeded):
    response = client.get("/fr/diagnostic/")

    assert response.status_code == 200
    assert response.context["plan"] is None
    assert list(response.context["form"].fields)[:5] == [
        "project",
        "field",
        "brand",
        "profile",
        "creates",
    ]


def test_technical_creation_recommends_patent_first_with_prefilled_link(client, seeded):
    response = client.get(
        "/fr/diagnostic/",
        {
            "answered": "1",
            "project": "Capteur d'humidité",
            "field": "Irrigation",
            "profile": "startup",
            "creates": ["technical"],
            "sells": ["brand"],
            "grow": ["oapi"],
        },
    )

    plan = response.context["plan"]
    assert [item["recommendation"].code for item in plan] == ["patent-first", "trademark", "oapi"]
    assert plan[0]["start_url"] == (
        "/fr/patents/new/?title=Capteur+d%27humidit%C3%A9&field=Irrigation&profile=startup"
    )
    assert plan[0]["training_url"] == "/fr/trainings/?theme=patents"
    assert plan[0]["chamber_url"] == "/fr/chambers/requests/new/?topic=patent"
    assert plan[1]["start_url"] == (
        "/fr/trademarks/dossiers/new/?applicant_kind=sme&description=Capteur+d%27humidit%C3%A9"
    )
    assert plan[2]["chamber_url"] == "/fr/chambers/requests/new/?topic=export_africa"


def test_already_protected_right_not_recommended_again(client, seeded):
    response = client.get(
        "/fr/diagnostic/",
        {"answered": "1", "creates": ["technical"], "protected": ["patent"]},
    )

    assert response.context["plan"] == []


def test_diagnostic_in_arabic_uses_translated_reference_data(client, seeded):
    response = client.get("/ar/diagnostic/", {"answered": "1", "grow": ["oapi"]})

    assert response.context["form"].fields["grow"].label == "أين تعتزمون التوسع؟"
    assert str(response.context["plan"][0]["recommendation"].title).startswith("وسّعوا حمايتكم")


def test_diagnostic_query_count_constant(client, seeded, django_assert_num_queries):
    with django_assert_num_queries(7):
        client.get("/fr/diagnostic/", {"answered": "1", "creates": ["technical"]})


def test_chamber_request_form_prefilled_with_topic(client, entrepreneur):
    client.force_login(entrepreneur)

    response = client.get("/fr/chambers/requests/new/?topic=patent")

    assert response.context["form"]["topic"].value() == "patent"


def test_seed_is_idempotent(seeded):
    from carres.models import RoutingRule
    from ip_filings.models import DiagnosticChoice, Recommendation

    seed_patents(io.StringIO())

    assert (DiagnosticChoice.objects.count(), Recommendation.objects.count()) == (18, 6)
    assert RoutingRule.objects.count() == 2


@pytest.mark.parametrize(
    ("language", "official"), [("fr", "euipo.europa.eu"), ("ar", "www.wipo.int/madrid")]
)
def test_growing_in_europe_gives_the_international_routes(client, seeded, language, official):
    response = client.get(f"/{language}/diagnostic/", {"answered": "1", "grow": ["europe"]})
    plan = response.context["plan"]
    assert [item["recommendation"].code for item in plan] == ["europe"]
    text = str(plan[0]["recommendation"].text)
    for route in (official, "www.wipo.int/pct", "www.epo.org"):
        assert route in text
    assert official in response.content.decode()
