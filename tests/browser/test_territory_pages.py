"""The statistics page and the support network's map in Chromium, in French and in Arabic:
drawn without a console error (the CSP refuses inline styles and scripts), screenshots kept."""

import pytest

from tests.conftest import BASE_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"


@pytest.fixture
def territory(make_user):
    from carres.statistics.compute import rebuild_statistics
    from chambers.partners_demo import seed_partners
    from tests.factories.trainings import make_caravan, make_session
    from tests.statistics.conftest import NOW, build_known_world

    world = build_known_world(make_user)
    seed_partners()
    from tests.factories import chambers as fc

    make_session(caravan=make_caravan(), region=fc.region("09"))
    rebuild_statistics(now=NOW)
    return world


def _open(browser, live_server, language, path):
    context = browser.new_context(
        base_url=live_server.url, locale=language, viewport={"width": 1100, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(path)
    return context, page, problems


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_statistics_and_map_render_cleanly(browser, live_server, territory, language):
    SHOTS.mkdir(exist_ok=True)
    context, page, problems = _open(
        browser,
        live_server,
        language,
        f"/{language}/statistics/?region=MA-09&since=2026-01&until=2026-06",
    )
    try:
        page.screenshot(path=str(SHOTS / f"statistics-{language}.png"), full_page=True)
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("svg.chart").count() == 5
        # Each chart names itself to assistive technology and has its table.
        chart = page.locator("#support-requests svg.chart")
        assert chart.get_attribute("role") == "img"
        page.locator("#support-requests details summary").click()
        assert page.locator("#support-requests table tbody tr").count() == 1
        bar = page.locator("#support-requests rect.series-0")
        assert bar.bounding_box()["height"] > 10, bar.evaluate("e => e.outerHTML")
        # Coloured by the style sheet (the CSP refuses inline styles).
        assert bar.evaluate("e => getComputedStyle(e).fill") == "rgb(11, 90, 70)"

        page.goto(f"/{language}/chambers/map/?service=patent")
        assert page.locator("a.map-region").count() == 12
        assert page.locator(".markers[data-region='MA-09'] .marker-stop").count() == 1
        assert page.locator("a.map-region[data-region='MA-09'].map-region-dim").count() == 0
        stop = page.locator(".markers[data-region='MA-09'] .marker-stop")
        assert stop.evaluate("e => getComputedStyle(e).fill") == "rgb(179, 38, 30)"
        page.screenshot(path=str(SHOTS / f"map-{language}.png"), full_page=True)
        page.locator("a.map-region[data-region='MA-09']").click()
        page.wait_for_url("**/chambers/regions/*/")
        assert (
            "Ibn Zohr" in page.locator("main").inner_text()
            or "ابن زهر" in page.locator("main").inner_text()
        )
        page.screenshot(path=str(SHOTS / f"region-{language}.png"), full_page=True)
        assert problems == []
    finally:
        context.close()
