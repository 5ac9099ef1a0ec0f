from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    context = {"PROGRAMME_NAME": settings.PROGRAMME_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from carres.notifications import unread_count

        # Lazy: only pages that show the header pay the query.
        context["UNREAD_NOTIFICATIONS"] = SimpleLazyObject(lambda: unread_count(user))
    return context
