"""What every request and response goes through before and after the views: requests no
page can serve are answered first (RequestGuardMiddleware); every response gets the
Permissions-Policy, and personal pages are never cached."""

from django.conf import settings
from django.http import UnreadablePostError
from django.utils.cache import patch_cache_control

from carres import errors


def permissions_policy_header(policy):
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY: the browser features the site refuses itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response made for one person, unless the
    view chose its own policy (never_cache, the error pages): a shared proxy must not hand
    it to someone else, nor the browser keep it on disk after sign-out (a shared computer).

    Made for one person: seen signed in (every page, every download), or anonymously but with
    something of the visitor's own: a session holding data (a sign-in half done, a message),
    a cookie set, a form's CSRF token. Anonymous public pages stay cacheable: they all say
    `Vary: Cookie` (the layout reads the session for messages and the user), which already
    keeps a shared cache from mixing visitors, so "varies on Cookie" alone is not the test.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and made_for_one_person(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response


def made_for_one_person(request, response):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    session = getattr(request, "session", None)
    return session is not None and not session.is_empty()


def _holds_nul(query_dict):
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


class RequestGuardMiddleware:
    """A NUL character in the path, a query string or a form (keys and values) gets the
    translated 400 page; a body over the upload limits gets the translated 413 page.

    PostgreSQL refuses NUL in text, so a NUL that reached a query was a 500 wherever a view
    or the admin filtered on a parameter without a form (`/backoffice/?status=%00`,
    `?status__exact=%00`); no browser sends one from what a person types. Other control
    characters are refused field by field, with a form error (carres.validators).

    Reading request.POST here, before CsrfViewMiddleware does, is what lets the 413 be
    ours: Django raises RequestDataTooBig (or TooManyFieldsSent) lazily, at that first read.
    Placed after LocaleMiddleware, so that the pages speak the URL's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refused = (
                "\x00" in request.path_info
                or _holds_nul(request.GET)
                or (request.method == "POST" and _holds_nul(request.POST))
            )
        except errors.TOO_LARGE:
            return errors.request_too_large(request)
        except UnreadablePostError:  # the client went away mid-body; nobody reads the answer
            return errors.bad_request(request)
        if refused:
            return errors.bad_request(request)
        return self.get_response(request)
