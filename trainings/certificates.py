"""Certificates of attendance as PDF, in the attendee's language.

Kept small and on its own so it can move onto the shared PDF machinery in
carres/ once that exists: render_certificate(registration) -> bytes is the
only entry point.
"""

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

FONTS = {
    "Noto Sans Arabic": {
        400: "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff",
        700: "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-700-normal.woff",
    },
    "Noto Sans": {
        400: "vendor/fonts/noto-sans/noto-sans-latin-400-normal.woff",
        700: "vendor/fonts/noto-sans/noto-sans-latin-700-normal.woff",
    },
}


def _font_faces():
    faces = []
    for family, weights in FONTS.items():
        for weight, path in weights.items():
            found = finders.find(path)
            if found:
                faces.append({"family": family, "weight": weight, "url": f"file://{found}"})
    return faces


def verification_url(registration):
    with translation.override(registration.user.preferred_language or settings.LANGUAGE_CODE):
        path = reverse("trainings:verify", args=[registration.certificate_code])
    return settings.SITE_URL + path


def render_certificate(registration):
    """The PDF bytes of `registration`'s certificate, in its holder's preferred language."""
    from weasyprint import HTML

    language = registration.user.preferred_language or settings.LANGUAGE_CODE
    url = verification_url(registration)
    with translation.override(language):
        html = render_to_string(
            "trainings/certificate.html",
            {
                "registration": registration,
                "session": registration.session,
                "user": registration.user,
                "fonts": _font_faces(),
                "qr_svg": segno.make(url, error="m").svg_data_uri(scale=4),
                "verification_url": url,
                "language": language,
                "bidi": translation.get_language_bidi(),
                "PROGRAMME_NAME": settings.PROGRAMME_NAME,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
