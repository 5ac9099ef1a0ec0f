"""Trademark background work: watch alerts and renewal reminders (ids in, idempotent)."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from carres.mail import EMAIL_RETRY, send_mail_to


@shared_task(name="ip_filings.tasks.match_watches_for_filing")
def match_watches_for_filing(filing_id):
    """A submitted dossier: alert the watchers it resembles (not its own owner)."""
    from ip_filings.models import TrademarkFiling
    from ip_filings.services.watch import record_watch_hits

    filing = TrademarkFiling.objects.filter(pk=filing_id, reference__isnull=False).first()
    if filing is None:
        return 0
    text = filing.mark_text or filing.transliteration
    hits = record_watch_hits(
        filing, text=text, classes=filing.class_numbers, exclude_user_id=filing.owner_id
    )
    for hit in hits:
        send_watch_alert.delay(hit.pk)
    return len(hits)


@shared_task(name="ip_filings.tasks.match_watches_for_marks")
def match_watches_for_marks(mark_ids):
    """New register entries (accepted, imported or edited): alert the watchers they resemble."""
    from ip_filings.services.watch import record_register_watch_hits

    hits = record_register_watch_hits(mark_ids)
    for hit in hits:
        send_watch_alert.delay(hit.pk)
    return len(hits)


@shared_task(name="ip_filings.tasks.send_watch_alert", **EMAIL_RETRY)
def send_watch_alert(hit_id):
    """E-mail one watch alert, once (the row is locked; emailed_at is the record)."""
    from ip_filings.models import WatchHit

    with transaction.atomic():
        hit = (
            WatchHit.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("watch__user")
            .filter(pk=hit_id, emailed_at__isnull=True)
            .first()
        )
        if hit is None:
            return False
        user = hit.watch.user
        send_mail_to(user, "ip_filings/trademark/email/watch_alert", {"hit": hit, "user": user})
        hit.emailed_at = timezone.now()
        hit.save(update_fields=["emailed_at"])
    return True


@shared_task(name="ip_filings.tasks.send_renewal_reminders")
def send_renewal_reminders():
    """Beat (daily): queue one reminder per registered mark due for renewal within six months."""
    from ip_filings.services.trademark import renewal_due_marks

    ids = list(renewal_due_marks().values_list("pk", flat=True)[:1000])
    for pk in ids:
        send_renewal_reminder.delay(pk)
    return len(ids)


@shared_task(name="ip_filings.tasks.send_renewal_reminder", **EMAIL_RETRY)
def send_renewal_reminder(mark_id):
    """E-mail the owner of a registered mark that its ten years end soon; once per mark."""
    from ip_filings.models import RegisteredMark, RenewalReminder

    with transaction.atomic():
        mark = RegisteredMark.objects.filter(pk=mark_id).select_related("filing__owner").first()
        if mark is None or not hasattr(mark, "filing") or mark.expires_on is None:
            return False
        reminder, _created = RenewalReminder.objects.get_or_create(
            mark=mark, defaults={"expires_on": mark.expires_on}
        )
        reminder = (
            RenewalReminder.objects.select_for_update(skip_locked=True)
            .filter(pk=reminder.pk, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        owner = mark.filing.owner
        if not owner.is_active:  # a closed account: nobody to write to, never retried
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["sent_at"])
            return False
        send_mail_to(
            owner,
            "ip_filings/trademark/email/renewal",
            {"mark": mark, "user": owner, "filing": mark.filing},
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    return True
