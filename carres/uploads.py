"""Uploaded files: what is accepted, read from the content, never from the name.

`validate_upload` runs in the request, before anything is stored: size, type sniffed
from the bytes, then the content itself (a PDF must open and carry no active content,
an image must decode within a pixel budget). A refused file raises a translated
ValidationError and nothing is written. Files that pass are stored in quarantine and
checked again, with the antivirus, by `carres.quarantine`.

A stored file is named by the type its content was found to be (`extension_for`), never
by the name it came with; that name is kept as display text only (`display_file_name`).
"""

import contextlib
import io
import re
import threading
import unicodedata

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

ALLOWED_TYPES = {"application/pdf", "image/png", "image/jpeg"}
IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
# The extensions that name each accepted type; the first is the one a stored file gets.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


def validate_upload(upload, *, allowed=ALLOWED_TYPES, type_message=None):
    """Return the sniffed MIME type of `upload`, or raise a translated ValidationError.

    `allowed` narrows the accepted types (a logo is an image); `type_message` is said
    when the file is of another type. An accepted upload's `content_type` becomes the
    sniffed type: the storage writes it as the stored object's Content-Type (S3), never
    the type the browser claimed (a PDF sent as text/html would be stored as HTML).
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
    upload.content_type = mime
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


# --- Names ----------------------------------------------------------------------------

FILE_NAME_MAX_LENGTH = 200  # Attachment.original_name's max_length
# Dropped from a file's name: control characters (Cc), format characters (Cf: the bidi
# embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, the LRM/RLM/ALM
# marks, zero-width characters), surrogates, and line and paragraph separators. A
# right-to-left override turns "facture\u202efdp.exe" into "factureexe.pdf" on screen.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
# A suffix longer than this is not an extension; the name is then cut at its end.
_MAX_EXTENSION_LENGTH = 16


def extension_for(mime):
    """The extension (with its dot) a stored file of the sniffed type `mime` gets."""
    return EXTENSIONS[mime][0] if mime in EXTENSIONS else ""


def display_file_name(name, *, max_length=FILE_NAME_MAX_LENGTH):
    """The name a user gave a file, made fit to show and to store as text.

    Its last path component only; whitespace of any kind becomes one space; invisible
    characters that reorder or hide text are dropped (see _DROPPED_CATEGORIES); leading
    and trailing spaces and dots go; a name too long loses the end of its stem, its
    extension kept. Nothing left: a translated "document". Templates still
    escape it like any user text.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if char.isspace() else char
        for char in name
        if char.isspace() or unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    name = " ".join(name.split()).strip(" .")
    if len(name) > max_length:
        stem, dot, suffix = name.rpartition(".")
        if dot and stem and len(suffix) < _MAX_EXTENSION_LENGTH:
            name = stem[: max_length - len(suffix) - 1].rstrip(" .") + dot + suffix
        else:
            name = name[:max_length].rstrip(" .")
    return name or pgettext("file name", "document")


def download_file_name(name, mime):
    """The name a file is downloaded under: its display name with the extension of the type
    its content is, so "facturefdp.exe" holding a PDF is saved as "facturefdp.pdf" and
    "plan.pdf" holding a PNG as "plan.png". A right extension (any case) is kept."""
    name = display_file_name(name)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem = name
    elif f".{suffix.lower()}" in EXTENSIONS.get(mime, ()):
        return name
    extension = extension_for(mime)
    return display_file_name(stem[: FILE_NAME_MAX_LENGTH - len(extension)] + extension)


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
        with _strict_pillow(), Image.open(file, formats=[image_format]) as image:
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                raise _too_many_pixels(width, height)
            image.verify()  # chunk checksums (PNG), structure
        file.seek(0)
        with _strict_pillow(), Image.open(file, formats=[image_format]) as image:
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


_PILLOW_FLAG = threading.Lock()


@contextlib.contextmanager
def _strict_pillow():
    """Decode with truncated images refused. WeasyPrint sets Pillow's process-wide
    LOAD_TRUNCATED_IMAGES to True when imported (carres.pdf), which would let a truncated
    JPEG decode as if whole; the flag is put back as it was afterwards."""
    from PIL import ImageFile

    with _PILLOW_FLAG:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


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
# Names that mark active content wherever they stand in an object: as a key (/JS, /EF,
# /XFA, the /JavaScript and /EmbeddedFiles name trees) or as a value (/S /JavaScript,
# /S /Launch, /Type /EmbeddedFile, /Subtype /RichMedia). No benign PDF uses them otherwise.
_NAME_FINDINGS = {
    b"JS": "javascript",
    b"JavaScript": "javascript",
    b"Launch": "launch",
    b"EmbeddedFile": "embedded_file",
    b"EmbeddedFiles": "embedded_file",
    b"EF": "embedded_file",
    b"RichMedia": "rich_media",
    b"RichMediaContent": "rich_media",
    b"RichMediaSettings": "rich_media",
    b"Flash": "rich_media",
    b"XFA": "xfa",
}
# The long ones never occur by chance in compressed bytes. A raw search for them, '#xx'
# escapes decoded, also finds objects of earlier revisions that the last cross-reference
# table no longer lists (an incremental update can hide them from qpdf).
_RAW_FINDINGS = {
    name: finding for name, finding in _NAME_FINDINGS.items() if len(name) >= len(b"Launch")
}
_RAW_NAME = re.compile(rb"/((?:[A-Za-z]|#[0-9A-Fa-f]{2}){6,20})(?![A-Za-z0-9#])")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# In qpdf's canonical syntax (`unparse`) a literal string escapes its parentheses and
# backslashes, and a name writes any odd byte as #xx: strings drop out with one pattern,
# and every remaining /Name is a name.
_CANONICAL_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.DOTALL)
_CANONICAL_NAME = re.compile(rb"/([^\s/<>\[\]()]+)")


def check_pdf(file):
    """Refuse a PDF that cannot be read whole, needs a password, or carries active content.

    Every object qpdf finds is read: those of the last revision, those stored in object
    streams (decompressed by qpdf), and objects added by incremental updates. Stream data
    is never decoded, so a compression bomb inside a PDF costs nothing here.
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
    _check_object_count(data)
    findings = _raw_findings(data)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if any("damaged" in warning for warning in pdf.get_warnings()):
                # qpdf had to rebuild the cross-reference table: the file is truncated or
                # corrupted. A viewer may show something else than what we would check.
                raise _damaged_pdf()
            if len(pdf.pages) == 0:
                raise _damaged_pdf()
            findings |= _object_findings(pdf)
    except pikepdf.PasswordError as error:
        raise ValidationError(
            _("Ce PDF est protégé par un mot de passe : envoyez-le sans mot de passe."),
            code="pdf_encrypted",
        ) from error
    except (pikepdf.PdfError, ValueError) as error:
        raise _damaged_pdf() from error
    return findings


_DECLARED_SIZE = re.compile(rb"/Size\s+(\d{1,12})")


def _check_object_count(data):
    """Refuse, before qpdf parses anything, a PDF of more objects than qpdf can read in a
    few seconds (opening costs about 25 µs an object: a 10 MB file of tiny objects would
    hold the request for a minute). The count is what the cross-reference sections declare
    (/Size, objects in object streams included) or the objects written out, whichever is
    larger; objects beyond a declared /Size are never read by qpdf, so cost nothing."""
    declared = max((int(size) for size in _DECLARED_SIZE.findall(data)), default=0)
    count = max(declared, data.count(b"endobj"))
    if count > settings.UPLOAD_MAX_PDF_OBJECTS:
        raise ValidationError(
            _(
                "Ce PDF est trop complexe (plus de %(limit)s objets) : imprimez-le en PDF "
                "et envoyez ce nouveau fichier."
            )
            % {"limit": number_format(settings.UPLOAD_MAX_PDF_OBJECTS, force_grouping=True)},
            code="pdf_too_complex",
        )


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


def _object_findings(pdf):
    """Names of active content in every object qpdf knows, each written out in canonical
    syntax (direct objects inline, references as `n 0 R`) by qpdf itself: one C++ call per
    object rather than a Python walk of every key (ten times faster on 10,000 objects)."""
    import pikepdf

    text = b"\n".join(
        # resolved=True: this object's own content; the objects it refers to stay `n 0 R`.
        (obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj).unparse(resolved=True)
        for obj in pdf.objects
    )
    text = _CANONICAL_STRING.sub(b"()", text)
    return {
        _NAME_FINDINGS[name]
        for name in set(_CANONICAL_NAME.findall(text))
        if name in _NAME_FINDINGS
    }


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
