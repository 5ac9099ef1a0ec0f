"""Deleting an account: drafts and their files erased, filings kept, the rest pseudonymised."""

from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from accounts.enums import ConsentSource
from accounts.models import ConsentRecord, User
from accounts.services import accept_privacy_notice, set_optional_emails
from carres.models import Attachment, DossierMessage
from chambers.models import SupportMessage
from companies.models import CompanyDossier
from tests.factories.accounts import PASSWORD
from trainings.models import Registration

pytestmark = pytest.mark.django_db

DELETE_URL = "/fr/accounts/profile/delete/"


def stored_files(media):
    return sorted(path.name for path in (media / "attachments").iterdir())


def test_confirmation_page_lists_what_is_erased_and_kept(client, footprint):
    client.force_login(footprint.user)
    html = client.get(DELETE_URL).content.decode()
    assert "Draft Salma" in html
    assert footprint.filed.reference in html
    assert "Training Salma" in html
    assert 'name="password"' in html


def test_wrong_password_deletes_nothing(client, footprint):
    client.force_login(footprint.user)
    response = client.post(DELETE_URL, {"password": "not-it", "confirm": "on"})
    assert response.status_code == 200
    assert "Ce mot de passe n'est pas le bon." in unescape(response.content.decode())
    footprint.user.refresh_from_db()
    assert (footprint.user.is_active, footprint.user.deleted_at) == (True, None)
    assert CompanyDossier.objects.filter(pk=footprint.draft.pk).exists()


def test_deletion_needs_the_confirmation_box(client, footprint):
    client.force_login(footprint.user)
    client.post(DELETE_URL, {"password": PASSWORD})
    footprint.user.refresh_from_db()
    assert footprint.user.deleted_at is None


def test_deletion_erases_drafts_keeps_filings_and_pseudonymises(
    client, footprint, outsider_footprint, media, django_capture_on_commit_callbacks
):
    user = footprint.user
    user.phone = "+212 6 12 34 56 78"
    user.save()
    accept_privacy_notice(user, source=ConsentSource.SIGNUP)
    set_optional_emails(user, granted=True, source=ConsentSource.SIGNUP)
    draft_files = {
        footprint.identity.file.name.split("/")[-1],
        footprint.upload.file.name.split("/")[-1],
    }
    outsider_files = set(stored_files(media)) - draft_files
    from accounts.services import request_pdf_export, store_pdf_export

    export_file = media / store_pdf_export(request_pdf_export(user).pk).file.name
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    # The draft and its files are gone; the filing, its messages and the name stay.
    assert not CompanyDossier.objects.filter(pk=footprint.draft.pk).exists()
    assert not Attachment.objects.filter(pk=footprint.identity.pk).exists()
    assert set(stored_files(media)) == outsider_files
    assert CompanyDossier.objects.get(pk=footprint.filed.pk).status == "in_review"
    assert DossierMessage.objects.filter(object_id=footprint.filed.pk).count() == 2
    assert (user.first_name, user.last_name) == ("Salma", "Bennani")
    # The account is closed and pseudonymised.
    assert user.is_active is False
    assert user.deleted_at is not None
    assert user.email.startswith(f"deleted-{user.pk}-")
    assert user.email.endswith("@deleted.invalid")
    assert user.phone == ""
    assert user.optional_emails is False
    assert not user.has_usable_password()
    assert not export_file.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    # Consents stay as proof, the withdrawal logged.
    assert list(
        ConsentRecord.objects.filter(user=user).values_list("purpose", "granted", "source")
    ) == [
        ("privacy_notice", True, "signup"),
        ("optional_emails", True, "signup"),
        ("optional_emails", False, "account_deletion"),
    ]
    # Upcoming sign-up cancelled; support request closed and emptied.
    assert Registration.objects.get(pk=footprint.registration.pk).status == "cancelled"
    request = footprint.support_request
    request.refresh_from_db()
    assert (request.status, request.outcome, request.message) == ("closed", "no_answer", "")
    # The outsider keeps everything.
    assert CompanyDossier.objects.filter(pk=outsider_footprint.draft.pk).exists()
    assert outsider_footprint.user.is_active


def test_deletion_without_filings_erases_the_name(client, entrepreneur):
    client.force_login(entrepreneur)
    client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
    entrepreneur.refresh_from_db()
    assert (entrepreneur.first_name, entrepreneur.last_name) == ("", "")


def test_deletion_ends_every_session_and_login_fails(client, footprint):
    from django.test import Client

    other_device = Client()
    other_device.force_login(footprint.user)
    assert other_device.get("/fr/dashboard/").status_code == 200
    client.force_login(footprint.user)
    client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert other_device.get("/fr/dashboard/").status_code == 302
    response = client.post(
        "/fr/accounts/login/", {"login": "salma@example.ma", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_deletion_moves_the_waiting_list_up_and_closes_silently(
    client, footprint, make_user, django_capture_on_commit_callbacks
):
    from tests.factories.trainings import make_registration

    session = footprint.registration.session
    session.capacity = 1
    session.save()
    waiting = make_registration(session, make_user("waiting@example.ma"), status="waitlisted")
    from carres.celery import app

    app.conf.task_always_eager = True
    try:
        client.force_login(footprint.user)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
    finally:
        app.conf.task_always_eager = False
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [message.to for message in mail.outbox] == [["waiting@example.ma"]]


def test_support_request_content_is_erased_but_statistics_stay(client, footprint, make_user):
    from chambers import services as chamber_services
    from tests.factories.chambers import make_advisor

    request = footprint.support_request
    advisor = make_advisor("advisor@ccis.ma", request.chamber)
    chamber_services.take_request(request, actor=advisor)
    chamber_services.post_message(request, actor=advisor, body="Call me")
    client.force_login(footprint.user)
    client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    request.refresh_from_db()
    assert (request.topic, request.chamber_id, request.status) == (
        "trademark",
        request.chamber_id,
        "closed",
    )
    assert not SupportMessage.objects.filter(request=request).exists()
    assert set(request.events.values_list("comment", flat=True)) == {""}


def test_staff_cannot_delete_their_own_account(client, examiner):
    client.force_login(examiner)
    html = client.get(DELETE_URL).content.decode()
    assert "Les comptes du personnel sont fermés par un administrateur" in html
    response = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 404
    examiner.refresh_from_db()
    assert examiner.is_active


def test_administrator_closes_a_staff_account_from_the_admin(client, make_user, examiner):
    from allauth.mfa.totp.internal.auth import TOTP

    administrator = make_user("admin@example.ma", role="administrator")
    TOTP.activate(administrator, "JBSWY3DPEHPK3PXPCARRESTEST23456")
    client.force_login(administrator)
    changelist = client.get("/fr/admin/accounts/user/").content.decode()
    assert 'value="delete_accounts"' in changelist
    assert 'value="delete_selected"' not in changelist  # no hard delete around the rules
    response = client.post(
        "/fr/admin/accounts/user/",
        {"action": "delete_accounts", "_selected_action": [examiner.pk, administrator.pk]},
        follow=True,
    )
    assert response.status_code == 200
    examiner.refresh_from_db()
    administrator.refresh_from_db()
    assert (examiner.is_active, examiner.email.endswith("@deleted.invalid")) == (False, True)
    assert administrator.is_active  # never their own account


def test_unfiled_dossier_erasure_refuses_a_filed_dossier(footprint):
    from accounts.services import erase_unfiled_dossier

    with pytest.raises(ValueError):
        erase_unfiled_dossier(footprint.filed)


def test_draft_erasure_removes_its_change_history_and_notifications(footprint):
    from accounts.services import erase_unfiled_dossier

    draft = footprint.draft
    content_type = ContentType.objects.get_for_model(draft)
    assert draft.history.exists()
    erase_unfiled_dossier(draft)
    assert not CompanyDossier.history.rel.related_model.objects.filter(pgh_obj_id=draft.pk).exists()
    assert not Attachment.objects.filter(content_type=content_type, object_id=draft.pk).exists()


def test_deleted_user_rows_stay_for_the_filings(client, footprint):
    client.force_login(footprint.user)
    client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
    assert User.objects.filter(pk=footprint.user.pk).exists()


def test_closed_account_is_sent_no_dossier_e_mail(client, footprint, examiner):
    from carres.enums import DossierAction
    from carres.models import OutboxMessage
    from carres.notifications import deliver_email
    from carres.workflow import transition

    client.force_login(footprint.user)
    client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
    mail.outbox.clear()
    transition(footprint.filed, DossierAction.ACCEPT, actor=examiner)
    outbox = OutboxMessage.objects.get(recipient=footprint.user, channel="email", verb="accepted")

    assert deliver_email(outbox.pk) is False
    outbox.refresh_from_db()
    assert (outbox.sent_at is not None, outbox.last_error) == (True, "recipient account closed")
    assert mail.outbox == []


def test_closed_account_gets_no_renewal_reminder_and_it_is_not_retried(entrepreneur, examiner):
    from accounts.services import delete_account
    from ip_filings import tasks
    from tests.factories.ip_filings import make_mark_due_for_renewal

    mark = make_mark_due_for_renewal(entrepreneur, examiner, days=100)
    delete_account(entrepreneur, actor=entrepreneur)
    mail.outbox.clear()

    assert tasks.send_renewal_reminder(mark.pk) is False
    assert tasks.send_renewal_reminders() == 0
    assert mail.outbox == []
