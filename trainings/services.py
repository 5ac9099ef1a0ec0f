"""Every write on trainings: one function per use case, each in a transaction.

Lock order, to keep concurrent writers from deadlocking: the session row first,
then its registrations.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trainings import rules
from trainings.enums import RegistrationStatus, SessionStatus
from trainings.models import Feedback, Registration, TrainingSession


def _lock_session(session):
    # Every change to who holds a seat locks the session row first: two people
    # signing up for the last seat at once are serialised here, so the second
    # one counts the first one's seat and goes to the waiting list (no overbooking).
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _check_open_for_signup(session, now):
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("Cette session a été annulée."), code="cancelled")
    if session.starts_at <= now:
        raise ValidationError(_("Cette session a déjà eu lieu."), code="past")
    if session.signup_deadline < now:
        raise ValidationError(_("La date limite d'inscription est passée."), code="deadline")


def sign_up(session, *, actor):
    """Sign `actor` up for `session`: a seat if one is left, else a place on the waiting list.

    Side effects, after commit: a confirmation e-mail (with the .ics for a seat).
    """
    from trainings.tasks import send_registration_confirmation

    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session)
        _check_open_for_signup(session, now)
        registration = Registration.objects.filter(session=session, user=actor).first()
        if registration is not None and registration.status != RegistrationStatus.CANCELLED:
            raise ValidationError(_("Vous êtes déjà inscrit à cette session."), code="twice")
        status = (
            RegistrationStatus.CONFIRMED
            if session.count_seats_taken() < session.capacity
            else RegistrationStatus.WAITLISTED
        )
        if registration is None:
            registration = Registration.objects.create(
                session=session, user=actor, status=status, queued_at=now
            )
        else:  # signing up again after cancelling: back of the queue
            registration.status = status
            registration.queued_at = now
            registration.cancelled_at = None
            registration.reminder_sent_at = None
            registration.save(
                update_fields=["status", "queued_at", "cancelled_at", "reminder_sent_at"]
            )
        send_registration_confirmation.delay_on_commit(registration.pk)
    return registration


def waitlist_position(registration):
    """1 for the first person waiting; None when not on the waiting list."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        session_id=registration.session_id,
        status=RegistrationStatus.WAITLISTED,
        queued_at__lt=registration.queued_at,
    ).count()
    ties = Registration.objects.filter(
        session_id=registration.session_id,
        status=RegistrationStatus.WAITLISTED,
        queued_at=registration.queued_at,
        pk__lt=registration.pk,
    ).count()
    return ahead + ties + 1


def _promote_waitlisted(session):
    """Give free seats to the first people waiting; returns the promoted registrations.

    The caller holds the session lock.
    """
    from trainings.tasks import send_promotion_notice

    free = session.capacity - session.count_seats_taken()
    if free <= 0:
        return []
    promoted = list(
        session.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("queued_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        send_promotion_notice.delay_on_commit(registration.pk)
    return promoted


def cancel_registration(registration, *, actor):
    """Cancel a seat or a place on the waiting list; a freed seat goes to the first in line.

    Side effects, after commit: the promoted person is told by e-mail.
    """
    with transaction.atomic():
        session = _lock_session(registration.session)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.user_id != actor.pk:
            raise ValidationError(_("Cette inscription n'est pas la vôtre."), code="forbidden")
        if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
            raise ValidationError(_("Cette inscription ne peut plus être annulée."), code="final")
        if session.starts_at <= timezone.now():
            raise ValidationError(_("Cette session a déjà eu lieu."), code="past")
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        _promote_waitlisted(session)
    return registration


def change_session_capacity(session, *, capacity, actor):
    """Set a new capacity. Refused below the number of seats already given.

    Raising it gives the new seats to the waiting list (and tells them by e-mail).
    """
    with transaction.atomic():
        session = _lock_session(session)
        if not rules.can_manage_session(actor, session):
            raise ValidationError(_("Vous n'organisez pas cette session."), code="forbidden")
        taken = session.count_seats_taken()
        if capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "Impossible de descendre sous les %(taken)s places déjà confirmées : "
                        "annulez d'abord des inscriptions."
                    )
                    % {"taken": taken}
                },
                code="below_confirmed",
            )
        session.capacity = capacity
        session.save(update_fields=["capacity"])
        _promote_waitlisted(session)
    return session


def mark_attendance(registration, *, present, actor):
    """Record that a confirmed participant came (or undo it). Refused for anyone else."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("session", "user")
            .get(pk=registration.pk)
        )
        if not rules.can_manage_session(actor, registration.session):
            raise ValidationError(_("Vous n'organisez pas cette session."), code="forbidden")
        if not registration.holds_seat:
            raise ValidationError(
                _("%(person)s n'est pas inscrit(e) à cette session : présence refusée.")
                % {"person": registration.user},
                code="not_registered",
            )
        if registration.session.starts_at > timezone.now():
            raise ValidationError(
                _("La session n'a pas encore commencé : la présence se note le jour même."),
                code="future",
            )
        if present:
            registration.status = RegistrationStatus.ATTENDED
            registration.attended_at = registration.attended_at or timezone.now()
            registration.attendance_marked_by = actor
        else:
            registration.status = RegistrationStatus.CONFIRMED
            registration.attended_at = None
            registration.attendance_marked_by = actor
        registration.save(update_fields=["status", "attended_at", "attendance_marked_by"])
    return registration


def mark_attendance_by_email(session, *, email, actor):
    """Mark present the participant with this e-mail; refused if they did not sign up."""
    registration = Registration.objects.filter(
        session=session, user__email__iexact=email.strip()
    ).first()
    if registration is None:
        raise ValidationError(
            _("%(email)s n'est pas inscrit(e) à cette session : présence refusée.")
            % {"email": email},
            code="not_registered",
        )
    return mark_attendance(registration, present=True, actor=actor)


def cancel_session(session, *, actor):
    """Cancel a scheduled session; everybody signed up is told by e-mail."""
    from trainings.tasks import send_session_cancelled

    with transaction.atomic():
        session = _lock_session(session)
        if not rules.can_manage_session(actor, session):
            raise ValidationError(_("Vous n'organisez pas cette session."), code="forbidden")
        if session.status == SessionStatus.CANCELLED:
            return session
        session.status = SessionStatus.CANCELLED
        session.calendar_sequence += 1
        session.save(update_fields=["status", "calendar_sequence"])
        for pk in session.registrations.filter(
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
        ).values_list("pk", flat=True):
            send_session_cancelled.delay_on_commit(pk)
    return session


# What the people signed up are told about when the organiser changes it.
ANNOUNCED_FIELDS = frozenset({"starts_at", "ends_at", "venue", "city", "online_url"})


def announce_session_change(session, *, actor):
    """The organiser changed when or where a scheduled session takes place. Side effects,
    after commit: everyone signed up (seat or waiting list) is told in-app and by e-mail, a
    seat with the updated calendar file. Returns how many were told."""
    from trainings.tasks import send_session_changed

    if not rules.can_manage_session(actor, session):
        raise ValidationError(_("Vous n'organisez pas cette session."), code="forbidden")
    # the calendars holding the invitation replace it (carres.ics: SEQUENCE)
    TrainingSession.objects.filter(pk=session.pk).update(
        calendar_sequence=F("calendar_sequence") + 1
    )
    session.refresh_from_db(fields=["calendar_sequence"])
    if session.status != SessionStatus.SCHEDULED:
        return 0
    changed_at = int(timezone.now().timestamp())
    with transaction.atomic():
        ids = list(
            session.registrations.filter(
                status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
            ).values_list("pk", flat=True)
        )
        for pk in ids:
            send_session_changed.delay_on_commit(pk, changed_at)
    return len(ids)


def submit_feedback(registration, *, rating, comment, actor):
    """An attendee rates the session once, after it ended."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("session")
            .get(pk=registration.pk)
        )
        if registration.user_id != actor.pk or registration.status != RegistrationStatus.ATTENDED:
            raise ValidationError(
                _("Seuls les participants présents peuvent donner leur avis."), code="not_attended"
            )
        if registration.session.ends_at > timezone.now():
            raise ValidationError(
                _("Vous pourrez donner votre avis à la fin de la session."), code="too_early"
            )
        if Feedback.objects.filter(registration=registration).exists():
            raise ValidationError(_("Vous avez déjà donné votre avis."), code="twice")
        return Feedback.objects.create(registration=registration, rating=rating, comment=comment)


def claim_reminder(registration_id):
    """Record that the 48-hour reminder goes out; True only for the one caller that claims it.

    A conditional update, so two beat runs (or a task run twice) send one reminder.
    """
    return bool(
        Registration.objects.filter(
            pk=registration_id,
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
        ).update(reminder_sent_at=timezone.now())
    )


def release_reminder(registration_id):
    """Undo a claim when sending failed, so the next run tries again."""
    Registration.objects.filter(pk=registration_id).update(reminder_sent_at=None)


def release_registrations_of_deleted_account(user):
    """The participant deleted their account (accounts.services.delete_account).

    Upcoming seats and waiting-list places are cancelled, so the next in line moves up;
    past registrations stay as the session's attendance record, their feedback comment
    erased. Returns how many were cancelled."""
    upcoming = Registration.objects.filter(
        user=user,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
        session__starts_at__gt=timezone.now(),
    ).select_related("session")
    cancelled = 0
    with transaction.atomic():
        for registration in upcoming:
            cancel_registration(registration, actor=user)
            cancelled += 1
        Feedback.objects.filter(registration__user=user).update(comment="")
    return cancelled


def purge_old_registrations(started_before):
    """Retention: registrations (and their feedback, certificates and status history) for
    sessions that started before `started_before` are deleted. Returns how many."""
    with transaction.atomic():
        old = Registration.objects.filter(session__starts_at__lt=started_before)
        # pghistory's status trail (no database foreign key, so no cascade).
        apps.get_model("trainings", "RegistrationStatusEvent").objects.filter(
            pgh_obj_id__in=old.values("pk")
        ).delete()
        _count, by_model = old.delete()
    return by_model.get("trainings.Registration", 0)
