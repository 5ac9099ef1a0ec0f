"""The check-in QR code sent with a confirmation: a signed link to the back office."""

import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "trainings.check-in"


def token_for(registration):
    return signing.dumps(registration.pk, salt=SALT)


def registration_id(token):
    try:
        return int(signing.loads(token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def check_in_url(registration):
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("admin:trainings_registration_check_in", args=[token_for(registration)])
    return settings.SITE_URL + path


def qr_png(registration):
    buffer = io.BytesIO()
    segno.make(check_in_url(registration), error="m").save(buffer, kind="png", scale=6)
    return buffer.getvalue()
