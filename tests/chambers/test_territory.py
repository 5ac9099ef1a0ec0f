"""The support network: partners, the map of the 12 regions, each region's page, relays."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chambers import services
from chambers.enums import Topic
from chambers.models import Partner, Region, RoutingRule
from tests.factories import chambers as f
from tests.factories.trainings import make_caravan, make_session

pytestmark = pytest.mark.django_db


def make_partner(name, region_code="09", **fields):
    region = f.region(region_code)
    defaults = {
        "kind": "tech_transfer",
        "services": ["patent"],
        "languages": ["fr", "ar"],
        "is_relay": True,
        "contact_name": "Dr Amina Ouhssain",
        "email": "tto@univ.example.ma",
    }
    return Partner.objects.create(name=name, region=region, **{**defaults, **fields})


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_map_shows_the_twelve_regions(client, lang):
    f.ensure_reference_data()
    page = client.get(f"/{lang}/chambers/map/").content.decode()
    assert page.count('class="map-region') == 12
    assert page.count('class="region-shape" d="M') == 12
    assert "OpenStreetMap" in page
    assert "style=" not in page.split("<main")[1]


def test_map_filter_dims_regions_without_that_service(client):
    f.ensure_reference_data()
    from chambers.models import Chamber

    Chamber.objects.update(topics=["company_creation"])
    make_partner("Bureau de transfert d'Agadir")
    page = client.get("/fr/chambers/map/", {"service": "patent"}).content.decode()
    assert page.count("map-region-dim") == 11
    assert 'map-region" aria-label="Souss-Massa' in page


def test_map_marks_the_next_caravan_stop(client):
    souss = f.region("09")
    make_session(caravan=make_caravan(), region=souss)
    page = client.get("/fr/chambers/map/").content.decode()
    assert page.count('class="marker-stop" d="M15') == 1  # the legend's is not on the map
    assert 'data-region="MA-09" transform' in page.split('class="marker-stop" d="M15')[0][-400:]


def test_region_page_lists_chambers_partners_and_next_stop(client):
    souss = f.region("09")
    make_partner("Bureau de transfert d'Agadir", name_ar="مكتب نقل التكنولوجيا بأكادير")
    session = make_session(caravan=make_caravan(), region=souss)
    later = make_session(caravan=session.caravan, region=souss)
    # a year on, by days and hours: replace(year=...) fails on 29 February, and
    # replace(hour=23) ends a session that starts at 23:xx before it starts
    later.starts_at = session.starts_at + timedelta(days=365)
    later.ends_at = later.starts_at + timedelta(hours=3)
    later.signup_deadline = later.starts_at
    later.save()
    page = client.get(reverse("chambers:region", args=[souss.pk])).content.decode()
    assert "Bureau de transfert d&#x27;Agadir" in page
    assert "CCIS" in page or "Souss" in page
    assert session.get_absolute_url() in page
    assert later.get_absolute_url() not in page
    arabic = client.get(f"/ar/chambers/regions/{souss.pk}/").content.decode()
    assert "مكتب نقل التكنولوجيا بأكادير" in arabic


def test_region_page_of_a_missing_region_is_404(client):
    f.ensure_reference_data()
    assert client.get("/fr/chambers/regions/999999/").status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_map_and_region_queries_do_not_grow_with_partners(client):
    souss = f.region("09")
    make_partner("Partenaire 1")
    map_one = _count(client, "/fr/chambers/map/")
    region_one = _count(client, f"/fr/chambers/regions/{souss.pk}/")
    make_partner("Partenaire 2")
    make_partner("Partenaire 3", region_code="04")
    assert _count(client, "/fr/chambers/map/") == map_one
    assert _count(client, f"/fr/chambers/regions/{souss.pk}/") == region_one


def test_rule_with_a_relay_sends_the_researcher_to_the_tech_transfer_office(client, make_user):
    souss_region, souss = f.region("09"), f.chamber("ccis-souss-massa")
    tto = make_partner("Bureau de transfert de technologie, Université Ibn Zohr")
    RoutingRule.objects.create(region=souss_region, topic=Topic.PATENT, chamber=souss, relay=tto)
    researcher = make_user("chercheuse@univ.example.ma")

    request = f.make_request(researcher, topic=Topic.PATENT)

    assert (request.chamber, request.relay) == (souss, tto)
    client.force_login(researcher)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Bureau de transfert de technologie, Université Ibn Zohr" in page
    assert "tto@univ.example.ma" in page


def test_no_relay_when_the_entrepreneur_chose_the_chamber(make_user):
    souss_region, souss = f.region("09"), f.chamber("ccis-souss-massa")
    tto = make_partner("Bureau de transfert")
    RoutingRule.objects.create(region=souss_region, topic=Topic.PATENT, chamber=souss, relay=tto)

    request = services.create_support_request(
        make_user("x@example.ma"),
        topic=Topic.PATENT,
        region=souss_region,
        language="fr",
        message="Aide pour un brevet.",
        chamber=souss,
    )

    assert request.relay is None


def test_inactive_relay_is_not_used(make_user):
    souss_region, souss = f.region("09"), f.chamber("ccis-souss-massa")
    tto = make_partner("Bureau de transfert", is_active=False)
    RoutingRule.objects.create(region=souss_region, topic=Topic.PATENT, chamber=souss, relay=tto)

    assert f.make_request(make_user("y@example.ma"), topic=Topic.PATENT).relay is None


def test_demo_partners_cover_most_regions():
    from chambers.partners_demo import seed_partners

    f.ensure_reference_data()
    assert seed_partners() == 12
    assert seed_partners() == 12  # run again: updated, not duplicated
    assert Region.objects.filter(partners__isnull=False).distinct().count() == 9
    assert RoutingRule.objects.filter(relay__isnull=False).count() == 1
