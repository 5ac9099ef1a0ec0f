"""Error pages that must not need the database: the server error handler and its 503."""

import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
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
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        html = render_to_string("503.html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response
