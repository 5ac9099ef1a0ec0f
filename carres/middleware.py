"""Requests no page can serve are answered before any view runs."""

from django.http import UnreadablePostError

from carres import errors


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
