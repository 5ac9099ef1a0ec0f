from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import record_identity_download
from carres import help as help_content
from carres import verification
from carres.forms import VerificationForm
from carres.http import client_ip, too_many_verifications
from carres.models import Dossier, Notification
from carres.pdf import render_dossier_pdf_bytes, requested_language
from carres.selectors import (
    dossiers_owned_by,
    get_attachment_for_user,
    get_document_for_user,
    get_draft_attachment_for_owner,
)
from carres.services import delete_attachment
from carres.workflow import TransitionError


def help_page(request):
    return render(
        request,
        "carres/help/index.html",
        {"glossary": help_content.GLOSSARY, "questions": help_content.QUESTIONS},
    )


def contact(request):
    return render(
        request, "carres/help/contact.html", {"privacy_contact": settings.PRIVACY_CONTACT_EMAIL}
    )


def home(request):
    return render(request, "home.html")


@login_required
def dashboard(request):
    """The entrepreneur's own space: their dossiers, whatever their kind."""
    return render(request, "dashboard.html", {"dossiers": dossiers_owned_by(request.user)})


def verify(request, reference=None, code=None):
    """The public verification page: a reference and a code typed in (GET, so a result can
    be bookmarked) or read from a document's QR code (the path). Status only, never who holds
    a dossier; a certificate's holder masked. Not found: 404 and what to check."""
    data = request.GET if code is None else {"reference": reference or "", "code": code}
    form = VerificationForm(data or None)
    context = {"form": form, "checked": False}
    status = 200
    if code is not None and not form.is_valid():
        # A document's own address (its QR code) that is no reference and code at all.
        context["checked"] = True
        status = 404
    elif form.is_bound and form.is_valid():
        if too_many_verifications(request):
            return render(request, "429.html", status=429)
        found = verification.verify(form.cleaned_data["reference"], form.cleaned_data["code"])
        context["checked"] = True
        if found is None:
            status = 404
        else:
            context.update(found.context, result_template=found.template)
    return render(request, "carres/verify.html", context, status=status)


@login_required
def document_download(request, pk):
    """The stored PDF (in its owner's language); `?lang=` another language, rendered now for a
    reader who may see the dossier (the owner, an examiner of its office)."""
    document = get_document_for_user(request.user, pk)
    dossier = document.dossier
    filename = f"{dossier.reference or 'dossier'}-{document.state}.pdf"
    language = requested_language(request)
    if language and language != document.language:
        pdf, language = render_dossier_pdf_bytes(dossier, language)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"{dossier.reference or 'dossier'}-{document.state}-{language}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


@login_required
def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    # Law 09-08: every copy of an identity document handed out is logged, whoever asks.
    record_identity_download(attachment, user=request.user, ip_address=client_ip(request))
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,  # FileResponse quotes it (RFC 6266 / 5987)
        content_type=attachment.mime_type,
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    """The owner deletes a file of their draft (404 for anyone else, or once submitted);
    back to the page it was asked from when that is on this site, else the dossier's."""
    attachment = get_draft_attachment_for_owner(request.user, pk)
    dossier = attachment.dossier
    try:
        delete_attachment(dossier, actor=request.user, attachment_id=attachment.pk)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Document supprimé."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(dossier)


@login_required
def notification_list(request):
    notifications = list(
        Notification.objects.filter(recipient=request.user).prefetch_related("dossier")[:50]
    )
    for notification in notifications:
        target = notification.dossier  # a dossier, a support request or a training sign-up
        if target is not None:
            notification.url = target.url_for(request.user)
            notification.label = str(target) if isinstance(target, Dossier) else target.title
    return render(request, "carres/notifications.html", {"notifications": notifications})


@login_required
@require_POST
def notifications_mark_read(request):
    from django.utils import timezone

    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications")
