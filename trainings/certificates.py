"""Certificates of attendance as PDF, in the attendee's language, made by carres.pdf (its
base template, fonts and URL allow-list): render_certificate(registration) -> bytes."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from carres.pdf import render_pdf


def verification_url(registration):
    with translation.override(registration.user.preferred_language or settings.LANGUAGE_CODE):
        path = reverse("trainings:verify", args=[registration.certificate_code])
    return settings.SITE_URL + path


def render_certificate(registration):
    """The PDF bytes of `registration`'s certificate, in its holder's preferred language."""
    url = verification_url(registration)
    return render_pdf(
        "trainings/certificate.html",
        {
            "registration": registration,
            "session": registration.session,
            "user": registration.user,
            "qr_svg": segno.make(url, error="m").svg_data_uri(scale=4),
            "verification_url": url,
        },
        language=registration.user.preferred_language or settings.LANGUAGE_CODE,
    )
