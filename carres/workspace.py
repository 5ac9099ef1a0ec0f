"""The examiners' workspace (/backoffice/): a queue of every reviewable dossier, one screen per dossier.

Examiners see the dossiers routed to their office once submitted; administrators see all;
anyone else gets 404. Status changes go through `carres.workflow.transition`; claiming,
releasing and asking a colleague are the services below.
"""

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.enums import Office, Role
from carres import rules
from carres.enums import DossierAction, DossierStatus, NotificationVerb
from carres.models import (
    DossierEvent,
    OfficeReviewTarget,
    dossier_model_for_prefix,
    dossier_models,
)
from carres.selectors import dossier_page_context, timeline
from carres.services import post_message
from carres.statistics.estimates import with_expected_decisions
from carres.workflow import (
    ReasonRequired,
    TransitionError,
    available_actions,
    clean_comment,
    posted_version,
    transition,
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
def _lock(dossier):
    return type(dossier).objects.select_for_update(of=("self",)).get(pk=dossier.pk)


def claim_dossier(dossier, *, actor):
    """`actor` becomes the examiner in charge, unless a colleague already is (compare-and-swap)."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not rules.is_office_examiner(actor, locked):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if locked.assigned_examiner_id not in (None, actor.pk):
            raise TransitionError(_("Un collègue a déjà pris ce dossier."))
        locked.assigned_examiner = actor
        locked.save(update_fields=["assigned_examiner", "updated_at"])
        DossierEvent.objects.create(
            dossier=locked,
            actor=actor,
            action=DossierAction.CLAIM,
            from_status=locked.status,
            to_status=locked.status,
            internal=True,
        )
    dossier.assigned_examiner = actor
    return dossier


def take_dossier(dossier, *, actor):
    """The one "take" step: `actor` becomes the examiner in charge and, when the dossier was
    only submitted, its review starts (the TAKE transition: the owner sees "en examen").

    A dossier a colleague holds is refused; one given back to the queue while in review is
    simply claimed again. Returns the dossier."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not rules.is_office_examiner(actor, locked):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if locked.assigned_examiner_id not in (None, actor.pk):
            raise TransitionError(_("Un collègue a déjà pris ce dossier."))
        if locked.status == DossierStatus.SUBMITTED:
            transition(locked, DossierAction.TAKE, actor=actor)
        elif locked.status == DossierStatus.IN_REVIEW:
            if locked.assigned_examiner_id is None:
                claim_dossier(locked, actor=actor)
        else:
            raise TransitionError()
    for name in ("status", "assigned_examiner", "lock_version"):
        setattr(dossier, name, getattr(locked, name))
    return dossier


def assign_dossier(dossier, *, actor, examiner):
    """Give `dossier` to `examiner`, an examiner of its office. Any examiner of the office may
    give an unassigned dossier; one held already is given on by its holder or an administrator."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not (rules.is_office_examiner(actor, locked) or actor.is_administrator):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if examiner is None or not (
            examiner.is_active and rules.is_office_examiner(examiner, locked)
        ):
            raise TransitionError(_("Choisissez un examinateur du même office."))
        if locked.assigned_examiner_id not in (None, actor.pk) and not actor.is_administrator:
            raise TransitionError(_("Un collègue a déjà pris ce dossier."))
        if locked.status not in OPEN_STATUSES:
            raise TransitionError()
        locked.assigned_examiner = examiner
        locked.save(update_fields=["assigned_examiner", "updated_at"])
        DossierEvent.objects.create(
            dossier=locked,
            actor=actor,
            action=DossierAction.ASSIGN,
            from_status=locked.status,
            to_status=locked.status,
            comment=examiner.get_full_name() or examiner.email,
            internal=True,
        )
    dossier.assigned_examiner = examiner
    return dossier


def release_dossier(dossier, *, actor):
    """The examiner in charge (or an administrator) gives the dossier back to the queue."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not (rules.is_examiner_in_charge(actor, locked) or actor.is_administrator):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        locked.assigned_examiner = None
        locked.save(update_fields=["assigned_examiner", "updated_at"])
        DossierEvent.objects.create(
            dossier=locked,
            actor=actor,
            action=DossierAction.RELEASE,
            from_status=locked.status,
            to_status=locked.status,
            internal=True,
        )
    dossier.assigned_examiner = None
    return dossier


def colleagues_of(user, dossier):
    return (
        get_user_model()
        .objects.filter(role=Role.EXAMINER, office=dossier.office, is_active=True)
        .exclude(pk=user.pk)
    )


def office_examiners(office):
    return get_user_model().objects.filter(role=Role.EXAMINER, office=office, is_active=True)


def request_opinion(dossier, *, actor, colleague, comment):
    """An internal note addressed to another examiner of the same office, who is notified.

    Side effects, in order: an internal timeline event (never shown to the owner), an
    in-app notification and an outbox e-mail for the colleague, dispatched after commit.
    """
    from carres.notifications import dispatch_outbox, notify

    comment = clean_comment(comment)
    if not rules.is_office_examiner(actor, dossier):
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    if (
        colleague is None
        or colleague.pk == actor.pk
        or not rules.is_office_examiner(colleague, dossier)
    ):
        raise TransitionError(_("Choisissez un examinateur du même office."))
    if not comment:
        raise ReasonRequired(_("La note est vide."))
    # The colleague's name goes in front: the whole comment is checked against its maximum.
    comment = clean_comment(f"@{colleague.get_full_name() or colleague.email} : {comment}")
    with transaction.atomic():
        event = DossierEvent.objects.create(
            dossier=dossier,
            actor=actor,
            action=DossierAction.OPINION,
            from_status=dossier.status,
            to_status=dossier.status,
            comment=comment,
            internal=True,
        )
        outbox = notify(
            dossier,
            recipient=colleague,
            verb=NotificationVerb.OPINION_REQUESTED,
            key=f"opinion:{event.pk}:{colleague.pk}",
        )
        if outbox is not None:  # None: the recipient reads a daily digest
            transaction.on_commit(lambda: dispatch_outbox([outbox.pk]))
    return event


# --- views ---------------------------------------------------------------------------
def _reviewer_or_404(request):
    if not is_reviewer(request.user):
        raise Http404


def dossier_url(dossier):
    return reverse("backoffice:dossier", args=[type(dossier).reference_prefix, dossier.pk])


@login_required
def queue_view(request):
    _reviewer_or_404(request)
    names = ("status", "kind", "assigned", "office", "q", "sort")
    filters = {name: request.GET.get(name, "")[:200] for name in names}
    rows, counts = queue(request.user, **filters)
    if request.GET.get("format") == "csv":
        return _csv(rows)
    for dossier in with_expected_decisions(rows):
        dossier.workspace_url = dossier_url(dossier)
        dossier.row_key = f"{type(dossier).reference_prefix}:{dossier.pk}"
    user = request.user
    examiners = list(office_examiners(user.office)) if user.is_examiner else []
    return render(
        request,
        "carres/workspace/queue.html",
        {
            "rows": rows,
            "counts": [(DossierStatus(status).label, status, n) for status, n in counts.items()],
            "filters": filters,
            "kinds": [(m.reference_prefix, m._meta.verbose_name) for m in dossier_models()],
            "statuses": [(s, DossierStatus(s).label) for s in QUEUE_STATUSES],
            "offices": Office.choices,
            "csv_query": request.GET.urlencode(),
            "sorts": [
                ("age", _("Ancienneté (plus ancien d'abord)")),
                ("recent", _("Plus récent d'abord")),
                ("deadline", _("Échéance")),
                ("kind", _("Type de dossier")),
                ("status", _("Statut")),
            ],
            "examiners": examiners,
            "bulk_actions": [
                ("take", _("Prendre en charge")),
                ("assign", _("Confier à")),
                ("request_changes", _("Demander des modifications (avec motif)")),
            ],
        },
    )


def _rows_from_keys(user, keys):
    """The dossiers behind the checked rows ("PT:12"); those `user` may not review are left
    out (counted as refused by the caller)."""
    dossiers = []
    for key in keys[:200]:
        prefix, _sep, pk = key.partition(":")
        if not pk.isascii() or not pk.isdigit():
            continue
        try:
            dossiers.append(get_reviewable_dossier(user, prefix, int(pk)))
        except Http404:
            continue
    return dossiers


@login_required
@require_POST
def bulk_view(request):
    """The queue's checked rows: take, assign to a colleague, or request changes with one
    reason. Each row goes through the same services as its own page (permission checked
    there); one summary message says how many were done and how many refused."""
    _reviewer_or_404(request)
    user, post = request.user, request.POST
    keys = post.getlist("dossiers")
    action = post.get("action", "")
    if action not in ("take", "assign", "request_changes"):
        raise Http404
    dossiers = _rows_from_keys(user, keys)
    examiner = None
    if action == "assign":
        examiner = (
            get_user_model()
            .objects.filter(role=Role.EXAMINER, is_active=True, pk=_int(post.get("examiner")))
            .first()
        )
    if action == "request_changes" and not post.get("comment", "").strip():
        messages.error(request, _("Indiquez le motif : l'entrepreneur le lira."))
        return redirect("backoffice:queue")
    done, refused = 0, len(keys) - len(dossiers)
    for dossier in dossiers:
        try:
            if action == "take":
                take_dossier(dossier, actor=user)
            elif action == "assign":
                assign_dossier(dossier, actor=user, examiner=examiner)
            else:
                if dossier.status == DossierStatus.SUBMITTED and dossier.assigned_examiner_id in (
                    None,
                    user.pk,
                ):
                    take_dossier(dossier, actor=user)
                transition(
                    dossier,
                    DossierAction.REQUEST_CHANGES,
                    actor=user,
                    comment=post.get("comment", ""),
                )
        except (TransitionError, ValidationError, ValueError):
            refused += 1
        else:
            done += 1
    summary = ngettext("%(done)d dossier traité", "%(done)d dossiers traités", done) % {
        "done": done
    }
    if refused:
        summary += " · " + ngettext(
            "%(refused)d refusé (droits, statut ou motif manquant)",
            "%(refused)d refusés (droits, statut ou motif manquant)",
            refused,
        ) % {"refused": refused}
    (messages.success if not refused else messages.warning)(request, summary)
    back = reverse("backoffice:queue")
    query = post.get("return_query", "")
    return redirect(f"{back}?{query}" if query and "\n" not in query else back)


def _int(value):
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else 0


def _csv(rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="queue.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Référence"),
            _("Type"),
            _("Titre"),
            _("Statut"),
            _("Office"),
            _("Soumis le"),
            _("Examinateur"),
        ]
    )
    for dossier in rows:
        writer.writerow(
            [
                dossier.reference,
                dossier.kind_label,
                dossier.title,
                dossier.get_status_display(),
                dossier.get_office_display(),
                dossier.submitted_at.isoformat() if dossier.submitted_at else "",
                dossier.assigned_examiner.email if dossier.assigned_examiner else "",
            ]
        )
    return response


@login_required
def dossier_view(request, prefix, pk):
    dossier = get_reviewable_dossier(request.user, prefix, pk)
    context = dossier_page_context(dossier, request.user)
    context["events"] = timeline(dossier, include_internal=True)
    context["actions"] = [
        a for a in available_actions(dossier, request.user) if a in DECISION_ACTIONS
    ]
    context["colleagues"] = colleagues_of(request.user, dossier) if request.user.is_examiner else []
    context["is_examiner_in_charge"] = rules.is_examiner_in_charge(request.user, dossier)
    context["can_take"] = (
        rules.is_office_examiner(request.user, dossier)
        and dossier.status in OPEN_STATUSES
        and (
            dossier.assigned_examiner_id is None
            or (
                dossier.assigned_examiner_id == request.user.pk
                and dossier.status == DossierStatus.SUBMITTED
            )
        )
    )
    context["can_assign"] = dossier.status in OPEN_STATUSES and (
        request.user.is_administrator
        or (
            rules.is_office_examiner(request.user, dossier)
            and dossier.assigned_examiner_id in (None, request.user.pk)
        )
    )
    context["office_examiners"] = office_examiners(dossier.office) if context["can_assign"] else []
    context["other_offices"] = [o for o in Office.choices if o[0] != dossier.office]
    context["prefix"] = prefix
    context["action_labels"] = {
        DossierAction.ACCEPT: _("Accepter"),
        DossierAction.REQUEST_CHANGES: _("Demander des modifications (avec motif)"),
        DossierAction.REJECT: _("Rejeter (avec motif)"),
    }
    return render(request, "carres/workspace/dossier.html", context)


@login_required
@require_POST
def dossier_post(request, prefix, pk, what):
    """Every button of the dossier screen posts here; `what` says which."""
    dossier = get_reviewable_dossier(request.user, prefix, pk)
    user, post = request.user, request.POST
    try:
        if what in ("take", "claim"):
            # One step: claim and start the review ("claim" is the former address).
            take_dossier(dossier, actor=user)
        elif what == "assign":
            examiner = (
                office_examiners(dossier.office).filter(pk=_int(post.get("examiner"))).first()
            )
            assign_dossier(dossier, actor=user, examiner=examiner)
        elif what == "release":
            release_dossier(dossier, actor=user)
        elif what == "decide":
            action = post.get("action", "")
            if action not in EXAMINER_ACTIONS:
                raise TransitionError()
            transition(
                dossier,
                action,
                actor=user,
                comment=post.get("comment", ""),
                expected_version=posted_version(post),
            )
        elif what == "note":
            from carres.workflow import add_internal_note

            add_internal_note(dossier, actor=user, comment=post.get("comment", ""))
        elif what == "opinion":
            colleague = colleagues_of(user, dossier).filter(pk=post.get("colleague") or 0).first()
            request_opinion(
                dossier, actor=user, colleague=colleague, comment=post.get("comment", "")
            )
        elif what == "message":
            post_message(dossier, actor=user, body=post.get("body", ""))
        elif what == "reassign":
            from carres.routing import reassign_office

            reassign_office(
                dossier, actor=user, office=post.get("office", ""), reason=post.get("reason", "")
            )
            messages.success(request, _("Dossier transmis à l'autre office."))
            return redirect("backoffice:queue")
        else:
            raise Http404
    except (TransitionError, ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("C'est fait."))
    return redirect(dossier_url(dossier))
