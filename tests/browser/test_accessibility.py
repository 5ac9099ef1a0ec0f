"""axe-core on every main page, in French, Arabic and English, over the demo data.

One browser, one context per language; the demo (`seed_demo`) is loaded once. Each page is
checked by axe-core (the npm package pinned in package.json, never a CDN); any `serious` or
`critical` violation fails the test, listed by rule, page and element; so does any error in
the browser's console (the Content-Security-Policy reports what it refuses there).

axe is added with `add_init_script`: Chromium runs such scripts outside the page's
Content-Security-Policy, which stays in force for everything the site itself does.
"""

import io
from collections import defaultdict

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from companies.enums import STEPS as COMPANY_STEPS
from companies.models import CompanyDossier
from ip_filings.models import DiagnosticQuestion, PatentFiling, TrademarkFiling
from ip_filings.views.patent import WIZARD as PATENT_WIZARD
from ip_filings.views.trademark import WIZARD as TRADEMARK_WIZARD

PATENT_STEPS = PATENT_WIZARD.slugs[:-1]  # the review has its own address
TRADEMARK_STEPS = TRADEMARK_WIZARD.slugs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.NODE_MODULES / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
# A path with this mark is checked again after its form is sent empty: the errors it shows.
SUBMITTED_EMPTY = "submitted-empty:"
LOCALES = {"fr": "fr-FR", "ar": "ar-MA", "en": "en-GB"}
# htmx comes only with the pages that ask for it (templates/includes/htmx.html).
HTMX_WHERE_USED = """() => typeof htmx !== "undefined" || !document.querySelector(
  "[hx-get], [hx-post], [hx-put], [hx-patch], [hx-delete], [hx-boost]"
)"""
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


def demo_pages():
    """(who, path after the language prefix) for every main page, from the demo's rows."""
    salma = User.objects.get(email="entrepreneur@demo.ma")
    company_draft = CompanyDossier.objects.get(owner=salma, status="draft")
    company_sent = CompanyDossier.objects.get(owner=salma, status="submitted")
    company_changes = CompanyDossier.objects.get(owner=salma, status="changes_requested")
    mark_draft = TrademarkFiling.objects.get(owner=salma, status="draft")
    mark_sent = TrademarkFiling.objects.filter(owner=salma, status="submitted").first()
    patent_draft = PatentFiling.objects.filter(owner=salma, status="draft").first()
    patent_sent = PatentFiling.objects.filter(owner=salma, status="submitted").first()
    answers = "&".join(
        f"{question.code}={question.choices.first().code}"
        for question in DiagnosticQuestion.objects.all()
    )
    anonymous = [
        "/",
        "/trainings/",
        "/chambers/",
        "/trademarks/search/",
        "/trademarks/search/?mark=Atlas&classes=29,30",
        "/diagnostic/",
        f"/diagnostic/?answered=1&{answers}",
        "/accounts/login/",
        "/accounts/signup/",
        SUBMITTED_EMPTY + "/accounts/login/",
        SUBMITTED_EMPTY + "/accounts/signup/",
    ]
    entrepreneur = [
        "/dashboard/",
        "/accounts/profile/",
        "/trainings/mine/",
        "/chambers/requests/",
        "/chambers/requests/new/",
        SUBMITTED_EMPTY + "/chambers/requests/new/",
        "/companies/new/",
        *(f"/companies/{company_draft.pk}/step/{step}/" for step in COMPANY_STEPS),
        f"/companies/{company_sent.pk}/",
        f"/companies/{company_changes.pk}/",
        "/trademarks/dossiers/new/",
        SUBMITTED_EMPTY + "/trademarks/dossiers/new/",
        *(
            f"/trademarks/dossiers/{mark_draft.pk}/step/{step}/"
            for step in TRADEMARK_STEPS
            if step != "review"
        ),
        f"/trademarks/dossiers/{mark_draft.pk}/review/",
        f"/trademarks/dossiers/{mark_sent.pk}/",
        "/patents/new/",
        *(f"/patents/{patent_draft.pk}/step/{step}/" for step in PATENT_STEPS),
        f"/patents/{patent_draft.pk}/review/",
        f"/patents/{patent_sent.pk}/",
    ]
    examiner = [
        "/backoffice/",
        f"/backoffice/CO/{company_sent.pk}/",
        "/admin/companies/companydossier/",
        "/admin/ip_filings/trademarkfiling/",
        "/admin/ip_filings/patentfiling/",
    ]
    return [
        (None, anonymous),
        ("entrepreneur@demo.ma", entrepreneur),
        ("examiner.ompic@demo.ma", examiner),
    ]


def record_errors(page, errors):
    """Append what the page logs as an error (a refused inline style, a failed script, a 404)."""

    def on_console(message):
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))


def session_cookie(email, url):
    client = Client()
    client.force_login(User.objects.get(email=email))
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}


def test_main_pages_have_no_serious_accessibility_violations(browser, live_server):
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    pages = demo_pages()
    axe_source = AXE.read_text()
    failures = defaultdict(list)  # (rule, impact, help) -> ["/ar/... · target"]
    console_errors = []
    checked = 0
    for language, locale in LOCALES.items():
        context = browser.new_context(base_url=live_server.url, locale=locale)
        context.add_init_script(script=axe_source)
        page = context.new_page()
        page.set_default_timeout(15_000)
        record_errors(page, console_errors)
        try:
            for who, paths in pages:
                context.clear_cookies()
                if who:
                    context.add_cookies([session_cookie(who, live_server.url)])
                for entry in paths:
                    path = entry.removeprefix(SUBMITTED_EMPTY)
                    url = f"/{language}{path}"
                    response = page.goto(url)
                    assert response.status == 200, f"{url} answered {response.status}"
                    assert page.url == live_server.url + url, f"{url} went to {page.url}"
                    if entry.startswith(SUBMITTED_EMPTY):
                        form = page.locator("main form[method=post]").last
                        form.evaluate("form => { form.noValidate = true; }")  # the server's errors
                        with page.expect_navigation():
                            form.locator("[type=submit]").last.click()
                        assert page.locator(".error, .errorlist").count(), f"{url}: no errors"
                        url += " (sent empty)"
                    html = page.locator("html")
                    assert html.get_attribute("lang") == language, url
                    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), url
                    assert page.evaluate(HTMX_WHERE_USED), f"{url} has hx-* but no htmx"
                    for violation in page.evaluate(RUN_AXE):
                        if violation["impact"] in FAILING_IMPACTS:
                            key = (violation["id"], violation["impact"], violation["help"])
                            failures[key] += [f"{url} · {t}" for t in violation["targets"]]
                    checked += 1
        finally:
            context.close()

    report = [
        f"[{impact}] {rule}: {help_text}\n" + "\n".join(f"    {where}" for where in places)
        for (rule, impact, help_text), places in sorted(failures.items())
    ]
    assert not failures, f"axe-core found on {checked} pages:\n" + "\n".join(report)
    assert console_errors == []
    assert checked == 3 * sum(len(paths) for _who, paths in pages)
