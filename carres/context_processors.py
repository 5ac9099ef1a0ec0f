from functools import cache

from django.conf import settings


def site(request):
    context = {
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "CNDP_DECLARATION": settings.CNDP_DECLARATION,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from carres.notifications import request_unread_count

        # A callable: templates call it on use, and only pages showing the header pay
        # the one query (counted once for the request).
        context["UNREAD_NOTIFICATIONS"] = cache(lambda: request_unread_count(request))
    return context
