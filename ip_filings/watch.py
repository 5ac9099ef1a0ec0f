"""Mark watches: does a new dossier or register entry come close to a watched mark?"""

from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from ip_filings.models import MarkWatch, WatchHit
from ip_filings.normalize import match_keys, script_of
from ip_filings.search import _classify, clean_query, explain_match


def compare_marks(watched_text, candidate_text):
    """(kind, score, reason) of how `candidate_text` resembles `watched_text`, or None.

    The same rules as the prior-mark search (search._classify), applied to one pair:
    the trigram similarities come from PostgreSQL (one query).
    """
    query = clean_query(watched_text)
    candidate = clean_query(candidate_text)
    keys = match_keys(query)
    if not keys["normalized"] or not candidate:
        return None
    other = match_keys(candidate)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT similarity(%s, %s), similarity(%s, %s)",
            [other["normalized"], keys["normalized"], other["romanized"], keys["romanized"]],
        )
        sim_normalized, sim_romanized = cursor.fetchone()
    mark = SimpleNamespace(
        mark_text=candidate,
        script=script_of(candidate),
        sim_normalized=sim_normalized,
        sim_romanized=sim_romanized,
        **other,
    )
    verdict = _classify(mark, query=query, query_script=script_of(query), keys=keys)
    if verdict is None:
        return None
    kind, score, _risk = verdict
    return str(kind), score, explain_match(kind, mark, score=score)


def record_watch_hits(obj, *, text, classes, exclude_user_id=None):
    """One WatchHit per watch that `obj` (a filing or a register entry) matches; new ones only.

    A watch matches when its classes (none: every class) share one with `classes` and
    the score reaches its threshold. The unique constraint (watch, object) keeps a
    re-run from notifying twice. Returns the new hits.
    """
    content_type = ContentType.objects.get_for_model(obj)
    already = WatchHit.objects.filter(
        watch=OuterRef("pk"), content_type=content_type, object_id=obj.pk
    )
    watches = MarkWatch.objects.select_related("user").exclude(Exists(already))
    if exclude_user_id:
        watches = watches.exclude(user_id=exclude_user_id)
    created = []
    for watch in watches:
        if watch.classes and not set(watch.classes) & set(classes):
            continue
        verdict = compare_marks(watch.text, text)
        if verdict is None or verdict[1] < watch.threshold:
            continue
        kind, score, _reason = verdict
        with transaction.atomic():
            hit, is_new = WatchHit.objects.get_or_create(
                watch=watch,
                content_type=content_type,
                object_id=obj.pk,
                defaults={
                    "matched_text": text[:500],
                    "score": score,
                    "kind": kind,
                    "reason": _reason,
                },
            )
        if is_new:
            created.append(hit)
    return created


def watch_hit_subject():
    return _("Une marque proche de celle que vous surveillez")
