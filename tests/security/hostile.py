"""Hostile values and the helpers that send them: the strategies, the samples every test
draws from, and the form walker (tests/security/test_hostile_input.py says why and how)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.cache import cache
from hypothesis import strategies as st

SAMPLES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x07\x1b[31m\x7f\x85",
    "\u200e\u200f\u202e\u2066",  # bidi controls
    "\ufeff\ufffe\uffff",
    "👩🏽‍🚀🇲🇦🧕🏻",
    "ﷺ ﷽",
    "ⵜⴰⵎⴰⵣⵉⵖⵜ",  # Tifinagh
    "مرحبا Bonjour 你好 Здравствуйте",
    "Z̷̢̛͓a̵̤̓l̶̙͌g̸̞̈o̴̩͝",
    "'; DROP TABLE accounts_user; --",
    "<script>alert(1)</script>",
    "%(name)s {0} {{ x }} {% if %}",
    "../../etc/passwd",
    "1e309",
    "-1",
    "99999999999999999999999999",
    "٣٤٥",  # Arabic-Indic digits
    "x" * 10_000,
    "🇲🇦" * 2_500,  # 10 kB of UTF-8 and 5 000 code points
    "\n" * 5_000,
]

hostile_text = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=60),
    st.text(
        alphabet=st.characters(categories=["Cc", "Cf", "Co", "Mn", "Zl", "Zp", "So"]), max_size=40
    ),
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.just(2_600)),
)
# What a client can put on the wire but no Python str can hold: invalid UTF-8, lone surrogates.
hostile_bytes = st.one_of(
    st.sampled_from(
        [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xff\xfe", b"\xc0\xaf", b"\x80", b"a\x00"]
    ),
    st.binary(max_size=40),
)


def sent_nul(request):
    """A NUL anywhere in the path, the query string or the form: the guard's 400 is due."""
    return "\x00" in request.path_info or any(
        "\x00" in key or any("\x00" in value for value in values)
        for query in (request.GET, request.POST)
        for key, values in query.lists()
    )


def assert_handled(response, allowed=(200, 302, 400, 404, 405, 429)):
    """`allowed`, or the translated 400 page when the request held a NUL character
    (carres.middleware.RequestGuardMiddleware: PostgreSQL refuses NUL in text)."""
    if sent_nul(response.wsgi_request):
        assert response.status_code == 400, response.status_code
        assert "Requête refusée" in response.content.decode()
    else:
        assert response.status_code in allowed, response.status_code


class PostForms(HTMLParser):
    """The POST forms of a page: [(action, [field names])], buttons and files left out."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._current = (attrs.get("action") or "", []) if method == "post" else None
            if self._current is not None:
                self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            kind = (attrs.get("type") or "").lower()
            if name and name != "csrfmiddlewaretoken" and kind not in ("file", "submit", "button"):
                self._current[1].append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def form_fields(client, url):
    """The field names of the page's own POST form (the one posting back to `url`)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = PostForms()
    parser.feed(response.content.decode())
    path = urlsplit(url).path
    for action, fields in parser.forms:
        if action in ("", path, url) and fields:
            return fields
    raise AssertionError(f"no POST form posting to {url}")


def post_hostile(client, url, fields, data):
    values = {name: data.draw(hostile_text, label=name) for name in fields}
    cache.clear()  # rate limits would otherwise answer 429 before the form is read
    return client.post(url, values)
