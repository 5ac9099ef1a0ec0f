"""Mark watches and renewal reminders: created from the form or a search, each alert given once."""

import pytest
from django.core import mail

from ip_filings import tasks
from ip_filings.models import MarkWatch, RegisteredMark, WatchHit
from ip_filings.services.trademark import submit_trademark_filing
from tests.factories.ip_filings import make_filing, make_mark, make_mark_due_for_renewal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_watch_list_queries_do_not_grow(client, entrepreneur, django_assert_num_queries, count):
    for index in range(count):
        watch = MarkWatch.objects.create(user=entrepreneur, text=f"Atlas {index}")
        mark = make_mark(f"Atlas {index}x")
        WatchHit.objects.create(
            watch=watch,
            content_type_id=__import__(
                "django.contrib.contenttypes.models", fromlist=["ContentType"]
            )
            .ContentType.objects.get_for_model(RegisteredMark)
            .pk,
            object_id=mark.pk,
            matched_text=mark.mark_text,
            score=0.9,
            kind="spelling",
            reason="r",
        )
    client.force_login(entrepreneur)
    client.get("/fr/trademarks/dossiers/watches/")  # warm caches (content types, session)
    with django_assert_num_queries(5):
        response = client.get("/fr/trademarks/dossiers/watches/")
    assert len(response.context["watches"]) == count


def test_watch_is_notified_once_for_a_matching_register_entry(make_user):
    watcher = make_user("watcher@example.ma")
    MarkWatch.objects.create(user=watcher, text="Atlas", classes=[25], threshold=0.7)
    mark = make_mark("Atlass", classes=[25])
    make_mark("Atlass", classes=[9])  # another class: no alert

    assert tasks.match_watches_for_marks([mark.pk]) == 1
    assert tasks.match_watches_for_marks([mark.pk]) == 0
    hit = WatchHit.objects.get()
    assert (hit.matched_text, hit.kind) == ("Atlass", "phonetic")
    assert tasks.send_watch_alert(hit.pk) is True
    assert tasks.send_watch_alert(hit.pk) is False
    assert len(mail.outbox) == 1


def test_watch_is_notified_for_a_submitted_filing_in_arabic_script(make_user, entrepreneur):
    watcher = make_user("watcher@example.ma")
    MarkWatch.objects.create(user=watcher, text="Atlas", classes=[], threshold=0.7)
    filing = make_filing(entrepreneur, mark_text="أطلس")
    submit_trademark_filing(filing, actor=entrepreneur)

    assert tasks.match_watches_for_filing(filing.pk) == 1
    assert WatchHit.objects.get().kind == "other_script"


def test_renewal_reminder_is_sent_once(entrepreneur, examiner):
    mark = make_mark_due_for_renewal(entrepreneur, examiner, days=100)

    assert tasks.send_renewal_reminders() == 1
    assert tasks.send_renewal_reminder(mark.pk) is True
    assert tasks.send_renewal_reminder(mark.pk) is False
    assert tasks.send_renewal_reminders() == 0
    assert [m.to for m in mail.outbox if "Renouvellement" in m.subject] == [[entrepreneur.email]]


def test_watch_created_from_the_form(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(
        "/fr/trademarks/dossiers/watches/", {"text": "Atlas", "classes": "30, 25", "threshold": 80}
    )
    watch = MarkWatch.objects.get()
    assert response["Location"] == "/fr/trademarks/dossiers/watches/"
    assert (watch.user, watch.text, watch.classes, watch.threshold) == (
        entrepreneur,
        "Atlas",
        [25, 30],
        0.8,
    )


def test_watch_with_class_out_of_range_is_refused(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(
        "/fr/trademarks/dossiers/watches/", {"text": "Atlas", "classes": "99", "threshold": 80}
    )
    assert response.context["form"].errors["classes"] == [
        "La classe 99 n'existe pas : les classes vont de 1 à 45."
    ]
    assert MarkWatch.objects.count() == 0


def test_watch_below_threshold_gives_no_alert(make_user):
    watcher = make_user("watcher@example.ma")
    MarkWatch.objects.create(user=watcher, text="Atlas", threshold=0.99)
    mark = make_mark("Atlass", classes=[25])
    assert tasks.match_watches_for_marks([mark.pk]) == 0


def test_watch_form_prefilled_from_a_search(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.get("/fr/trademarks/dossiers/watches/?text=Atlas&classes=25,30")
    form = response.context["form"]
    assert (form["text"].value(), form["classes"].value()) == ("Atlas", "25,30")
