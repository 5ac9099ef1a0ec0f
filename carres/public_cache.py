"""The public pages that are the same for every anonymous visitor, served from the cache.

    @public_page("trainings")
    def catalogue(request): ...

A page is kept in the cache (Redis, settings.CACHES) per language, path and query, under the
current version of each data "namespace" it shows (`trainings`, `chambers`, ...). A change to
that data bumps the namespace's version (`bump`, called by the model signals of
carres.public_cache_signals), so the next request builds the page anew: nothing waits for a
timer, which only bounds how long an entry stays (PAGE_TIMEOUT: the catalogue also shows
"sessions to come", which time alone changes).

Nothing personal is ever stored or served from it. A page is read from and written to the
cache only for a request:
- that is a GET or HEAD, anonymous, with an empty session (no sign-in half done) and no
  message waiting to be shown;
and its response is stored only if it is a 200 whose rendering asked for no CSRF token
(a form's token is the visitor's own) and set no cookie. The CSP nonce of the page's scripts
is taken out of the stored body and the request's own put back in at each answer.

Every key also holds the release (`release()`: the static manifest's hash and the
templates), so a deploy never serves the markup the previous code kept.

Fragments: the part of a public page that is the same for everybody who asks the same thing
(the list of cards, the statistics' sections) is also kept on its own, under the same
versions, the language and the inputs it depends on (`fragment`): a page the cache misses
for another reason (a query string the view does not read, a signed-in visitor) is built
around it without its queries and template work. A fragment never holds anything of a
person either: it is rendered from the data alone, never from the request's user.

Each cached answer has an `ETag` (a hash of the stored body) and a `Last-Modified` (when it
was built), with `Cache-Control: no-cache`: the page stays cacheable (carres.middleware.
PrivateCacheMiddleware), but whoever keeps it asks again with If-None-Match /
If-Modified-Since and gets a 304 without a body while nothing changed, so a change shows at
once there too. Every such page also says `Vary: Cookie` (the session middleware adds it:
the user was looked at), since a signed-in visitor gets a page of their own, marked
`private, no-store` by PrivateCacheMiddleware.
"""

import contextvars
import functools
import hashlib
import os
import time

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language

PAGE_TIMEOUT = 600  # seconds: the upper bound; a change of data invalidates at once
VERSION_KEY = "public-cache:version:{}"
PAGE_KEY = "public-cache:page:{}"
FRAGMENT_KEY = "public-cache:fragment:{}"
NONCE_PLACEHOLDER = "__carres_csp_nonce__"
# The versions the page being answered was looked up under: its fragments reuse them (one
# round trip to the cache fewer, and the page and its parts of one and the same version).
_PAGE_VERSIONS = contextvars.ContextVar("public_cache_page_versions", default=None)


def _now_ms():
    return int(time.time() * 1000)


@functools.cache
def release():
    """What the code of this process is, for the keys: a new release (other templates,
    other hashed static files) never serves a page or fragment the previous one kept, whose
    markup would name stylesheets the new image no longer holds. The static manifest's hash
    and the templates' names, sizes and times, read once per process; the same image gives
    every web process the same value."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.template import engines

    digest = hashlib.sha256(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    for folder in sorted({str(d) for engine in engines.all() for d in engine.template_dirs}):
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                info = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}|{info.st_size}|{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def versions(*namespaces):
    """The current version of each namespace, as one string (one cache round trip)."""
    keys = [VERSION_KEY.format(name) for name in namespaces]
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            # First use, or evicted: start from the clock, never from a number an older
            # version may have had (its pages could still be in the cache).
            cache.add(key, _now_ms(), timeout=None)
            value = cache.get(key)
        values.append(str(value))
    return ".".join(values)


def bump(*namespaces):
    """A change in these namespaces' data: their cached pages are no longer served."""
    for name in namespaces:
        key = VERSION_KEY.format(name)
        try:
            cache.incr(key)
        except ValueError:  # no version yet (or evicted): any new one is newer
            cache.set(key, _now_ms(), timeout=None)


def fragment(name, namespaces, parts, build, *, timeout=PAGE_TIMEOUT):
    """The HTML `build()` returns, kept under the current versions of `namespaces`, the
    active language and `parts` (every input the fragment depends on: filters, page number).
    `build` renders from the data alone, nothing of the visitor; its result is reused for
    everybody until one of the namespaces' data changes."""
    known = _PAGE_VERSIONS.get()
    version = known[1] if known and known[0] == namespaces else versions(*namespaces)
    raw = f"{release()}|{name}|{version}|{get_language()}|{parts!r}"
    key = FRAGMENT_KEY.format(hashlib.sha256(raw.encode()).hexdigest())
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, timeout)
    return html


def cacheable_request(request):
    """Whether the page asked for may be one everybody shares (see the module's docstring)."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is None or not session.is_empty():
        return False
    return len(get_messages(request)) == 0


def _page_key(request, version, headers):
    query = sorted(request.GET.lists())
    varies = [request.headers.get(name, "") for name in headers]
    raw = f"{release()}|{version}|{get_language()}|{request.path}|{query!r}|{varies!r}"
    return PAGE_KEY.format(hashlib.sha256(raw.encode()).hexdigest())


def _not_modified(request, etag, modified):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        # Weak comparison, as RFC 9110 asks for If-None-Match: GZipMiddleware sends the tag
        # as W/"..." when it compresses the page, and the browser sends it back so.
        tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(modified) <= since


def _answer(request, entry):
    body, content_type, etag, modified = entry
    if _not_modified(request, etag, modified):
        response = HttpResponseNotModified()
    else:
        nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else ""
        response = HttpResponse(body.replace(NONCE_PLACEHOLDER, nonce), content_type=content_type)
    _headers(response, etag, modified)
    return response


def _headers(response, etag, modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, no_cache=True)


def public_page(*namespaces, timeout=PAGE_TIMEOUT, headers=()):
    """Serve the decorated view from the cache to anonymous visitors (module docstring).

    `headers`: the request headers the page depends on (e.g. HX-Request for a fragment),
    each a part of the cache key and named in the response's Vary."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not cacheable_request(request):
                return view(request, *args, **kwargs)
            version = versions(*namespaces)
            key = _page_key(request, version, headers)
            entry = cache.get(key)
            if entry is not None:
                response = _answer(request, entry)
                if headers:
                    patch_vary_headers(response, headers)
                response["X-Page-Cache"] = "hit"
                return response
            token = _PAGE_VERSIONS.set((namespaces, version))
            try:
                response = view(request, *args, **kwargs)
            finally:
                _PAGE_VERSIONS.reset(token)
            if headers:
                patch_vary_headers(response, headers)
            if (
                response.status_code != 200
                or response.streaming
                or response.cookies
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or response.has_header("Cache-Control")
                or len(get_messages(request))  # a message the view added, for this visitor
            ):
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = response.content.decode(response.charset)
            nonce = getattr(request, "_csp_nonce", None)
            if nonce:
                body = body.replace(nonce, NONCE_PLACEHOLDER)
            etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
            modified = int(time.time())
            cache.set(key, (body, response["Content-Type"], etag, modified), timeout)
            _headers(response, etag, modified)
            response["X-Page-Cache"] = "miss"
            return response

        wrapper.public_cache_namespaces = namespaces
        return wrapper

    return decorator
