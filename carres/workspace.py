"""The examiners' workspace (/backoffice/): a queue of every reviewable dossier, one screen per dossier.

Examiners see the dossiers routed to their office once submitted; administrators see all;
anyone else gets 404. Status changes go through `carres.workflow.transition`; claiming,
releasing and asking a colleague are the services below.
"""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.enums import Office, Role
from carres import rules
from carres.enums import DossierAction, DossierStatus, NotificationVerb
from carres.formatting import format_datetime
from carres.models import DossierEvent, dossier_model_for_prefix, dossier_models
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
QUEUE_STATUSES = [
    DossierStatus.SUBMITTED,
    DossierStatus.IN_REVIEW,
    DossierStatus.CHANGES_REQUESTED,
    DossierStatus.ACCEPTED,
    DossierStatus.REJECTED,
    DossierStatus.WITHDRAWN,
]
OPEN_STATUSES = [DossierStatus.SUBMITTED, DossierStatus.IN_REVIEW]


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


def queue(user, *, status="", kind="", assigned="", office=""):
    """(rows oldest first, {status: count}) over every dossier kind: two queries per kind."""
    rows, counts = [], dict.fromkeys(QUEUE_STATUSES, 0)
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
        for line in queryset.values("status").annotate(n=Count("pk")).order_by():
            counts[line["status"]] = counts.get(line["status"], 0) + line["n"]
        queryset = (
            queryset.filter(status=status) if status else queryset.filter(status__in=OPEN_STATUSES)
        )
        rows.extend(queryset.select_related("owner", "assigned_examiner").order_by("submitted_at"))
    rows.sort(key=lambda dossier: (dossier.submitted_at, dossier.reference))
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
    filters = {name: request.GET.get(name, "") for name in ("status", "kind", "assigned", "office")}
    rows, counts = queue(request.user, **filters)
    if request.GET.get("format") == "csv":
        return _csv(rows)
    for dossier in with_expected_decisions(rows):
        dossier.workspace_url = dossier_url(dossier)
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
        },
    )


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
                format_datetime(dossier.submitted_at),
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
        a for a in available_actions(dossier, request.user) if a in EXAMINER_ACTIONS
    ]
    context["colleagues"] = colleagues_of(request.user, dossier) if request.user.is_examiner else []
    context["is_examiner_in_charge"] = rules.is_examiner_in_charge(request.user, dossier)
    context["can_claim"] = (
        rules.is_office_examiner(request.user, dossier) and dossier.assigned_examiner_id is None
    )
    context["other_offices"] = [o for o in Office.choices if o[0] != dossier.office]
    context["prefix"] = prefix
    context["action_labels"] = {
        DossierAction.TAKE: _("Prendre en charge"),
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
        if what == "claim":
            claim_dossier(dossier, actor=user)
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
