"""The Nice classification: searching its terms and suggesting classes for an activity."""

import functools
import operator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import Func
from django.db.models.functions import Length
from django.utils.translation import get_language

from carres.text import normalize_text
from carres.wordstarts import word_start_needles
from ip_filings.models import NiceClass, NiceTerm
from ip_filings.services.nice import LANGUAGES


class WordSimilarity(Func):
    """pg_trgm's word_similarity(needle, haystack): how well needle appears inside haystack."""

    function = "word_similarity"
    output_field = FloatField()


def _language(language):
    language = (language or get_language() or "fr")[:2]
    return language if language in LANGUAGES else "fr"


def _word_starts(language, needles):
    """Every query word starts a word of the term in `language` (in one of its forms)."""
    condition = Q()
    for forms in needles:
        either = Q()
        for form in forms:
            either |= Q(**{f"words_{language}__contains": f" {form}"})
        condition &= either
    return condition


def search_terms(query, *, language=None, classes=None, limit=30):
    """Goods/services terms matching `query` in any of the three languages, whatever the
    page's language: every word of the query must start a word of the term once both are
    normalised (accents, case, Arabic letter variants and article ال set aside), so "cafe"
    finds "café" but not "caftans". Terms of the page's language first, then whole-term
    matches, then the shortest. Each term carries `matched_language` and `matched_text`
    (the wording that matched). Only when no word starts anywhere: close spellings
    (trigram word similarity) in the page's language."""
    language = _language(language)
    needles = word_start_needles((query or "")[:200])[:12]
    if not needles:
        return []
    order = [language, *(other for other in LANGUAGES if other != language)]
    matches = {other: _word_starts(other, needles) for other in order}
    terms = NiceTerm.objects.select_related("nice_class")
    if classes:
        terms = terms.filter(nice_class__number__in=list(classes))
    needle = normalize_text(query)
    found = (
        terms.filter(functools.reduce(operator.or_, matches.values()))
        .annotate(
            matched_rank=Case(
                *(When(matches[other], then=Value(rank)) for rank, other in enumerate(order)),
                output_field=IntegerField(),
            ),
            whole=Case(
                *(When(**{f"search_{other}": needle}, then=Value(0)) for other in order),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("matched_rank", "whole", Length(f"term_{language}"), "nice_class__number")
    )
    found = list(found[:limit])
    if not found:
        column = f"search_{language}"
        found = list(
            terms.annotate(
                closeness=WordSimilarity(Value(needle), F(column)), matched_rank=Value(0)
            )
            .filter(closeness__gte=0.6)
            .order_by("-closeness", Length(column), "nice_class__number")[:limit]
        )
    for term in found:
        term.matched_language = order[term.matched_rank]
        # the wording that matched, when it is not the one the page shows
        other = term.matched_language != language
        term.matched_text = (
            (getattr(term, f"term_{term.matched_language}", "") or "") if other else ""
        )
    return found


@dataclass(frozen=True)
class ClassSuggestion:
    nice_class: NiceClass
    score: float
    terms: tuple  # the matching terms, best first


_COMMON_WORDS = (
    "les des une pour avec dans sur aux par nous vous ils est sont and the for with our "
    "from that this sell make are who que qui ainsi leur leurs"
)
# generic words that every services class shares
_GENERIC_WORDS = "services service produits produit articles products goods خدمات خدمه منتجات"
_STOP_WORDS = frozenset(_COMMON_WORDS.split() + _GENERIC_WORDS.split())


def suggest_classes(description, *, language=None, limit=5):
    """Classes ranked by how well their terms are covered by a free description of the business.

    Each word of the description is matched against the terms of the user's language
    (pg_trgm word similarity, so "chaussure" finds "chaussures"); a term scores the share
    of its words found; a class scores the sum of its three best terms. Two queries.
    """
    language = _language(language)
    text = normalize_text(description or "")[:2000]
    words = sorted({word for word in text.split() if len(word) >= 3 and word not in _STOP_WORDS})[
        :60
    ]
    if not words:
        return []
    column = f"search_{language}"  # one of three fixed column names, never user input
    table = NiceTerm._meta.db_table
    sql = (
        f"SELECT t.id, w.word, word_similarity(w.word, t.{column}) "  # noqa: S608  # nosec B608  # column and table names are fixed; the words are a parameter
        f"FROM {table} t CROSS JOIN unnest(%s::text[]) AS w(word) "
        f"WHERE w.word <%% t.{column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [words])
        rows = cursor.fetchall()
    best_per_term = {}
    for term_id, word, similarity in rows:
        per_word = best_per_term.setdefault(term_id, {})
        per_word[word] = max(per_word.get(word, 0.0), similarity)
    terms = NiceTerm.objects.select_related("nice_class").in_bulk(list(best_per_term))
    by_class = {}
    for term_id, per_word in best_per_term.items():
        term = terms[term_id]
        length = max(len(getattr(term, column).split()), 1)
        coverage = min(sum(per_word.values()) / length, 1.0)
        if coverage < 0.3:
            continue
        by_class.setdefault(term.nice_class_id, []).append((coverage, term))
    ranked = []
    for found in by_class.values():
        found.sort(key=lambda pair: (-pair[0], len(pair[1].term)))
        score = sum(coverage for coverage, _term in found[:3])
        ranked.append((score, found[0][1].nice_class, tuple(term for _c, term in found[:5])))
    ranked.sort(key=lambda entry: (-entry[0], entry[1].number))
    return [
        ClassSuggestion(nice_class=nice_class, score=round(score, 3), terms=found)
        for score, nice_class, found in ranked[:limit]
    ]
