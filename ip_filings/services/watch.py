"""Mark watches: does a new dossier or register entry come close to a watched mark?"""

from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Value
from django.utils.translation import gettext as _

from carres.text import match_keys, script_of
from ip_filings.models import MarkWatch, RegisteredMark, WatchHit
from ip_filings.search.matching import _classify, clean_query, explain_match


def compare_marks(watched_text, candidate_text):
    """(kind, score, reason) of how `candidate_text` resembles `watched_text`, or None.

    The same rules as the prior-mark search (search.matching._classify), applied to one pair:
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
        hit = _record_hit(watch, obj, content_type, text, verdict)
        if hit is not None:
            created.append(hit)
    return created


def record_register_watch_hits(mark_ids):
    """New WatchHits for the register entries `mark_ids` (accepted, imported or edited).

    One query per watch over the whole batch: the stored keys of each mark are compared
    with the watch's in PostgreSQL (trigram similarities) and classified in Python by
    the search's own rules, so a CSV import of thousands of marks costs one query per
    watch and thousand marks, not one per pair. A watch never alerts on a mark that
    comes from its owner's own dossier. Returns the new hits.
    """
    created = []
    content_type = ContentType.objects.get_for_model(RegisteredMark)
    for watch in MarkWatch.objects.select_related("user"):
        query = clean_query(watch.text)
        keys = match_keys(query)
        if not keys["normalized"]:
            continue
        marks = (
            RegisteredMark.objects.filter(pk__in=mark_ids)
            .exclude(filing__owner_id=watch.user_id)
            .exclude(
                Exists(
                    WatchHit.objects.filter(
                        watch=watch, content_type=content_type, object_id=OuterRef("pk")
                    )
                )
            )
            .annotate(
                sim_normalized=TrigramSimilarity("normalized", Value(keys["normalized"])),
                sim_romanized=TrigramSimilarity("romanized", Value(keys["romanized"])),
            )
        )
        if watch.classes:
            marks = marks.filter(classes__overlap=watch.classes)
        query_script = script_of(query)
        for mark in marks:
            verdict = _classify(mark, query=query, query_script=query_script, keys=keys)
            if verdict is not None:
                kind, score, _risk = verdict
                verdict = str(kind), score, explain_match(kind, mark, score=score)
            hit = _record_hit(watch, mark, content_type, mark.mark_text, verdict)
            if hit is not None:
                created.append(hit)
    return created


def _record_hit(watch, obj, content_type, text, verdict):
    """The new WatchHit of `watch` on `obj` for `verdict` (kind, score, reason), or None
    when the verdict is below the watch's threshold or the hit exists already (the
    unique constraint (watch, object) keeps a re-run from notifying twice)."""
    if verdict is None or verdict[1] < watch.threshold:
        return None
    kind, score, reason = verdict
    with transaction.atomic():
        hit, is_new = WatchHit.objects.get_or_create(
            watch=watch,
            content_type=content_type,
            object_id=obj.pk,
            defaults={"matched_text": text[:500], "score": score, "kind": kind, "reason": reason},
        )
    return hit if is_new else None


def watch_hit_subject():
    return _("Une marque proche de celle que vous surveillez")
