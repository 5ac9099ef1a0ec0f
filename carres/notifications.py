"""Notifications (in-app and e-mail) and the outbox that makes them survive a broker outage.

The transition records, in its own transaction, an in-app Notification and one
OutboxMessage per side effect (the PDF to render, each e-mail to send). Once the
transaction commits the outbox rows are handed to Celery; if Redis is down they stay
unsent and the beat sweeper (`sweep_outbox`) hands them over later. A row is
delivered under a row lock and marked sent in the same transaction, so a task that
runs twice delivers once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from carres.enums import DossierAction, NotificationVerb, OutboxChannel
from carres.mail import send_mail_to
from carres.models import DossierEvent, Notification, NotificationDigest, OutboxMessage
from carres.prepared import PreparedQuery

logger = logging.getLogger(__name__)

VERB_FOR_ACTION = {
    DossierAction.SUBMIT: NotificationVerb.SUBMISSION_RECEIVED,
    DossierAction.RESUBMIT: NotificationVerb.SUBMISSION_RECEIVED,
    DossierAction.REQUEST_CHANGES: NotificationVerb.CHANGES_REQUESTED,
    DossierAction.ACCEPT: NotificationVerb.ACCEPTED,
    DossierAction.REJECT: NotificationVerb.REJECTED,
}
# What the office's examiners (or the examiner in charge) are told (notify_staff).
STAFF_VERB_FOR_ACTION = {
    DossierAction.SUBMIT: NotificationVerb.NEW_SUBMISSION,
    DossierAction.RESUBMIT: NotificationVerb.RESUBMITTED,
    DossierAction.REASSIGN: NotificationVerb.TRANSFERRED,
}
# A new PDF for the state the dossier enters.
PDF_ACTIONS = frozenset(VERB_FOR_ACTION)
SWEEP_GRACE = timedelta(seconds=30)
MAX_ATTEMPTS = 10


def notify(dossier, *, recipient, verb, key):
    """In-app notification plus an outbox e-mail, both keyed so they exist once.

    Returns the outbox row to dispatch, or None for a recipient who chose the daily digest
    (User.notification_digest): their e-mail is `send_daily_digests`' one mail a day."""
    content_type = ContentType.objects.get_for_model(dossier)
    Notification.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "verb": verb,
            "content_type": content_type,
            "object_id": dossier.pk,
        },
    )
    if getattr(recipient, "notification_digest", False):
        return None
    message, _ = OutboxMessage.objects.get_or_create(
        key=f"{key}:{OutboxChannel.EMAIL}",
        defaults={
            "channel": OutboxChannel.EMAIL,
            "recipient": recipient,
            "verb": verb,
            "content_type": content_type,
            "object_id": dossier.pk,
        },
    )
    return message


def notify_in_app(target, *, recipient, verb, key):
    """An in-app notification about any object that has `url_for(user)` and a `title` (a
    dossier, a support request, a training sign-up). `key` makes it exist once, so a task
    that creates it before sending its e-mail may be retried without a duplicate.
    Returns True when it was created now."""
    _notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "verb": verb,
            "content_type": ContentType.objects.get_for_model(target),
            "object_id": target.pk,
        },
    )
    return created


def record_side_effects(dossier, event):
    """Called inside the transition's transaction: outbox rows, then dispatch on commit."""
    messages = []
    verb = VERB_FOR_ACTION.get(event.action)
    if verb:
        message = notify(
            dossier,
            recipient=dossier.owner,
            verb=verb,
            key=f"event:{event.pk}:{dossier.owner_id}",
        )
        if message is not None:
            messages.append(message)
    if event.action in PDF_ACTIONS:
        message, _ = OutboxMessage.objects.get_or_create(
            key=f"event:{event.pk}:{OutboxChannel.PDF}",
            defaults={
                "channel": OutboxChannel.PDF,
                "content_type_id": event.content_type_id,
                "object_id": dossier.pk,
            },
        )
        messages.append(message)
    ids = [message.pk for message in messages]
    if ids:
        transaction.on_commit(lambda: dispatch_outbox(ids))


def staff_recipients(dossier):
    """Who waits for a dossier's news: the examiner in charge, else every examiner of its office."""
    if dossier.assigned_examiner_id:
        examiner = dossier.assigned_examiner
        return [examiner] if examiner.is_active else []
    from accounts.enums import Role
    from accounts.models import User

    return list(User.objects.filter(role=Role.EXAMINER, office=dossier.office, is_active=True))


def notify_staff(sender, dossier, event, **kwargs):
    """`dossier_transitioned` receiver: tell the examiners that work is waiting for them.

    Submission, resubmission and a transfer to another office (carres.routing) notify the
    examiner in charge, or, when nobody is, every examiner of the dossier's office; the
    e-mails leave after commit (or in the recipient's daily digest)."""
    verb = STAFF_VERB_FOR_ACTION.get(event.action)
    if verb is None:
        return
    ids = []
    for recipient in staff_recipients(dossier):
        if recipient.pk == event.actor_id:
            continue
        message = notify(
            dossier, recipient=recipient, verb=verb, key=f"event:{event.pk}:{recipient.pk}"
        )
        if message is not None:
            ids.append(message.pk)
    if ids:
        transaction.on_commit(lambda: dispatch_outbox(ids))


def dispatch_outbox(ids):
    """Hand outbox rows to Celery. A broker failure is logged, not raised: the sweeper retries.

    The broker is tried once, without kombu's reconnection loop (by default about 6 s of
    retries per publish): with Redis down, a submission answers at once and its side
    effects wait in the outbox for `sweep_outbox`.
    """
    from carres import tasks
    from carres.celery import app

    channels = dict(OutboxMessage.objects.filter(pk__in=ids).values_list("pk", "channel"))
    pending = list(ids)
    try:
        with app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=0)
            while pending:
                task = (
                    tasks.render_dossier_pdf
                    if channels.get(pending[0]) == OutboxChannel.PDF
                    else tasks.send_outbox_email
                )
                task.apply_async((pending[0],), retry=False, producer=producer)
                pending.pop(0)
    except Exception:  # kombu raises OperationalError and friends when Redis is down
        logger.warning("Broker unavailable: outbox messages %s left to the sweeper", pending)


def unsent_outbox_ids(now=None):
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(
            sent_at__isnull=True,
            created_at__lte=now - SWEEP_GRACE,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )


def sweep_outbox():
    """Beat task body: re-dispatch what has waited too long (the broker was down, a worker died)."""
    ids = unsent_outbox_ids()
    if ids:
        OutboxMessage.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1)
        dispatch_outbox(ids)
    return len(ids)


def deliver_email(outbox_id):
    """Send one outbox e-mail, once. Returns False if there was nothing left to do.

    The row is locked while sending and marked sent in the same transaction; a second
    run (duplicate task, sweeper) finds it sent or locked and returns.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "content_type")
            .filter(pk=outbox_id, sent_at__isnull=True, channel=OutboxChannel.EMAIL)
            .first()
        )
        if message is None or message.recipient is None or message.dossier is None:
            return False
        if not message.recipient.is_active:
            # A closed account (accounts.services.delete_account): nobody to write to.
            message.sent_at = timezone.now()
            message.last_error = "recipient account closed"
            message.save(update_fields=["sent_at", "last_error"])
            return False
        send_notification_email(message.recipient, message.verb, message.dossier)
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return True


def send_notification_email(recipient, verb, dossier):
    """HTML + text e-mail in the recipient's language (carres/email/dossier_notification.*)."""

    def context():
        last_comment = (
            DossierEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(dossier),
                object_id=dossier.pk,
                internal=False,
            )
            .exclude(comment="")
            .values_list("comment", flat=True)
            .last()
        )
        return {
            "recipient": recipient,
            "verb": verb,
            "verb_label": NotificationVerb(verb).label,
            "dossier": dossier,
            "dossier_url": settings.SITE_URL + dossier.url_for(recipient),
            "comment": last_comment
            if verb
            in (
                NotificationVerb.CHANGES_REQUESTED,
                NotificationVerb.REJECTED,
                NotificationVerb.FILE_REJECTED,
            )
            else "",
        }

    send_mail_to(recipient, "carres/email/dossier_notification", context)


_UNREAD = PreparedQuery(
    lambda *, recipient_id: (
        Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True)
        .values("recipient_id")
        .annotate(count=Count("id"))
    ),
    recipient_id=int,
)


def unread_count(user):
    """How many of `user`'s notifications are unread (a prepared count: every page's header)."""
    return next((row["count"] for row in _UNREAD(recipient_id=user.pk)), 0)


def request_unread_count(request):
    """The signed-in visitor's unread notifications, counted once per request (the header's
    badge and the dossier page's marking as read share it)."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications


def request_read(request, count):
    """`count` of the visitor's notifications were just marked read in this request."""
    request._unread_notifications = request_unread_count(request) - count


# --- the daily digest ---------------------------------------------------------------
DIGEST_LOOKBACK = timedelta(days=7)


def send_daily_digests(now=None):
    """Beat task body: one e-mail per person who chose the digest, with what they have not
    read yet and no digest told them; at most one per person and day (NotificationDigest).
    Returns how many digests were sent."""
    from accounts.models import User

    now = now or timezone.now()
    day = timezone.localdate(now)
    sent = 0
    people = User.objects.filter(notification_digest=True, is_active=True).order_by("pk")
    for person in people:
        with transaction.atomic():
            digest, _created = NotificationDigest.objects.get_or_create(recipient=person, day=day)
            digest = NotificationDigest.objects.select_for_update().get(pk=digest.pk)
            if digest.sent_at is not None:
                continue
            pending = list(
                Notification.objects.filter(
                    recipient=person,
                    digest__isnull=True,
                    read_at__isnull=True,
                    created_at__gte=now - DIGEST_LOOKBACK,
                    created_at__lte=now,
                )
                .select_related("content_type")
                .order_by("created_at", "pk")
            )
            if not pending:
                digest.delete()
                continue
            send_digest_email(person, pending)
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digest=digest)
            digest.sent_at = timezone.now()
            digest.save(update_fields=["sent_at"])
            sent += 1
    return sent


def send_digest_email(recipient, notifications):
    def context():
        lines = []
        for notification in notifications:
            dossier = notification.dossier
            if dossier is None:
                continue
            lines.append(
                {
                    "verb_label": NotificationVerb(notification.verb).label,
                    "dossier": dossier,
                    "url": settings.SITE_URL + dossier.url_for(recipient),
                    "created_at": notification.created_at,
                }
            )
        return {"recipient": recipient, "lines": lines}

    send_mail_to(recipient, "carres/email/daily_digest", context)
