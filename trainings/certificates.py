"""Certificates of attendance as PDF, in the attendee's language, made by carres.pdf (its
base template, fonts and URL allow-list): render_certificate(registration) -> bytes."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from carres.pdf import other_language_link, render_pdf
from trainings.enums import RegistrationStatus


def verification_url(registration, language=None):
    with translation.override(
        language or registration.user.preferred_language or settings.LANGUAGE_CODE
    ):
        path = reverse("trainings:verify", args=[registration.certificate_code])
    return settings.SITE_URL + path


def render_certificate(registration, language=None):
    """The PDF bytes of `registration`'s certificate, in its holder's preferred language
    unless another `language` is asked (an advisor reading in theirs)."""
    language = language or registration.user.preferred_language or settings.LANGUAGE_CODE
    url = verification_url(registration, language)
    return render_pdf(
        "trainings/certificate.html",
        {
            "registration": registration,
            "session": registration.session,
            "user": registration.user,
            "qr_svg": segno.make(url, error="m").svg_data_uri(scale=4),
            "verification_url": url,
        },
        language=language,
    )


def certificate_links(registration):
    """For the back office: the holder's certificate in their language and, for a reader
    working in another, the version in the reader's (`?lang=`)."""
    if registration.status != RegistrationStatus.ATTENDED:
        return "—"
    url = reverse("trainings:certificate", args=[registration.pk])
    links = [(url, _("Dans la langue du titulaire"))]
    other = other_language_link(registration.user.preferred_language or settings.LANGUAGE_CODE)
    if other:
        links.append(
            (f"{url}?lang={other[0]}", _("Version en %(language)s") % {"language": other[1]})
        )
    return format_html_join(" · ", '<a href="{}">{}</a>', links)
