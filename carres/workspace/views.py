"""The examiners' workspace pages: the queue (search, sort, bulk actions) and a dossier's page."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.enums import Office, Role
from carres import rules
from carres.enums import DossierAction, DossierStatus
from carres.formatting import format_datetime
from carres.models import (
    dossier_models,
)
from carres.pdf import other_language_link
from carres.selectors import dossier_page_context
from carres.services import post_message
from carres.statistics.estimates import with_expected_decisions
from carres.workflow import (
    TransitionError,
    available_actions,
    posted_version,
    transition,
)
from carres.workspace.selectors import (
    DECISION_ACTIONS,
    EXAMINER_ACTIONS,
    OPEN_STATUSES,
    QUEUE_STATUSES,
    colleagues_of,
    get_opinion_to_answer,
    get_reviewable_dossier,
    is_reviewer,
    office_examiners,
    opinions_on,
    pending_opinions,
    queue,
)
from carres.workspace.services import (
    answer_opinion,
    assign_dossier,
    release_dossier,
    request_opinion,
    take_dossier,
)


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
            "pending_opinions": pending_opinions(user).count() if user.is_examiner else 0,
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
                format_datetime(dossier.submitted_at),
                dossier.assigned_examiner.email if dossier.assigned_examiner else "",
            ]
        )
    return response


@login_required
def dossier_view(request, prefix, pk):
    dossier = get_reviewable_dossier(request.user, prefix, pk)
    context = dossier_page_context(dossier, request.user, staff_page=True)
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
    document = context.get("document")
    context["other_language"] = other_language_link(document.language if document else "")
    opinions = opinions_on(dossier)
    context["opinions_to_answer"] = [
        o for o in opinions if o.pending and o.colleague_id == request.user.pk
    ]
    context["opinions_waiting"] = [
        o for o in opinions if o.pending and o.colleague_id != request.user.pk
    ]
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


@login_required
def opinions_view(request):
    """The opinion requests waiting for the signed-in examiner's answer."""
    _reviewer_or_404(request)
    opinions = [o for o in pending_opinions(request.user) if o.dossier is not None]
    for opinion in opinions:
        opinion.workspace_url = dossier_url(opinion.dossier)
    return render(request, "carres/workspace/opinions.html", {"opinions": opinions})


@login_required
@require_POST
def opinion_answer(request, pk):
    """Only the colleague asked may answer (404 for anybody else, as for a missing id)."""
    opinion = get_opinion_to_answer(request.user, pk)
    try:
        answer_opinion(opinion, actor=request.user, answer=request.POST.get("answer", ""))
    except (TransitionError, ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Votre avis est transmis à votre collègue."))
    return redirect(dossier_url(opinion.dossier))
