"""The machinery of the authorization matrix (tests/security/test_authorization_matrix.py).

The kinds of line, the walk through the URL configuration, the people around an object,
and the requests each line is tried with and their checks.
"""

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern

from tests.security.world import PERSONAL

MISSING_ID = 999_999_999
LOGIN_PATHS = {"/fr/accounts/login/", "/fr/admin/login/"}
ID_KWARGS = ("pk", "object_id", "id")


# --- the kinds of line ---------------------------------------------------------------------
@dataclass(frozen=True)
class Private:
    """An object of the victim's (or of a chamber/office); only `allowed` get through."""

    target: str
    allowed: tuple = ("owner",)
    ok: dict = field(default_factory=lambda: {"GET": 200})
    missing: Any = None  # kwargs for a non-existent object when the id is not an integer
    methods: tuple = ("GET", "POST")  # what the others try
    kwargs: dict = field(default_factory=dict)

    def __init__(
        self, target, allowed=("owner",), ok=None, missing=None, methods=("GET", "POST"), **kwargs
    ):
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "allowed", tuple(allowed))
        object.__setattr__(self, "ok", ok if ok is not None else {"GET": 200})
        object.__setattr__(self, "missing", missing)
        object.__setattr__(self, "methods", tuple(methods))
        object.__setattr__(self, "kwargs", kwargs)


@dataclass(frozen=True)
class Public:
    """A page about a public object: everybody gets `ok` and no personal data."""

    target: str
    ok: dict = field(default_factory=lambda: {"GET": 200})
    login: bool = False  # anonymous visitors are sent to log in first
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Token:
    """A URL carrying a secret: the right one answers `right_status` without personal data
    (unless `right` is None: the page legitimately shows its owner's data to the secret's
    holder), a wrong one `wrong_status`, whoever asks."""

    wrong: Any
    right: Any = None
    right_status: int = 200
    wrong_status: int = 404


@dataclass(frozen=True)
class NotAnObject:
    reason: str


@dataclass(frozen=True)
class Admin:
    """A model registered in the admin, tried through its object URLs."""

    target: str
    allowed: tuple = ("superuser",)


# --- walking the URL configuration ----------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    key: str
    route: str
    arguments: tuple
    named: bool


def walk(resolver=None, prefix="", namespaces=(), groups=()):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        own = tuple(pattern.pattern.regex.groupindex) or (
            ("?",) * pattern.pattern.regex.groups if pattern.pattern.regex.groups else ()
        )
        if isinstance(pattern, URLResolver):
            part = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            spaces = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern, prefix + part, spaces, groups + own)
        else:
            route = prefix + str(pattern.pattern)
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield Pattern(name or route, route, groups + own, bool(name))


def patterns_with_arguments():
    return {p.key: p for p in walk() if p.arguments}


def _office(obj):
    office = getattr(obj, "office", None)
    if isinstance(office, str) and office:
        return office
    dossier = getattr(obj, "dossier", None)
    return getattr(dossier, "office", None) or None


def _chamber(obj):
    from chambers.models import Chamber

    if isinstance(obj, Chamber):
        return obj
    for path in ("chamber", "session.chamber", "registration.session.chamber"):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
        if isinstance(value, Chamber):
            return value
    return None


def people_around(w, obj):
    """{role: user or None} relative to `obj`'s office and chamber."""
    office = _office(obj) or "ompic"
    other_office = "inpi" if office == "ompic" else "ompic"
    chamber = (_chamber(obj) or w.souss).slug
    other_chamber = (
        "ccis-casablanca-settat" if chamber == "ccis-souss-massa" else "ccis-souss-massa"
    )
    return {
        "anonymous": None,
        "owner": w.people["owner"],
        "intruder": w.people["intruder"],
        "home_advisor": w.people[f"advisor:{chamber}"],
        "other_advisor": w.people[f"advisor:{other_chamber}"],
        "home_examiner": w.people[f"examiner:{office}"],
        "other_examiner": w.people[f"examiner:{other_office}"],
        "superuser": w.people["superuser"],
    }


def client_for(w, user):
    return w.clients[user.pk if user is not None else None]


# --- requests and their checks -----------------------------------------------------------------
def build_url(pattern, kwargs):
    if pattern.named:
        return reverse(pattern.key, kwargs=kwargs)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), pattern.route)
    return f"/fr/{path}"


def resolve_kwargs(w, pattern, line):
    target = getattr(w, line.target)
    values = {}
    for name in pattern.arguments:
        if name in line.kwargs:
            value = line.kwargs[name]
            values[name] = value(w) if callable(value) else value
        elif name in ID_KWARGS:
            values[name] = target.pk
    query = {k: v for k, v in line.kwargs.items() if k not in pattern.arguments}
    return values, {k: (v(w) if callable(v) else v) for k, v in query.items()}


def missing_kwargs(w, pattern, line, kwargs):
    if line.missing is not None:
        return {**kwargs, **line.missing(w)}
    return {
        name: (MISSING_ID if (name in ID_KWARGS or isinstance(value, int)) else value)
        for name, value in kwargs.items()
    }


def text_of(response):
    if getattr(response, "streaming", False):
        # The test client's wrapper closes the file once read (calling close() here would
        # fire request_finished, which closes the connection held in the module's transaction).
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def send(client, method, url, query=None):
    if method == "GET":
        return client.get(url, query or {})
    return client.post(
        url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    )


def is_login_redirect(response):
    return response.status_code == 302 and urlsplit(response["Location"]).path in LOGIN_PATHS


def answer(response):
    """What a refusal looks like from outside: the status, and where a redirect leads (the
    ids in it blurred: the same redirect built from another id is the same answer)."""
    if response.status_code in (301, 302):
        return response.status_code, re.sub(r"\d+", "N", urlsplit(response["Location"]).path)
    return response.status_code, ""


def leaks(text, w):
    return [marker for marker in (*PERSONAL, *w.references) if marker in text]


VICTIM_ROWS = (
    "company",
    "company_draft",
    "registered_company",
    "trademark",
    "trademark_draft",
    "patent",
    "patent_draft",
    "watch",
    "support_request",
    "registration",
    "feedback",
    "user",
    "email_address",
    "authenticator",
)


def fingerprint(w):
    """The victim's rows as they are, and counts of what a POST could add."""
    from carres.models import Attachment, DossierEvent, DossierMessage
    from chambers.models import SupportMessage
    from ip_filings.models import MarkWatch
    from trainings.models import Registration

    rows = []
    for name in VICTIM_ROWS:
        obj = w.objects[name]
        rows.append((name, list(type(obj)._default_manager.filter(pk=obj.pk).values())))
    counts = [
        model.objects.count()
        for model in (
            Attachment,
            DossierEvent,
            DossierMessage,
            SupportMessage,
            MarkWatch,
            Registration,
        )
    ]
    return rows, counts


def check_private_line(w, pattern, line, failures):
    """Attackers first (fingerprinted), then the positive controls."""
    before = fingerprint(w)
    _check_people(w, pattern, line, failures, only_attackers=True)
    after = fingerprint(w)
    if before != after:
        changed = [a[0] for a, b in zip(before[0], after[0], strict=True) if a != b]
        failures.append(f"{pattern.key}: a refused request changed {changed or after[1]}")
    _check_people(w, pattern, line, failures, only_attackers=False)


def _check_people(w, pattern, line, failures, *, only_attackers):
    target = getattr(w, line.target)
    kwargs, query = resolve_kwargs(w, pattern, line)
    url = build_url(pattern, kwargs)
    missing_url = build_url(pattern, missing_kwargs(w, pattern, line, kwargs))
    for role, user in people_around(w, target).items():
        allowed = role in line.allowed
        if allowed == only_attackers:
            continue
        client = client_for(w, user)
        for method in ("GET", "POST"):
            where = f"{role} {method} {url}"
            if allowed:
                expected = line.ok.get(method)
                if expected is None:
                    continue
                response = send(client, method, url, query)
                text_of(response)
                expected = expected if isinstance(expected, tuple) else (expected,)
                if response.status_code not in expected or is_login_redirect(response):
                    failures.append(
                        f"{where}: positive control got {response.status_code}, expected {expected}"
                    )
                continue
            if method not in line.methods:
                continue
            response = send(client, method, url, query)
            body = text_of(response)
            refused = response.status_code in (404, 405) or is_login_redirect(response)
            if not refused and response.get("Location") == url + "change/":
                # Django's "<id>/" → "<id>/change/" redirect, which looks nothing up.
                followed = client.get(response["Location"])
                refused = followed.status_code == 404 or is_login_redirect(followed)
                body += text_of(followed)
            if not refused:
                failures.append(
                    f"{where}: answered {response.status_code} {response.get('Location', '')} "
                    "instead of refusing"
                )
            found = leaks(body + response.get("Location", ""), w)
            if found:
                failures.append(f"{where}: the body shows {found}")
            if is_login_redirect(response):
                continue  # sent to log in before anything is looked up
            other = send(client, method, missing_url, query)
            text_of(other)
            if answer(other) != answer(response):
                failures.append(
                    f"{where}: answers {answer(response)} but {answer(other)} for a missing "
                    "object, which tells ids apart"
                )


def check_public(w, pattern, line, failures):
    target = getattr(w, line.target)
    kwargs, query = resolve_kwargs(w, pattern, Private(line.target, **line.kwargs))
    url = build_url(pattern, kwargs)
    missing_url = build_url(
        pattern, {k: MISSING_ID if k in ID_KWARGS else v for k, v in kwargs.items()}
    )
    for role, user in people_around(w, target).items():
        client = client_for(w, user)
        for method, expected in line.ok.items():
            response = send(client, method, url, query)
            body = text_of(response)
            where = f"{role} {method} {url}"
            if user is None and line.login:
                if not is_login_redirect(response):
                    failures.append(f"{where}: anonymous got {response.status_code}, not login")
                continue
            if response.status_code != expected:
                failures.append(f"{where}: got {response.status_code}, expected {expected}")
            found = leaks(body, w)
            if found:
                failures.append(f"{where}: the public page shows {found}")
            other = send(client, method, missing_url, query)
            text_of(other)
            if other.status_code != 404:
                failures.append(f"{where}: a missing object answered {other.status_code}")


def check_token(w, pattern, line, failures):
    for role, user in people_around(w, w.company).items():
        client = client_for(w, user)
        cases = [("wrong", line.wrong, line.wrong_status)]
        if line.right is not None:
            cases.append(("right", line.right, line.right_status))
        for label, kwargs, expected in cases:
            url = build_url(pattern, kwargs(w))
            response = client.get(url)
            where = f"{role} GET {url} ({label} secret)"
            if response.status_code != expected:
                failures.append(f"{where}: got {response.status_code}, expected {expected}")
            found = [m for m in PERSONAL if m in text_of(response)]
            if found:
                failures.append(f"{where}: shows {found}")
