"""Certificates of attendance on the public verification page (carres.verification)."""

from carres.verification import Verified, masked_name
from trainings.enums import RegistrationStatus
from trainings.models import Registration


def verify_certificate(reference, code):
    """A certificate has a code and no reference (a reader may type its code in both)."""
    code = code.strip()
    if not code or reference.strip() not in ("", code):
        return None
    registration = (
        Registration.objects.select_related("session__training", "user")
        .filter(certificate_code=code)
        .first()
    )
    if registration is None:
        return None
    return Verified(
        "trainings/verify/_certificate.html",
        {
            "registration": registration,
            "valid": registration.status == RegistrationStatus.ATTENDED,
            "holder": masked_name(registration.user.first_name, registration.user.last_name),
        },
    )
