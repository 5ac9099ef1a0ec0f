"""The word posting lists and vocabulary behind the class-less search, kept by triggers."""

import pytest

from ip_filings.enums import MarkStatus
from ip_filings.models import MarkVocabulary, MarkWord, RegisteredMark
from ip_filings.services.register import generate_marks, import_register_csv
from tests.factories.ip_filings import make_mark

pytestmark = pytest.mark.django_db

HEADER = "number,mark,classes,owner,status,filed_on,registered_on,expires_on\n"


def postings(mark):
    return sorted(MarkWord.objects.filter(mark_id=mark.pk).values_list("word", "size"))


def vocabulary():
    return dict(MarkVocabulary.objects.values_list("word", "marks"))


def test_mark_words_written_on_create_with_romanized_words_of_arabic_marks():
    latin = make_mark("Café Délice S.A.R.L.")
    arabic = make_mark("أطلس الذهبي")
    assert postings(latin) == [("cafe", 11), ("delice", 11)]
    # normalised words (Arabic) and romanised ones, each with its text's length
    assert postings(arabic) == [("atls", 11), ("eldhbi", 11), ("اطلس", 11), ("الذهبي", 11)]
    assert vocabulary() == {
        "cafe": 1,
        "delice": 1,
        "atls": 1,
        "eldhbi": 1,
        "الذهبي": 1,
        "اطلس": 1,
    }


def test_mark_words_follow_a_renamed_mark_and_keep_counts():
    first = make_mark("Atlas Food")
    make_mark("Atlas Café")
    first.mark_text = "Sahara Food"
    first.save()
    assert postings(first) == [("food", 11), ("sahara", 11)]
    assert vocabulary() == {"atlas": 1, "cafe": 1, "food": 1, "sahara": 1}


def test_mark_words_kept_when_only_the_status_changes():
    mark = make_mark("Atlas Food")
    RegisteredMark.objects.filter(pk=mark.pk).update(status=MarkStatus.EXPIRED)
    assert postings(mark) == [("atlas", 10), ("food", 10)]
    assert vocabulary() == {"atlas": 1, "food": 1}


def test_mark_words_removed_with_the_mark():
    gone = make_mark("Atlas Food")
    make_mark("Atlas")
    gone.delete()
    assert MarkWord.objects.filter(mark_id=gone.pk).count() == 0
    assert vocabulary() == {"atlas": 1}


def test_mark_words_follow_a_csv_import_that_updates_a_mark():
    import_register_csv((HEADER + "MA-1,Atlas Food,30,Owner,,2016-06-14,,\n").encode())
    import_register_csv((HEADER + "MA-1,Nour Food,30,Owner,,2016-06-14,,\n").encode())
    mark = RegisteredMark.objects.get(number="MA-1")
    assert postings(mark) == [("food", 9), ("nour", 9)]
    assert vocabulary() == {"food": 1, "nour": 1}


def test_mark_words_filled_by_copy():
    generate_marks(300, seed=5)
    expected = sum(
        len(set(mark.normalized.split()))
        + (len(set(mark.romanized.split())) if mark.script == "arabic" else 0)
        for mark in RegisteredMark.objects.all()
    )
    assert MarkWord.objects.count() == expected
    assert sum(vocabulary().values()) == expected


def test_the_vocabulary_keeps_only_the_indexes_its_lookups_use():
    """Equality through the primary key and trigram similarity through the GIN: the pattern
    index Django adds to a text primary key was dropped (migration 0006)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s",
            [MarkVocabulary._meta.db_table],
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"ip_filings_markvocabulary_pkey", "markvocab_word_trgm"}
