"""Response headers every page gets: the Permissions-Policy, and no caching of personal pages."""

from django.conf import settings
from django.utils.cache import patch_cache_control


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
