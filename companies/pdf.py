"""The name certificate (certificat négatif) of a reservation, through carres.pdf."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from carres.pdf import qr_data_uri, render_pdf
from companies.models import NameReservation


def render_certificate(reservation_id):
    """Render once: a reservation that already has its file is left alone."""
    with transaction.atomic():
        reservation = (
            NameReservation.objects.select_for_update(of=("self",))
            .select_related("dossier__owner", "company__legal_form")
            .filter(pk=reservation_id)
            .first()
        )
        if reservation is None or reservation.certificate:
            return reservation
        dossier = reservation.dossier
        language = dossier.owner.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            verification_url = dossier.verification_url()
        pdf = render_pdf(
            "companies/pdf/certificate.html",
            {
                "reservation": reservation,
                "dossier": dossier,
                "verification_url": verification_url,
                "qr": qr_data_uri(verification_url),
            },
            language=language,
        )
        reservation.certificate.save(
            f"certificate-{reservation.pk}.pdf", ContentFile(pdf), save=False
        )
        reservation.save(update_fields=["certificate"])
    return reservation
