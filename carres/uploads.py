"""Uploaded files: the type is read from the content, never from the name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def validate_upload(upload):
    """Return the sniffed MIME type of `upload`, or raise a translated ValidationError."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Le fichier est trop volumineux (%(size)s) : la limite est de %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("Ce fichier n'est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié)."),
            code="bad_type",
        )
    return kind.mime
