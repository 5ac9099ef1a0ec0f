"""Nothing left untranslated where a reader looks.

Every page of the URL configuration is rendered in Arabic and in English — the pages without
an argument for an anonymous visitor, an entrepreneur, an advisor, an examiner and an
administrator; every page that names an object (the authorization matrix's lines, the admin's
changelist and change page of every registered model) for the first person allowed to see it,
on the matrix's small world (tests/security/world.py) — and the interface text of each is read:
titles, headings, labels, buttons, table headers, options, definition terms, help texts,
errors and messages, placeholders and ARIA labels. In Arabic, no Latin-script word may remain
(French or English); in English, no French word.

What is not interface text is left out, by the conventions the templates already follow: free
text users wrote (`dir="auto"`), references, e-mails and codes (`<bdi>`, `<code>`), options that
are rows of the database (their value is an id: reference data is checked by
`test_reference_data_has_arabic_names`), and the admin's result rows (objects' names).
The allow-list below holds the only Latin words an Arabic reader meets, each for a reason.
"""

import re
import time
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.security.matrix import (
    NotAnObject,
    Private,
    Public,
    Token,
    build_url,
    patterns_with_arguments,
    people_around,
    resolve_kwargs,
    walk,
)
from tests.security.test_authorization_matrix import (  # noqa: F401 - `world` is a fixture
    all_lines,
    world,
)

# --- what a reader of Arabic may meet in Latin script, and why -------------------------------
ALLOWED_IN_ARABIC = {
    # Institutions and programmes, known by their acronyms in Arabic texts too.
    "OMPIC", "INPI", "CFCIM", "FCMCIS", "CCIS", "OAPI", "CRI", "DGI", "CNSS", "CNDP", "WIPO",
    "OMPI", "DirectInvest",
    # Identifiers that Moroccan forms print in Latin letters: trade register, common company
    # identifier, tax identifier, national identity card; and file formats.
    "RC", "ICE", "IF", "CIN", "PDF", "CSV", "PNG", "JPEG", "QR", "ICS", "iCal",
    # Technical names with no Arabic equivalent in use; keys as printed on keyboards (Django's
    # own Arabic help for multiple selection names them).
    "TOTP", "WebAuthn", "IP", "Control", "Command",
    # The name of the fingerprint printed beside each file of the personal-data export.
    "SHA",
    # The prefixes of dossier references (CO-2026-000123), which rules and filters name.
    "CO", "TM", "PT",
    # The Patent Cooperation Treaty, named PCT in Arabic texts too (help page); the map's data
    # source and its licence (proper nouns); the open-data formats.
    "PCT", "OpenStreetMap", "ODbL", "JSON",
}  # fmt: skip
# French words that give a French text away in an English page (never English words).
FRENCH_WORDS = {
    "le", "la", "les", "des", "du", "une", "et", "pour", "avec", "sur", "dans", "votre", "vos",
    "aucun", "aucune", "est", "sont", "aux", "par", "pas", "cette", "ces", "qui", "être", "été",
    "mes", "mon", "nous", "vous", "leur", "leurs", "sans", "chez", "selon", "déjà", "très",
    "de", "ou", "où", "environ", "français", "oui", "non",
}  # fmt: skip
FRENCH_LETTERS = re.compile("[éèêàçôûîùœëïâ]", re.IGNORECASE)
# Proper nouns written with French letters in English too.
ALLOWED_IN_ENGLISH = {"Carrés", "Fès", "Béni", "Laâyoune", "Médiouna", "Salé"}

LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ][A-Za-zÀ-ÖØ-öø-ÿŒœ'’]*")
NOT_WORDS = re.compile(
    r"Carrés des innovateurs"  # the programme's name: a proper noun in English
    r"|\[(?:fr|ar|en)\]"  # the language of a translated field in the admin: "الاسم [fr]"
    r"|\S+@\S+"  # e-mail addresses
    r"|https?://\S+|/\S*"  # addresses and paths
    r"|\b[A-Z]{2}-\d{4}-\d+\b"  # dossier references
    r"|\bMA-\d{2}\b|(?<![A-Za-z])null\b"  # open data's region codes and JSON's null, named as codes
    r"|\bmorocco-map\b"  # the map data's package name
    r"|\S+\.(?:pdf|png|jpe?g|csv|ics|json)\b",  # file names
    re.IGNORECASE,
)

TEXT_TAGS = {
    "title", "h1", "h2", "h3", "h4", "h5", "h6", "label", "button", "legend", "caption",
    "summary", "option", "dt", "th",
}  # fmt: skip
TEXT_CLASSES = {
    "helptext", "help", "errorlist", "errornote", "messagelist", "messages", "message",
    "addlink", "button", "muted", "empty",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
SKIPPED_TAGS = {"bdi", "code", "kbd", "samp", "script", "style", "textarea"}


class InterfaceText(HTMLParser):
    """The interface text of a page: [(where, text)]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, collecting, skipping)
        self.found = []
        self.buffer = []
        self.in_result_rows = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        collecting, skipping = self._state()
        classes = set((attrs.get("class") or "").split())
        if (
            tag in SKIPPED_TAGS
            or attrs.get("dir") == "auto"
            or (tag == "option" and (attrs.get("value") or "").isdigit())
            or (tag == "tbody" and self.stack and self._in_result_list())
            or "readonly" in classes
        ):
            skipping = True
        if not skipping:
            for name in ("placeholder", "aria-label"):
                if attrs.get(name):
                    self.found.append((f"{tag}[{name}]", attrs[name]))
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                self.found.append(("input[value]", attrs.get("value") or ""))
        if tag in VOID:
            return
        new = collecting or None
        if not skipping and not collecting and (tag in TEXT_TAGS or classes & TEXT_CLASSES):
            new = tag + "".join(f".{c}" for c in sorted(classes & TEXT_CLASSES))
            self.buffer = []
        self.stack.append((tag, new, skipping, attrs.get("id")))

    def _in_result_list(self):
        return any(item[0] == "table" and item[3] == "result_list" for item in self.stack)

    def _state(self):
        return self.stack[-1][1:3] if self.stack else (None, False)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            top, collecting, _skipping, _id = self.stack.pop()
            outer = self.stack[-1][1] if self.stack else None
            if collecting and outer != collecting:
                text = " ".join("".join(self.buffer).split())
                if text:
                    self.found.append((collecting, text))
                self.buffer = []
            if top == tag:
                break

    def handle_data(self, data):
        collecting, skipping = self._state()
        if collecting and not skipping:
            self.buffer.append(data)


def interface_text(html):
    parser = InterfaceText()
    parser.feed(html)
    parser.close()
    return parser.found


def foreign_words(text, language):
    text = NOT_WORDS.sub(" ", text)
    words = LATIN_WORD.findall(text)
    if language == "ar":
        return [w for w in words if w not in ALLOWED_IN_ARABIC and len(w) > 1]
    return [
        w
        for w in words
        if w not in ALLOWED_IN_ENGLISH
        and (w.casefold() in FRENCH_WORDS or FRENCH_LETTERS.search(w))
    ]


def problems_in(html, language, data=None):
    data = data or {}
    found = []
    for where, text in interface_text(html):
        words = [word for word in foreign_words(text, language) if not is_data(word, text, data)]
        if words:
            found.append(f"<{where}> {text[:120]!r}: {sorted(set(words))}")
    return found


# What the test found and is not fixed yet, each with its reason (keep it empty: fix, then
# remove the line).
KNOWN = (
    # carres RoutingRule.applicant_kinds: a text field that stores codes, and its help lists
    # them; the field should become a choice of translated labels.
    "individual أو company أو startup أو university",
    # Django's own help for an unusable password, on the admin's password page only (the same
    # msgid is translated on the user's page): not understood yet.
    "Indique si cet utilisateur pourra",
    # An "ID" label on the admin's dossier and routing-rule pages: not found yet.
    "<label> 'ID:'",
)


def is_known(problem):
    return any(known in problem for known in KNOWN)


# --- the pages -------------------------------------------------------------------------------
SKIPPED_ROUTES = {
    # Not pages: they redirect, download or answer machines.
    "set_language", "account_logout", "healthz", "readyz", "javascript-catalog",
}  # fmt: skip


def _roles(w):
    return {
        "anonymous": None,
        "entrepreneur": w.people["owner"],
        "advisor": w.people["advisor:ccis-souss-massa"],
        "examiner": w.people["examiner:ompic"],
        "administrator": w.people["superuser"],
    }


def _in_language(url, language):
    return re.sub(r"^/fr/", f"/{language}/", url)


def pages_without_arguments():
    urls = []
    for pattern in walk():
        if pattern.arguments or not pattern.named or pattern.key in SKIPPED_ROUTES:
            continue
        with translation.override("fr"):
            urls.append(reverse(pattern.key))
    return sorted(set(urls))


def pages_with_arguments(w):
    """[(url, user)] for every object URL: the first person allowed to GET it."""
    lines, _unmapped = all_lines()
    patterns = patterns_with_arguments()
    pages = []
    for key, value in sorted(lines.items()):
        pattern = patterns.get(key)
        for line in value if isinstance(value, list) else [value]:
            if pattern is None or isinstance(line, NotAnObject | Token):
                continue
            if isinstance(line, Public):
                line = Private(line.target, allowed=("anonymous",), **line.kwargs)
            if line.ok.get("GET") != 200 or not line.allowed:
                continue
            target = getattr(w, line.target)
            kwargs, query = resolve_kwargs(w, pattern, line)
            people = people_around(w, target)
            pages.append((build_url(pattern, kwargs), query, people[line.allowed[0]]))
    return pages


def admin_changelists():
    urls = []
    with translation.override("fr"):
        for model in admin.site._registry:
            info = (model._meta.app_label, model._meta.model_name)
            urls.append(reverse("admin:{}_{}_changelist".format(*info)))
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    return urls


def render(client, url, query, language):
    response = client.get(_in_language(url, language), query or {})
    if response.streaming:  # read to the end: the test client's wrapper then closes the file
        b"".join(response.streaming_content)
        return None
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])  # two tests: xdist runs them side by side
def test_no_page_is_left_untranslated(world, language):  # noqa: F811 - the matrix's fixture
    started = time.monotonic()
    w = world
    # An error page is a page too: read it rather than re-raise what the view raised.
    clients = {}

    def client_of(user, language):
        # One session per language: a message added on an English page is read on an
        # English page, not on the Arabic one after it.
        key = (user.pk if user is not None else None, language)
        if key not in clients:
            clients[key] = Client(raise_request_exception=False)
            if user is not None:
                clients[key].force_login(user)
        return clients[key]

    visits, roles = [], _roles(w)
    for url in pages_without_arguments():
        # The back office's pages for its three kinds of staff, the others for a visitor and
        # an entrepreneur: each page as each kind of reader meets it, no page twice alike.
        staff = url.startswith(("/fr/admin/", "/fr/backoffice/"))
        for role in (
            ("advisor", "examiner", "administrator") if staff else ("anonymous", "entrepreneur")
        ):
            visits.append((url, {}, roles[role]))
    visits += [(url, {}, w.people["superuser"]) for url in admin_changelists()]
    visits += pages_with_arguments(w)
    problems, rendered, timings = {}, 0, {}
    data = data_words()
    print(f"{len(visits)} visits, world built")
    for url, query, user in visits:
        begun = time.monotonic()
        html = render(client_of(user, language), url, query, language)
        timings[f"{url} {getattr(user, 'pk', None)}"] = time.monotonic() - begun
        if html is None:
            continue
        rendered += 1
        found = problems_in(html, language, data[language])
        if found:
            who = getattr(user, "email", "anonymous")
            problems[f"{_in_language(url, language)} ({who})"] = found
    elapsed = time.monotonic() - started
    slowest = sorted(timings.items(), key=lambda item: -item[1])[:15]
    print(f"{rendered} pages read in {elapsed:.1f} s; slowest: {slowest}")
    assert rendered > 100
    left = {page: found for page, found in problems.items() if not all(map(is_known, found))}
    assert left == {}, "\n".join(
        f"{page}\n  " + "\n  ".join(found) for page, found in sorted(left.items())
    )


# --- e-mails in Arabic (the PDFs: test_untranslated_pdfs.py) ------------------------------
def data_words():
    """{language: {word: [texts]}}: the Latin words of texts that are data, not interface, on
    that language's pages, each with the texts it comes from (a word is let through only where
    one of its texts is on the page: "de" in a group named "Groupe de test", not elsewhere).

    What people typed (every text column that modeltranslation does not translate, in the
    portal's apps, and group names) stays as written, in any language. A translated column
    (reference content) counts as data only where the row has no text in that language: the
    test world's rows made by factories, in French only (the reference data the migrations
    load is checked by `test_reference_data_has_arabic_names`), and in English, proper nouns
    that are the same in both languages ("Agadir-Ida-Ou-Tanane")."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import models
    from modeltranslation.translator import NotRegistered, translator

    index = {"ar": defaultdict(set), "en": defaultdict(set)}

    def add(text, *languages):
        for word in LATIN_WORD.findall(text or ""):
            for language in languages:
                index[language][word].add(text)

    for name in Group.objects.values_list("name", flat=True):
        add(name, "ar", "en")
    for app in ("accounts", "carres", "companies", "ip_filings", "chambers", "trainings"):
        for model in apps.get_app_config(app).get_models():
            try:
                translated = set(translator.get_options_for_model(model).all_fields)
            except NotRegistered:
                translated = set()
            suffixed = {f"{name}_{lang}" for name in translated for lang in ("fr", "ar", "en")}
            plain = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
                and not f.choices
                and f.name not in translated | suffixed
            ]
            for row in model._default_manager.values_list(*plain) if plain else ():
                for value in row:
                    add(value, "ar", "en")
            for name in translated:
                rows = model._default_manager.values_list(f"{name}_fr", f"{name}_ar", f"{name}_en")
                for fr, ar, en in rows:
                    if not ar:
                        add(fr, "ar")
                    if not en or en == fr:
                        add(fr, "en")
    return index


def is_data(word, text, data):
    return any(value in text for value in data.get(word, ()))


@pytest.mark.django_db  # run alone too: pytest-django sets a database up only for marked tests
def test_arabic_emails_are_arabic(world):  # noqa: F811 - the matrix's fixture
    from carres.enums import NotificationVerb
    from carres.mail import render_mail

    w = world
    written = data_words()["ar"]
    request = w.support_request
    mails = {
        f"dossier_notification ({verb})": (
            "carres/email/dossier_notification",
            {
                "recipient": w.people["owner"],
                "verb": verb,
                "verb_label": verb.label,
                "dossier": w.company,
                "dossier_url": "https://example.ma/ar/",
                "comment": "",
            },
        )
        for verb in NotificationVerb
    }
    for template in ("confirmed", "waitlisted", "promoted", "reminder", "session_cancelled"):
        mails[template] = (
            f"trainings/emails/{template}",
            {
                "registration": w.registration,
                "session": w.session,
                "user": w.people["owner"],
                "position": 2,
            },
        )
    mails["request_event"] = (
        "chambers/email/request_event",
        {
            "event": request.events.order_by("pk").last(),
            "request": request,
            "appointment": request.appointments.first(),
            "user": w.people["owner"],
            "url": "https://example.ma/ar/",
        },
    )
    overdue = {"request": request, "user": w.people["owner"], "url": "https://example.ma/ar/"}
    mails["overdue_reminder"] = ("chambers/email/overdue_reminder", overdue)
    problems = {}
    for name, (template, context) in mails.items():
        message = render_mail(template, context, language="ar", to=["x@example.ma"])
        text = f"{message.subject}\n{message.body}"
        found = [
            word
            for line in text.splitlines()
            for word in foreign_words(line, "ar")
            if not is_data(word, line, written)
        ]
        if found:
            problems[name] = sorted(set(found))
    assert problems == {}
