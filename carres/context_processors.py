from django.conf import settings


def site(request):
    return {"PROGRAMME_NAME": settings.PROGRAMME_NAME}
