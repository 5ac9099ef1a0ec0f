import json

from allauth.account.views import confirm_email as allauth_confirm_email
from allauth.core.ratelimit import consume_or_429
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.enums import ConsentSource
from accounts.forms import ConsentForm, DeleteAccountForm, ProfileForm
from accounts.models import PersonalDataExport
from accounts.selectors import account_deletion_summary

# Exports read every file the user uploaded (checksums) and a PDF takes a second to draw:
# a few per hour is plenty for a person and keeps a script from tying up the web process.
EXPORTS_PER_HOUR = 10
DELETE_ATTEMPTS_PER_HOUR = 10


def _over_limit(key, limit, seconds=3600):
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count > limit


def privacy_notice(request):
    """The privacy notice (law 09-08, article 5), public, in the page's language."""
    return render(
        request,
        "accounts/privacy_notice.html",
        {
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
            "notice_date": settings.PRIVACY_NOTICE_DATE,
            "cndp_declaration": settings.CNDP_DECLARATION,
            "cndp_transfer_authorisation": settings.CNDP_TRANSFER_AUTHORISATION,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "retention": {
                "draft": settings.RETENTION_DRAFT_DAYS,
                "support_request": settings.RETENTION_SUPPORT_REQUEST_DAYS,
                "training_registration": settings.RETENTION_TRAINING_REGISTRATION_DAYS,
                "notification": settings.RETENTION_NOTIFICATION_DAYS,
                "identity_download_log": settings.RETENTION_IDENTITY_DOWNLOAD_LOG_DAYS,
                "deleted_account_consent": settings.RETENTION_DELETED_ACCOUNT_CONSENT_DAYS,
                "orphan_file_hours": settings.RETENTION_ORPHAN_FILE_HOURS,
                "data_export": settings.RETENTION_DATA_EXPORT_DAYS,
            },
        },
    )


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "consent_form": ConsentForm(initial={"optional_emails": request.user.optional_emails}),
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
            "notice_is_current": request.user.notice_version == settings.PRIVACY_NOTICE_VERSION,
            "can_delete": services.can_delete_own_account(request.user),
            "pdf_export": PersonalDataExport.objects.filter(user=request.user).first(),
        },
    )


@login_required
@require_POST
def update_consents(request):
    form = ConsentForm(request.POST)
    if form.is_valid():
        changed = services.set_optional_emails(
            request.user,
            granted=form.cleaned_data["optional_emails"],
            source=ConsentSource.PROFILE,
        )
        if changed and form.cleaned_data["optional_emails"]:
            messages.success(request, _("Votre consentement a été enregistré."))
        elif changed:
            messages.success(request, _("Votre consentement a été retiré."))
    return redirect("profile")


@login_required
@require_POST
def accept_notice(request):
    services.accept_privacy_notice(request.user, source=ConsentSource.PROFILE)
    messages.success(request, _("Merci : votre acceptation de la notice a été enregistrée."))
    return redirect("profile")


def _export_filename(extension):
    return f"carres-mes-donnees-{timezone.localdate():%Y-%m-%d}.{extension}"


def _download(content, content_type, extension):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(extension)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_json(request):
    from accounts.export import collect_personal_data

    if _over_limit(f"privacy-export:{request.user.pk}", EXPORTS_PER_HOUR):
        return render(request, "429.html", status=429)
    data = collect_personal_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _download(body.encode(), "application/json; charset=utf-8", "json")


@login_required
def export_pdf(request):
    """POST: have a worker draw the PDF. GET: download it once ready (only one's own)."""
    if request.method == "POST":
        if _over_limit(f"privacy-export:{request.user.pk}", EXPORTS_PER_HOUR):
            return render(request, "429.html", status=429)
        services.request_pdf_export(request.user)
        messages.success(
            request,
            _("Votre export PDF est en préparation : il sera prêt ici dans quelques instants."),
        )
        return redirect("profile")
    export = PersonalDataExport.objects.filter(user=request.user, ready_at__isnull=False).first()
    if export is None:
        messages.info(request, _("Votre export PDF n'est pas encore prêt."))
        return redirect("profile")
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=_export_filename("pdf"),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    """The confirmation page (what will be erased, what is kept), then the deletion."""
    user = request.user
    if not services.can_delete_own_account(user):
        if request.method == "POST":
            raise Http404
        return render(request, "accounts/delete_account.html", {"staff": True})
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST":
        if _over_limit(f"privacy-delete:{user.pk}", DELETE_ATTEMPTS_PER_HOUR):
            return render(request, "429.html", status=429)
        if form.is_valid():
            services.delete_account(user, actor=user)
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte a été supprimé. Vos dossiers déposés restent auprès de "
                    "l'office, comme la procédure l'exige."
                ),
            )
            return redirect("home")
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form, "summary": account_deletion_summary(user)},
    )


def confirm_email(request, key):
    """allauth's e-mail confirmation page, with a limit on the keys one address may try.

    The page shows the address a valid key confirms, so guessing keys — by GET as by POST —
    counts against ACCOUNT_RATE_LIMITS["confirm_email_key"]; over it, allauth's 429 page.
    """
    refused = consume_or_429(request, action="confirm_email_key", limit_get=True)
    return refused or allauth_confirm_email(request, key=key)
