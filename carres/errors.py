"""Error pages that must not need the database: the server error handler and its 503, the
400, the 413 for a request over the limits and the CSRF failure page."""

import sys

import psycopg
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

# Seconds a client (or a proxy) is asked to wait before trying again.
RETRY_AFTER = 5
# Django wraps the driver's errors in its own, except where it calls psycopg unwrapped:
# closing a server-side cursor (QuerySet.iterator(), e.g. a form's <select>) on a
# connection the server just dropped raises psycopg's own OperationalError.
DATABASE_GONE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
# A request body over DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS or
# DATA_UPLOAD_MAX_NUMBER_FILES: raised when something first reads request.POST.
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def server_error(request):
    """handler500. A database that went away (restarted, failing over, refusing
    connections) is no bug in the page: the visitor gets a 503 "come back in a moment"
    in their language. Anything else gets the plain 500 page.

    Django calls this inside its `except` block, wherever the exception was raised (a
    view, a middleware loading the session, a template), so `sys.exc_info()` holds it.
    The connection that failed is closed at the end of the request (it reports errors),
    and CONN_HEALTH_CHECKS replaces a stale one on the next request: nothing to reset here.
    """
    if isinstance(sys.exc_info()[1], DATABASE_GONE):
        return service_unavailable(request)
    return defaults.server_error(request)


def service_unavailable(request):
    """The 503 page, rendered without the request: no context processor, no session, no
    user, hence no query."""
    response = _render(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _render(request, template, status, context=dict):
    """An error page in the language of the request's URL, rendered without the request (no
    context processor, no session, no query): it must work on a request nothing else
    could read. `context` is called under that language."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        html = render_to_string(template, context())
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    return response


def bad_request(request, exception=None):
    """handler400 (a SuspiciousOperation, BadRequest, an unreadable body...), and the answer
    to a NUL character in a request (carres.middleware.RequestGuardMiddleware). A body over
    the limits is no malformed request: it gets the 413 page."""
    if isinstance(exception, TOO_LARGE):
        return request_too_large(request)
    return _render(request, "400.html", 400)


def request_too_large(request):
    """413: the form's text was over DATA_UPLOAD_MAX_MEMORY_SIZE or its fields over
    DATA_UPLOAD_MAX_NUMBER_FIELDS. Files are limited apart (UPLOAD_MAX_BYTES, a form error)."""

    def context():
        return {
            "max_form": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            "max_file": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }

    return _render(request, "413.html", 413, context)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: our own page in the visitor's language instead of Django's."""
    return _render(request, "403_csrf.html", 403)
