"""The public pages' cache (carres.public_cache): shared only between anonymous visitors,
never holding anything of one person, fresh as soon as the data changes, with 304s."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from carres import public_cache
from chambers.models import Region
from tests.factories.trainings import ccis_casablanca, make_caravan, make_registration, make_session

CATALOGUE = "/fr/trainings/"
DIRECTORY = "/fr/chambers/"
PUBLIC_PAGES = [
    CATALOGUE,
    DIRECTORY,
    "/ar/trainings/",
    "/fr/trainings/?theme=trademarks",
    "/fr/statistics/",
    "/ar/statistics/?region=MA-06",
]


@pytest.fixture
def data(db):
    session = make_session()
    ccis_casablanca()
    return session


def stored_pages():
    """Every page body the cache holds, read from Redis itself."""
    pattern = cache.make_key(public_cache.PAGE_KEY.format("*"))
    client = cache._cache.get_client()
    prefix = cache.make_key("")
    bodies = []
    for raw in client.scan_iter(match=pattern):
        entry = cache.get(raw.decode().removeprefix(prefix))
        if entry is not None:
            bodies.append(entry[0])
    return bodies


def csrf_tokens(html):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_signed_in_page_never_reaches_another_visitor(data, entrepreneur, outsider, path):
    salma = Client()
    salma.force_login(entrepreneur)
    personal = salma.get(path)
    assert personal.status_code == 200
    assert "X-Page-Cache" not in personal  # a signed-in visitor's page is never stored
    assert "Se déconnecter" in personal.text or "تسجيل الخروج" in personal.text
    assert csrf_tokens(personal.text)
    assert "private" in personal["Cache-Control"] and "no-store" in personal["Cache-Control"]

    # Twice anonymous: a miss that stores the page, then a hit; neither is Salma's page.
    for expected in ("miss", "hit"):
        anonymous = Client().get(path)
        assert anonymous["X-Page-Cache"] == expected
        assert not csrf_tokens(anonymous.text)
        assert "logout" not in anonymous.text
        assert "/accounts/login/" in anonymous.text
        for token in csrf_tokens(personal.text):
            assert token not in anonymous.text

    # Another signed-in visitor, after the anonymous page is stored: a page of their own.
    omar = Client()
    omar.force_login(outsider)
    own = omar.get(path)
    assert "X-Page-Cache" not in own
    assert csrf_tokens(own.text)
    assert set(csrf_tokens(own.text)).isdisjoint(csrf_tokens(personal.text))

    # And nothing personal sits in the cache itself.
    bodies = stored_pages()
    assert bodies
    for body in bodies:
        assert "csrfmiddlewaretoken" not in body
        assert entrepreneur.email not in body and outsider.email not in body
        assert "logout" not in body


def test_the_directory_shows_the_request_link_to_its_signed_in_visitor_only(data, entrepreneur):
    Client().get(DIRECTORY)  # stored for anonymous visitors
    salma = Client()
    salma.force_login(entrepreneur)
    assert "/fr/chambers/requests/new/" in salma.get(DIRECTORY).text
    anonymous = Client().get(DIRECTORY)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "/fr/chambers/requests/new/" not in anonymous.text


def test_a_visitors_message_is_neither_stored_nor_shown_to_others(data):
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.INFO, "Un message pour ce visiteur seul")
    carrier = HttpResponse()
    storage.update(carrier)
    visitor = Client()
    visitor.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value

    response = visitor.get(CATALOGUE)
    assert "Un message pour ce visiteur seul" in response.text
    assert "X-Page-Cache" not in response
    other = Client().get(CATALOGUE)
    assert other["X-Page-Cache"] == "miss"
    assert "Un message pour ce visiteur seul" not in other.text
    assert "Un message pour ce visiteur seul" not in Client().get(CATALOGUE).text


def test_an_anonymous_session_with_data_is_not_served_from_the_cache(data):
    Client().get(CATALOGUE)
    visitor = Client()
    session = visitor.session
    session["half_done_sign_in"] = "yes"
    session.save()
    response = visitor.get(CATALOGUE)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_the_csp_nonce_is_each_answers_own(data):
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = Client().get(CATALOGUE)
        assert response["X-Page-Cache"] == expected
        header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        body = re.findall(r'nonce="([^"]+)"', response.text)
        assert body and set(body) == {header}
        nonces.append(header)
    assert len(set(nonces)) == 3
    assert public_cache.NONCE_PLACEHOLDER not in Client().get(CATALOGUE).text


def test_cached_pages_say_how_they_vary_and_are_revalidated_by_whoever_keeps_them(data):
    for expected in ("miss", "hit"):
        response = Client().get(CATALOGUE)
        assert response["X-Page-Cache"] == expected
        assert [part.strip() for part in response["Vary"].split(",")] == [
            "Cookie",
            "Accept-Encoding",
        ]
        assert response["Cache-Control"] == "no-cache"
        assert response["ETag"] and response["Last-Modified"]


def test_each_language_and_query_is_a_page_of_its_own(data):
    french = Client().get(CATALOGUE)
    arabic = Client().get("/ar/trainings/")
    assert arabic["X-Page-Cache"] == "miss"
    assert 'lang="ar"' in arabic.text and 'lang="fr"' in french.text
    assert Client().get("/ar/trainings/")["X-Page-Cache"] == "hit"
    assert Client().get(CATALOGUE + "?theme=trademarks")["X-Page-Cache"] == "miss"
    # The order of the parameters does not make another page.
    Client().get(CATALOGUE + "?theme=trademarks&language=fr")
    assert Client().get(CATALOGUE + "?language=fr&theme=trademarks")["X-Page-Cache"] == "hit"


def test_304_while_nothing_changed_then_200_when_the_catalogue_changes(data):
    first = Client().get(CATALOGUE)
    etag, modified = first["ETag"], first["Last-Modified"]
    again = Client().get(CATALOGUE, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert Client().get(CATALOGUE, headers={"If-Modified-Since": modified}).status_code == 304
    assert Client().get(CATALOGUE, headers={"If-None-Match": '"other"'}).status_code == 200
    # As a browser sends back the weak tag GZipMiddleware made of it.
    compressed = Client().get(CATALOGUE, headers={"Accept-Encoding": "gzip"})
    assert compressed["ETag"] == f"W/{etag}"
    weak = {"If-None-Match": compressed["ETag"], "Accept-Encoding": "gzip"}
    assert Client().get(CATALOGUE, headers=weak).status_code == 304

    data.training.title_fr = "Protéger sa marque à l'export"
    data.training.save()
    changed = Client().get(CATALOGUE, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Protéger sa marque à l&#x27;export" in changed.text


def test_a_change_to_a_session_shows_at_once(data, entrepreneur):
    assert Client().get(CATALOGUE)["X-Page-Cache"] == "miss"
    assert Client().get(CATALOGUE)["X-Page-Cache"] == "hit"

    later = make_session(capacity=7)  # a new session
    response = Client().get(CATALOGUE)
    assert response["X-Page-Cache"] == "miss"
    assert later.get_absolute_url() in response.text
    assert "7 places restantes" in response.text

    make_registration(later, entrepreneur)  # a seat taken
    assert "6 places restantes" in Client().get(CATALOGUE).text

    later.status = "cancelled"  # cancelled: off the catalogue
    later.save()
    assert later.get_absolute_url() not in Client().get(CATALOGUE).text


def test_a_change_to_the_city_or_region_a_card_names_shows_at_once(data):
    Client().get(CATALOGUE)
    city = data.city
    city.name_fr = "Casablanca-Anfa"
    city.save()
    assert "Casablanca-Anfa" in Client().get(CATALOGUE).text


def test_the_caravan_page_follows_its_stops(data):
    caravan = make_caravan()
    path = f"/fr/trainings/caravans/{caravan.pk}/"
    assert Client().get(path)["X-Page-Cache"] == "miss"
    assert Client().get(path)["X-Page-Cache"] == "hit"
    stop = make_session(caravan=caravan)
    response = Client().get(path)
    assert response["X-Page-Cache"] == "miss"
    assert stop.get_absolute_url() in response.text


def test_the_directory_follows_its_chambers(data):
    chamber = ccis_casablanca()
    assert Client().get(DIRECTORY)["X-Page-Cache"] == "miss"
    assert Client().get(DIRECTORY)["X-Page-Cache"] == "hit"
    assert "Chambre renommée de Casablanca" not in Client().get(DIRECTORY).text
    chamber.name_fr = "Chambre renommée de Casablanca"
    chamber.save()
    assert "Chambre renommée de Casablanca" in Client().get(DIRECTORY).text

    # The regions a chamber serves: a many-to-many change bumps the version too.
    region = Region.objects.exclude(pk__in=chamber.regions_served.all()).first()
    path = f"{DIRECTORY}?region={region.pk}"
    assert "Chambre renommée de Casablanca" not in Client().get(path).text
    chamber.regions_served.add(region)
    assert "Chambre renommée de Casablanca" in Client().get(path).text

    chamber.is_active = False
    chamber.save()
    assert "Chambre renommée de Casablanca" not in Client().get(DIRECTORY).text


def test_an_evicted_version_never_brings_back_an_older_page(data):
    Client().get(CATALOGUE)
    before = public_cache.versions("trainings")
    cache.delete(public_cache.VERSION_KEY.format("trainings"))  # evicted
    after = public_cache.versions("trainings")
    assert int(after) > int(before)
    assert Client().get(CATALOGUE)["X-Page-Cache"] == "miss"


def test_only_successful_get_answers_are_stored(data):
    assert Client().get("/fr/trainings/caravans/999999/").status_code == 404
    assert Client().get("/fr/trainings/caravans/999999/").status_code == 404
    assert stored_pages() == []
    assert Client().head(CATALOGUE).status_code == 200


def test_the_prior_mark_search_follows_the_register(db):
    from ip_filings.services.register import generate_marks
    from tests.factories.ip_filings import make_mark

    search = "/fr/trademarks/search/?mark=Zitouna"
    assert Client().get(search)["X-Page-Cache"] == "miss"
    assert Client().get(search)["X-Page-Cache"] == "hit"
    mark = make_mark("Zitouna", classes=[30], number="MA-2020-000123")
    response = Client().get(search)
    assert response["X-Page-Cache"] == "miss"
    assert "MA-2020-000123" in response.text

    # The htmx fragment is a page of its own, and says so in Vary.
    fragment = Client().get(search, headers={"HX-Request": "true"})
    assert fragment["X-Page-Cache"] == "miss"
    assert "<html" not in fragment.text and "MA-2020-000123" in fragment.text
    assert "HX-Request" in fragment["Vary"]
    assert "<html" in Client().get(search).text

    mark.delete()
    assert "MA-2020-000123" not in Client().get(search).text
    # Loads that send no signal bump the version themselves.
    Client().get(search)
    generate_marks(3, prefix="ZZZ")
    assert Client().get(search)["X-Page-Cache"] == "miss"


def test_the_prior_mark_search_follows_the_generic_words(db):
    """An administrator's generic word changes what the search finds: the page follows."""
    from ip_filings.models import GenericWord
    from tests.factories.ip_filings import make_mark

    make_mark("Kenzi", classes=[39], number="MA-2020-000456")
    search = "/fr/trademarks/search/?mark=Kenzi+Croisi%C3%A8res&classes=39"
    assert "MA-2020-000456" not in Client().get(search).text
    assert Client().get(search)["X-Page-Cache"] == "hit"
    word = GenericWord.objects.create(word="Croisières", classes=[39])
    response = Client().get(search)
    assert response["X-Page-Cache"] == "miss"
    assert "MA-2020-000456" in response.text
    word.delete()
    assert "MA-2020-000456" not in Client().get(search).text


def test_the_statistics_page_follows_the_nightly_rebuild(data):
    from carres.statistics.compute import rebuild_statistics

    rebuild_statistics()
    assert Client().get("/fr/statistics/")["X-Page-Cache"] == "miss"
    assert Client().get("/fr/statistics/")["X-Page-Cache"] == "hit"
    rebuild_statistics()  # a new night, the same figures: the build is saved all the same
    assert Client().get("/fr/statistics/")["X-Page-Cache"] == "miss"


def test_a_new_release_never_serves_the_pages_the_previous_one_kept(data, monkeypatch):
    """Pages and fragments are kept under the release (static manifest, templates): the
    markup of the previous one, naming its hashed stylesheets, is not served after a deploy."""
    assert Client().get(CATALOGUE)["X-Page-Cache"] == "miss"
    assert Client().get(CATALOGUE)["X-Page-Cache"] == "hit"
    assert public_cache.release() == public_cache.release()  # one value per process

    monkeypatch.setattr(public_cache, "release", lambda: "the-next-release")

    assert Client().get(CATALOGUE)["X-Page-Cache"] == "miss"
    assert Client().get(CATALOGUE)["X-Page-Cache"] == "hit"
