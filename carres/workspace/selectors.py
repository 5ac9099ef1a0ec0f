"""What the examiners' workspace reads: who reviews what, the queue, colleagues."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from accounts.enums import Office, Role
from carres.enums import DossierAction, DossierStatus
from carres.models import (
    OfficeReviewTarget,
    OpinionRequest,
    dossier_model_for_prefix,
    dossier_models,
)

EXAMINER_ACTIONS = [
    DossierAction.TAKE,
    DossierAction.ACCEPT,
    DossierAction.REQUEST_CHANGES,
    DossierAction.REJECT,
]
# The decision buttons: taking is its own button, "Prendre en charge" (take_dossier).
DECISION_ACTIONS = [DossierAction.ACCEPT, DossierAction.REQUEST_CHANGES, DossierAction.REJECT]
QUEUE_STATUSES = [
    DossierStatus.SUBMITTED,
    DossierStatus.IN_REVIEW,
    DossierStatus.CHANGES_REQUESTED,
    DossierStatus.ACCEPTED,
    DossierStatus.REJECTED,
    DossierStatus.WITHDRAWN,
]
OPEN_STATUSES = [DossierStatus.SUBMITTED, DossierStatus.IN_REVIEW]
DEFAULT_TARGET_DAYS = 30
# ?sort= : the queue's orders; every one ends on the first submission, then the reference.
SORTS = ["age", "recent", "deadline", "kind", "status"]
# Searched by ?q= in every kind, besides the kind's own `queue_search_fields`.
COMMON_SEARCH_FIELDS = ("reference", "owner__email", "owner__first_name", "owner__last_name")


# --- reads ---------------------------------------------------------------------------
def is_reviewer(user):
    return user.is_authenticated and user.is_active and (user.is_examiner or user.is_administrator)


def reviewable(model, user):
    """Submitted dossiers of `model` that `user` may review (drafts stay private)."""
    queryset = model.objects.exclude(reference=None)
    if user.is_administrator:
        return queryset
    if user.is_examiner:
        return queryset.filter(office=user.office)
    return queryset.none()


def get_reviewable_dossier(user, prefix, pk):
    """One dossier for the workspace; 404 for missing, draft and another office's alike."""
    model = dossier_model_for_prefix(prefix)
    if model is None or not is_reviewer(user):
        raise Http404
    dossier = (
        reviewable(model, user).select_related("owner", "assigned_examiner").filter(pk=pk).first()
    )
    if dossier is None:
        raise Http404
    return dossier


def target_days_by_office():
    """{office: days} the offices aim to decide in (OfficeReviewTarget; one query)."""
    targets = dict.fromkeys(Office.values, DEFAULT_TARGET_DAYS)
    targets.update(OfficeReviewTarget.objects.values_list("office", "target_days"))
    return targets


def search_filter(model, text):
    """Every word of `text` in the reference, the applicant's name or e-mail, or the kind's
    own fields (company names, mark text, invention title)."""
    fields = COMMON_SEARCH_FIELDS + tuple(getattr(model, "queue_search_fields", ()))
    condition = Q()
    for word in text.split()[:8]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _sort_key(sort):
    def since(dossier):
        return dossier.first_submitted_at or dossier.submitted_at

    if sort == "recent":
        return lambda d: (-since(d).timestamp(), d.reference)
    if sort == "deadline":
        return lambda d: (d.deadline, since(d), d.reference)
    if sort == "kind":
        return lambda d: (d.reference_prefix, since(d), d.reference)
    if sort == "status":
        order = {status: i for i, status in enumerate(QUEUE_STATUSES)}
        return lambda d: (order.get(d.status, 99), since(d), d.reference)
    return lambda d: (since(d), d.reference)


def queue(user, *, status="", kind="", assigned="", office="", q="", sort=""):
    """(rows, {status: count}) over every dossier kind: two queries per kind, plus one for the
    offices' target review times. Rows are ordered by `sort` (SORTS; by default the oldest
    first submission first, so a resubmitted dossier keeps its place) and carry `age_days`,
    `deadline` and `days_left` (negative: late)."""
    rows, counts = [], dict.fromkeys(QUEUE_STATUSES, 0)
    q = q.strip()
    for model in dossier_models():
        if kind and model.reference_prefix != kind:
            continue
        queryset = reviewable(model, user)
        if office and user.is_administrator:
            queryset = queryset.filter(office=office)
        if assigned == "mine":
            queryset = queryset.filter(assigned_examiner=user)
        elif assigned == "unassigned":
            queryset = queryset.filter(assigned_examiner__isnull=True)
        if q:
            queryset = queryset.filter(search_filter(model, q))
        for line in queryset.values("status").annotate(n=Count("pk")).order_by():
            counts[line["status"]] = counts.get(line["status"], 0) + line["n"]
        queryset = (
            queryset.filter(status=status) if status else queryset.filter(status__in=OPEN_STATUSES)
        )
        rows.extend(queryset.select_related("owner", "assigned_examiner"))
    targets = target_days_by_office() if rows else {}
    now = timezone.now()
    today = timezone.localdate(now)
    for dossier in rows:
        since = dossier.first_submitted_at or dossier.submitted_at
        dossier.age_days = (now - since).days
        dossier.deadline = timezone.localdate(since) + timedelta(
            days=targets.get(dossier.office, DEFAULT_TARGET_DAYS)
        )
        dossier.days_left = (dossier.deadline - today).days
        dossier.days_late = max(0, -dossier.days_left)
    rows.sort(key=_sort_key(sort if sort in SORTS else "age"))
    return rows, counts


# --- writes --------------------------------------------------------------------------


def colleagues_of(user, dossier):
    return (
        get_user_model()
        .objects.filter(role=Role.EXAMINER, office=dossier.office, is_active=True)
        .exclude(pk=user.pk)
    )


def office_examiners(office):
    return get_user_model().objects.filter(role=Role.EXAMINER, office=office, is_active=True)


# --- colleagues' opinions --------------------------------------------------------------
def pending_opinions(user):
    """The opinion requests waiting for `user`'s answer, oldest first, with their dossiers
    (one query, plus one per dossier kind when evaluated with the prefetch)."""
    if not (user.is_authenticated and user.is_examiner):
        return OpinionRequest.objects.none()
    return (
        OpinionRequest.objects.filter(colleague=user, answered_at__isnull=True)
        .select_related("asked_by")
        .prefetch_related("dossier")
    )


def opinions_on(dossier):
    """Every opinion request on `dossier` (internal: for the workspace page only)."""
    return list(
        OpinionRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(dossier), object_id=dossier.pk
        ).select_related("asked_by", "colleague")
    )


def get_opinion_to_answer(user, pk):
    """The request `pk` if `user` is the colleague asked (and still of the dossier's office);
    404 for missing and anybody else alike."""
    opinion = (
        OpinionRequest.objects.filter(pk=pk, colleague_id=user.pk).first()
        if is_reviewer(user)
        else None
    )
    dossier = opinion.dossier if opinion is not None else None
    if dossier is None or not (user.is_examiner and dossier.office == user.office):
        raise Http404
    return opinion
