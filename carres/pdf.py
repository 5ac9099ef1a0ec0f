"""Every PDF of the site: WeasyPrint, in the reader's language, through one renderer.

`render_pdf(template_name, context, language=...)` renders a template that extends
carres/pdf/base.html (fonts, direction, language) and turns it into PDF bytes; dossiers,
name certificates, training certificates and personal-data exports all come from it.
Dossier PDFs are stored once per (dossier, state).

WeasyPrint fetches every URL a template names. `StaticOnlyFetcher` serves the site's
own static files (through the staticfiles finders, never the network) and data: URIs,
and refuses everything else: file: paths, http(s) addresses, other schemes.
"""

import hashlib
import io
import logging
import mimetypes
import os
import time
import uuid
from urllib.parse import unquote

import segno
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from carres.enums import DocumentKind, OutboxChannel, ScanStatus
from carres.kinds import kind_for
from carres.models import DossierEvent, GeneratedDocument, OutboxMessage

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Only data: URIs and the site's static files; no disk path, no network."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        prefix = settings.SITE_URL + settings.STATIC_URL
        if url.startswith(prefix):
            path = unquote(url[len(prefix) :].split("?")[0].split("#")[0])
            if path and ".." not in path.split("/") and not path.startswith("/"):
                found = finders.find(path)
                if found:
                    with open(found, "rb") as handle:
                        body = handle.read()
                    mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
        raise RefusedURL(f"Refused URL in a PDF: {url[:200]}")


def qr_data_uri(url):
    return segno.make(url, error="m").png_data_uri(scale=6, border=4)


def attachment_pages(attachment):
    """Pages of an attachment: counted with pikepdf for PDFs, 1 for an image, None if
    unreadable (pypdf is only a test dependency)."""
    if attachment.mime_type != "application/pdf":
        return 1
    from carres.uploads import pdf_page_count

    try:
        with attachment.file.open("rb") as handle:
            return pdf_page_count(io.BytesIO(handle.read()))
    except OSError:  # a missing file still gets listed, with an unknown page count
        return None


def render_pdf_html(template_name, context, *, language):
    """The HTML source of a PDF, rendered in `language` (right-to-left in Arabic)."""
    with translation.override(language):
        return render_to_string(
            template_name, {"PROGRAMME_NAME": settings.PROGRAMME_NAME, **context}
        )


def render_pdf(template_name, context, *, language):
    """PDF bytes of `template_name` in `language`, loading only what StaticOnlyFetcher allows."""
    return html_to_pdf(render_pdf_html(template_name, context, language=language))


def requested_language(request):
    """The language a reader asks a document in (`?lang=ar|fr|en`): None when not asked,
    404 for a language the site does not speak. Who may read the document is the view's
    check, made before."""
    language = request.GET.get("lang")
    if language is None:
        return None
    if language not in dict(settings.LANGUAGES):
        raise Http404
    return language


def other_language_link(document_language):
    """(language code, its name) to offer a staff member whose page language differs from the
    document's, else None."""
    current = translation.get_language()
    if not document_language or current == document_language:
        return None
    return current, translation.get_language_info(current)["name_translated"]


def render_dossier_html(dossier, language=None):
    """(HTML source, language) of the PDF of `dossier` as it is now, in its owner's language
    unless another `language` is asked (a staff member reading in theirs)."""
    language = language or dossier.owner.preferred_language or settings.LANGUAGE_CODE
    events = list(
        DossierEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(dossier),
            object_id=dossier.pk,
            internal=False,
        ).select_related("actor")
    )
    # Built in the owner's language too: section labels, verification URL (/ar/...).
    with translation.override(language):
        context = {
            "dossier": dossier,
            "sections": kind_for(dossier).pdf_sections(dossier),
            # every current released attachment with the document it answers, its page
            # count and size, so nothing goes missing unnoticed (a file still in quarantine
            # is not vouched for yet; a replaced one is in the timeline only)
            "attachments": [
                (attachment, attachment_pages(attachment)) for attachment in _current_files(dossier)
            ],
            "events": events,
            "last_event": events[-1] if events else None,
            "verification_url": dossier.verification_url() if dossier.reference else "",
            "qr": qr_data_uri(dossier.verification_url()) if dossier.reference else "",
        }
    return render_pdf_html("carres/pdf/dossier.html", context, language=language), language


def _current_files(dossier):
    labels = {
        requirement.key: requirement.label
        for requirement in kind_for(dossier).document_requirements(dossier)
    }
    files = list(dossier.attachments.current().filter(scan_status=ScanStatus.CLEAN))
    for attachment in files:
        attachment.requirement_label = labels.get(attachment.requirement, "")
    return files


def html_to_pdf(html):
    return HTML(
        string=html, base_url=settings.SITE_URL + "/", url_fetcher=StaticOnlyFetcher()
    ).write_pdf()


def _test_delay_before_storing():
    """Test hook, a no-op unless CARRES_TEST_PDF_DELAY is set (never in production).

    tests/carres/test_faults.py sets it on a real worker so that the worker can be
    SIGKILLed while the task runs: rendered, the outbox row locked, nothing stored yet.
    With CARRES_TEST_PDF_DELAY_ONCE (a marker file's path) only the first run waits.
    """
    delay = os.environ.get("CARRES_TEST_PDF_DELAY")
    if not delay:
        return
    once = os.environ.get("CARRES_TEST_PDF_DELAY_ONCE")
    if once:
        if os.path.exists(once):
            return
        with open(once, "w"):
            pass
    time.sleep(float(delay))


def render_dossier_pdf_bytes(dossier, language=None):
    html, language = render_dossier_html(dossier, language)
    return html_to_pdf(html), language


def store_dossier_pdf(dossier):
    """Render and store the PDF for the dossier's current state; replace, never pile up.

    The content hash is taken on the HTML source (WeasyPrint's font subsets are not
    byte-for-byte reproducible). Same hash: nothing is rendered or written. Different:
    the new file is saved under a new unguessable name, the row points at it, and the
    old blob is deleted on commit.
    """
    html, language = render_dossier_html(dossier)
    digest = hashlib.sha256(html.encode()).hexdigest()
    content_type = ContentType.objects.get_for_model(dossier)
    lookup = {
        "content_type": content_type,
        "object_id": dossier.pk,
        "kind": DocumentKind.DOSSIER_PDF,
        "state": dossier.status,
    }
    for _attempt in range(2):
        try:
            with transaction.atomic():
                document = GeneratedDocument.objects.select_for_update().filter(**lookup).first()
                if document is not None and document.sha256 == digest:
                    return document
                pdf = html_to_pdf(html)
                _test_delay_before_storing()
                old_name = document.file.name if document else None
                document = document or GeneratedDocument(**lookup)
                name = default_storage.save(f"documents/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
                document.file.name = name
                document.sha256 = digest
                document.size = len(pdf)
                document.language = language
                try:
                    document.save()
                except IntegrityError:
                    default_storage.delete(name)  # a concurrent run stored it first
                    raise
                if old_name:
                    transaction.on_commit(lambda old=old_name: default_storage.delete(old))
                return document
        except IntegrityError:
            continue
    return GeneratedDocument.objects.get(**lookup)


def deliver_pdf(outbox_id):
    """Outbox PDF row -> stored PDF, once (the row is locked while rendering)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=outbox_id, sent_at__isnull=True, channel=OutboxChannel.PDF)
            .first()
        )
        if message is None:
            return None
        dossier = message.dossier
        document = store_dossier_pdf(dossier) if dossier is not None else None
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return document
