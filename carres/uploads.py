"""Uploaded files: what is accepted, read from the content, never from the name.

`validate_upload` runs in the request, before anything is stored: size, type sniffed
from the bytes, then the content itself (a PDF must open and carry no active content,
an image must decode within a pixel budget). A refused file raises a translated
ValidationError and nothing is written. Files that pass are stored in quarantine and
checked again, with the antivirus, by `carres.quarantine`.
"""

import io
import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ALLOWED_TYPES = {"application/pdf", "image/png", "image/jpeg"}
IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def validate_upload(upload, *, allowed=ALLOWED_TYPES, type_message=None):
    """Return the sniffed MIME type of `upload`, or raise a translated ValidationError.

    `allowed` narrows the accepted types (a logo is an image); `type_message` is said
    when the file is of another type.
    """
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
    mime = kind.mime if kind is not None else None
    if mime not in allowed:
        if _looks_like_markup(head):
            raise ValidationError(
                _("Les fichiers SVG, HTML ou XML sont refusés : ils peuvent contenir du code."),
                code="markup",
            )
        raise ValidationError(
            type_message
            or _(
                "Ce fichier n'est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié)."
            ),
            code="bad_type",
        )
    check_content(upload, mime)
    upload.seek(0)
    return mime


def check_content(file, mime):
    """Raise a translated ValidationError if the content of `file` (of type `mime`) is unsafe
    or unreadable. Used at upload and again by the quarantine scan."""
    file.seek(0)
    if mime == "application/pdf":
        check_pdf(file)
    elif mime in IMAGE_FORMATS:
        check_image(file, IMAGE_FORMATS[mime])


def _looks_like_markup(head):
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html")) or b"<svg" in start


# --- Images ---------------------------------------------------------------------------


def check_image(file, image_format):
    """The image decodes fully and stays within UPLOAD_MAX_IMAGE_PIXELS.

    The pixel count is read from the header before any decoding, so a decompression
    bomb (a few kilobytes that would inflate to gigabytes) is refused without being
    inflated. JPEGs are decoded at 1/8 scale (libjpeg reads every byte all the same,
    so a truncated or corrupted file still fails) to keep memory low.
    """
    from PIL import Image, UnidentifiedImageError

    unreadable = ValidationError(
        _("Cette image est endommagée ou illisible : enregistrez-la à nouveau et réessayez."),
        code="bad_image",
    )
    try:
        with Image.open(file, formats=[image_format]) as image:
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                raise _too_many_pixels(width, height)
            image.verify()  # chunk checksums (PNG), structure
        file.seek(0)
        with Image.open(file, formats=[image_format]) as image:
            if image_format == "JPEG":
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own guard (MAX_IMAGE_PIXELS), if it fires before ours.
        raise _too_many_pixels(0, 0) from error
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise unreadable from error
    finally:
        file.seek(0)


def _too_many_pixels(width, height):
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS / 1_000_000
    if width and height:
        return ValidationError(
            _(
                "Cette image est trop grande (%(width)s × %(height)s pixels) : la limite est de "
                "%(limit)s millions de pixels. Réduisez-la et réessayez."
            )
            % {"width": width, "height": height, "limit": f"{limit:g}"},
            code="too_many_pixels",
        )
    return ValidationError(
        _(
            "Cette image est trop grande : la limite est de %(limit)s millions de pixels. "
            "Réduisez-la et réessayez."
        )
        % {"limit": f"{limit:g}"},
        code="too_many_pixels",
    )


# --- PDFs -----------------------------------------------------------------------------

# What a PDF may not carry, and how the refusal names it.
ACTIVE_CONTENT = {
    "javascript": gettext_lazy("du JavaScript"),
    "launch": gettext_lazy("une commande qui lance un programme"),
    "embedded_file": gettext_lazy("des fichiers incorporés"),
    "rich_media": gettext_lazy("du contenu multimédia (RichMedia, Flash)"),
    "xfa": gettext_lazy("un formulaire XFA"),
}
# Action types (/S) that run code or start programs.
_ACTION_FINDINGS = {"/JavaScript": "javascript", "/Launch": "launch"}
# Keys whose mere presence is the finding, wherever they stand.
_KEY_FINDINGS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",  # the document-level scripts of the /Names tree
    "/EmbeddedFiles": "embedded_file",
    "/EF": "embedded_file",  # a file specification carrying the file itself
    "/RichMediaContent": "rich_media",
    "/RichMediaSettings": "rich_media",
    "/XFA": "xfa",
}
_TYPE_FINDINGS = {
    "/EmbeddedFile": "embedded_file",
    "/RichMedia": "rich_media",
    "/Flash": "rich_media",
}
# Names long enough never to occur by chance in compressed bytes. A raw search for them,
# '#xx' escapes decoded, also finds objects of earlier revisions that the last
# cross-reference table no longer lists (an incremental update can hide them from qpdf).
_RAW_FINDINGS = {
    b"JavaScript": "javascript",
    b"Launch": "launch",
    b"EmbeddedFile": "embedded_file",
    b"EmbeddedFiles": "embedded_file",
    b"RichMedia": "rich_media",
    b"RichMediaContent": "rich_media",
}
_RAW_NAME = re.compile(rb"/((?:[A-Za-z]|#[0-9A-Fa-f]{2}){6,20})(?![A-Za-z0-9#])")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Nested direct objects deeper than this are not walked further (qpdf refuses past 500).
_MAX_DEPTH = 64


def check_pdf(file):
    """Refuse a PDF that cannot be read whole, needs a password, or carries active content.

    Every object qpdf finds is walked: those of the last revision, those stored in object
    streams (decompressed by qpdf), and objects added by incremental updates. Streams are
    never decoded, so a compression bomb inside a PDF costs nothing here.
    """
    findings = pdf_active_content(file)
    if findings:
        raise ValidationError(
            _(
                "Ce PDF contient %(what)s, ce qui n'est pas accepté pour des raisons de "
                "sécurité. Imprimez-le en PDF (ou exportez-le en « PDF/A ») et envoyez ce "
                "nouveau fichier."
            )
            % {"what": ", ".join(str(ACTIVE_CONTENT[f]) for f in sorted(findings))},
            code="pdf_active_content",
        )


def pdf_active_content(file):
    """The set of ACTIVE_CONTENT keys found in the PDF `file`; ValidationError if unreadable."""
    import pikepdf

    file.seek(0)
    data = file.read()
    file.seek(0)
    findings = _raw_findings(data)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if any("damaged" in warning for warning in pdf.get_warnings()):
                # qpdf had to rebuild the cross-reference table: the file is truncated or
                # corrupted. A viewer may show something else than what we would check.
                raise _damaged_pdf()
            if len(pdf.pages) == 0:
                raise _damaged_pdf()
            for obj in pdf.objects:
                _walk(obj, findings, 0)
    except pikepdf.PasswordError as error:
        raise ValidationError(
            _("Ce PDF est protégé par un mot de passe : envoyez-le sans mot de passe."),
            code="pdf_encrypted",
        ) from error
    except (pikepdf.PdfError, RecursionError, ValueError, KeyError, TypeError) as error:
        raise _damaged_pdf() from error
    return findings


def _damaged_pdf():
    return ValidationError(
        _("Ce PDF est endommagé ou incomplet : enregistrez-le à nouveau et réessayez."),
        code="pdf_damaged",
    )


def _raw_findings(data):
    found = set()
    for match in _RAW_NAME.finditer(data):
        name = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name in _RAW_FINDINGS:
            found.add(_RAW_FINDINGS[name])
    return found


def _walk(obj, findings, depth):
    """Look at one object and the direct objects inside it (indirect ones are walked on
    their own, as members of `pdf.objects`)."""
    import pikepdf

    if depth > _MAX_DEPTH:
        return
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for key in obj.keys():  # noqa: SIM118 - a pikepdf Dictionary, not a dict
            if key in _KEY_FINDINGS:
                findings.add(_KEY_FINDINGS[key])
            value = obj.get(key)
            if key == "/S" and str(value) in _ACTION_FINDINGS:
                findings.add(_ACTION_FINDINGS[str(value)])
            elif key in ("/Type", "/Subtype") and str(value) in _TYPE_FINDINGS:
                findings.add(_TYPE_FINDINGS[str(value)])
            elif isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
                _walk(value, findings, depth + 1)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
                _walk(value, findings, depth + 1)


def pdf_page_count(file):
    """Pages of the PDF `file`, or None if it cannot be read."""
    import pikepdf

    try:
        with pikepdf.open(file) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError:
        return None


# --- Size, while the upload arrives ----------------------------------------------------


class OversizedUpload(UploadedFile):
    """Stands for a file that grew past UPLOAD_MAX_BYTES: its bytes were not kept, only
    their count, so `validate_upload` refuses it with the usual message."""

    def __init__(self, name, size, content_type):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class UploadSizeLimitHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts each file's bytes as they arrive.

    Past UPLOAD_MAX_BYTES the bytes are no longer handed to the handlers that write to
    memory or disk, so an oversized file fills neither, whatever the request's
    Content-Length or the part's headers claimed. The rest of the request is still read
    (the form's other fields come after the file). The web server's own body limit
    (nginx `client_max_body_size`) should stop a huge request earlier still.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None  # the next handlers see no more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.UPLOAD_MAX_BYTES:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None
