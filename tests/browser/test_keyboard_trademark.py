"""The trademark wizard with the keyboard alone: sign in, a word mark in two classes with terms,
the applicant, the review, submitted. Tab, Shift+Tab, arrows, Space, Enter and typing only —
no click, no fill — and every stop of the focus must be visible."""

import pytest
from playwright.sync_api import expect

from carres.enums import DossierStatus
from ip_filings.enums import ApplicantKind
from ip_filings.models import TrademarkFiling
from tests.factories.accounts import PASSWORD
from tests.factories.ip_filings import make_mark, make_nice_class, make_tariff, make_term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the focused element looks like: the focus ring must be drawn and the element on screen.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {element: "body", visible: false};
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  const described = el.id ? "#" + el.id
    : el.tagName.toLowerCase() + (el.name ? `[name=${el.name}]` : "")
      + " " + (el.innerText || el.value || "").trim().slice(0, 40);
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0
    && box.top < window.innerHeight;
  return {
    element: described,
    visible: ring && onScreen,
    why: {ring, onScreen,
          outline: `${style.outlineStyle} ${style.outlineWidth}`, box: [box.top, box.bottom]},
  };
}"""


def focus_state(page):
    return page.evaluate(FOCUS_STATE)


def assert_focus_visible(page):
    state = focus_state(page)
    assert state["visible"], f"focus not visible on {state['element']} ({page.url}): {state['why']}"


def is_focused(locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, *, backwards=False, limit=60):
    """Press Tab (or Shift+Tab) until `locator` has the focus, checking each stop is visible."""
    key = "Shift+Tab" if backwards else "Tab"
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if is_focused(locator):
            return
        stops.append(focus_state(page)["element"])
    raise AssertionError(f"{locator} never got the focus; stops: {stops}")


def press_and_wait(page, key):
    """Press `key` (Enter on a link or a submit button) and wait for the next page."""
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def test_trademark_wizard_completed_with_the_keyboard_alone(page, live_server, entrepreneur):
    make_tariff()
    cafe = make_term(make_nice_class(30, "Café, thé, cacao"), "café")
    make_term(make_nice_class(25, "Vêtements, chaussures"), "chaussures")
    make_mark("Atlass", classes=[25], number="MA-2019-000111")

    # Sign in: the skip link comes first, then the header, then the form.
    page.goto("/fr/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert_focus_visible(page)
    tab_to(page, page.get_by_label("Courriel"))
    page.keyboard.type(entrepreneur.email)
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_label("Mot de passe"))
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    assert page.url.endswith("/fr/dashboard/")

    # The dashboard's "file a trademark" link.
    tab_to(page, page.locator("main").get_by_role("link", name="Déposer une marque"))
    press_and_wait(page, "Enter")

    # 1. The mark: a word mark, picked in the radio group with the arrow keys.
    assert page.locator("[aria-current=step]").inner_text() == "1 La marque"
    word = page.get_by_label("Verbale (des mots seulement)")
    figurative = page.get_by_label("Figurative (un logo seulement)")
    tab_to(page, word)  # the group's checked radio takes the focus
    page.keyboard.press("ArrowDown")
    expect(figurative).to_be_checked()
    assert_focus_visible(page)
    page.keyboard.press("ArrowUp")
    expect(word).to_be_checked()
    assert is_focused(word)
    tab_to(page, page.get_by_label("Texte de la marque"))
    page.keyboard.type("Atlas")
    tab_to(page, page.get_by_role("button", name="Enregistrer et continuer"))
    press_and_wait(page, "Enter")

    # 2. Classes: search the Nice list, tick a term with Space, type the classes and a line
    # of terms; the fee follows the typed classes.
    assert page.locator("[aria-current=step]").inner_text() == "2 Classes et produits"
    tab_to(page, page.get_by_label("Chercher un produit ou un service"))
    page.keyboard.type("café")
    press_and_wait(page, "Enter")
    tab_to(page, page.get_by_label("Classes de Nice"))
    page.keyboard.type("25, 30")
    page.keyboard.press("Shift+Tab")  # the fee follows each change of the field, not each key
    expect(page.locator(".tm-fee strong")).to_have_text("2\xa0160,00\xa0MAD")
    term = page.locator(f"input[name=nice_terms][value='{cafe.pk}']")
    tab_to(page, term)
    page.keyboard.press("Space")
    expect(term).to_be_checked()
    tab_to(page, page.get_by_label("Produits et services, une ligne par classe"))
    page.keyboard.type("25 : vêtements ; chaussures")
    # Back to the classes with Shift+Tab, to check what was typed there is still in place.
    tab_to(page, page.get_by_label("Classes de Nice"), backwards=True)
    expect(page.get_by_label("Classes de Nice")).to_have_value("25, 30")
    tab_to(page, page.get_by_role("button", name="Enregistrer et continuer"))
    press_and_wait(page, "Enter")

    # 3. Prior-mark search: attach the report, then continue.
    assert page.locator("[aria-current=step]").inner_text() == "3 Recherche d'antériorités"
    expect(page.locator(".tm-match .tm-mark")).to_have_text(["Atlass"])
    tab_to(page, page.get_by_role("button", name="Joindre ce rapport au dossier"))
    press_and_wait(page, "Enter")
    expect(page.locator("[data-report=attached]")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Continuer", exact=True))
    press_and_wait(page, "Enter")

    # 4. Applicant: the name is prefilled; the kind is chosen in its list with the arrows.
    assert page.locator("[aria-current=step]").inner_text() == "4 Déposant"
    kind = page.get_by_label("Type de déposant")
    tab_to(page, kind)
    for _ in range(len(ApplicantKind.values)):
        if kind.input_value() == ApplicantKind.SME:
            break
        page.keyboard.press("ArrowDown")
    expect(kind).to_have_value(ApplicantKind.SME)
    tab_to(page, page.get_by_label("Adresse du déposant"))
    page.keyboard.type("12 rue Allal Ben Abdallah, Rabat")
    tab_to(page, page.get_by_role("button", name="Enregistrer et continuer"))
    press_and_wait(page, "Enter")

    # 5. No priority claimed.
    assert page.locator("[aria-current=step]").inner_text() == "5 Priorité"
    tab_to(page, page.get_by_role("button", name="Enregistrer et continuer"))
    press_and_wait(page, "Enter")

    # 6. Review and submit.
    assert page.locator("[aria-current=step]").inner_text() == "6 Vérification et envoi"
    tab_to(page, page.get_by_role("button", name="Soumettre le dossier"))
    press_and_wait(page, "Enter")
    expect(page.locator("[data-status=submitted]")).to_be_visible()

    filing = TrademarkFiling.objects.get()
    assert filing.status == DossierStatus.SUBMITTED
    assert filing.mark_type == "word"
    assert filing.mark_text == "Atlas"
    assert filing.applicant_kind == ApplicantKind.SME
    assert filing.applicant_address == "12 rue Allal Ben Abdallah, Rabat"
    assert {row.number: row.terms for row in filing.filing_classes.all()} == {
        25: "vêtements ; chaussures",
        30: "",
    }
    assert [t.term for t in filing.filing_classes.get(number=30).nice_terms.all()] == ["café"]
    assert [row["mark"] for row in filing.prior_search] == ["Atlass"]
