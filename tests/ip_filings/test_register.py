import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ip_filings.models import MarkWatch, RegisteredMark, WatchHit
from ip_filings.services.register import COPY_COLUMNS, import_register_csv, synthetic_rows

pytestmark = pytest.mark.django_db

HEADER = "number,mark,classes,owner,status,filed_on,registered_on,expires_on\n"


def test_import_register_csv_loads_valid_rows_with_keys():
    report = import_register_csv(
        (
            HEADER + "MA-1,أطلس,30;32,Atlas SA,registered,2016-06-14,2016-10-12,\n"
            "MA-2,Café Délice,43,Délices,filed,2020-01-02,,\n"
        ).encode()
    )
    assert (report.loaded, report.rejected, report.committed) == (2, [], True)
    mark = RegisteredMark.objects.get(number="MA-1")
    assert (mark.classes, mark.normalized, mark.romanized, mark.skeleton, mark.script) == (
        [30, 32],
        "اطلس",
        "atls",
        "tls",
        "arabic",
    )
    assert mark.expires_on == datetime.date(2026, 10, 12)


def test_import_register_csv_reports_line_numbers_and_loads_nothing():
    report = import_register_csv(
        (
            HEADER + "MA-1,Atlas,30,Atlas SA,registered,2016-06-14,,\n"
            "MA-2,,30,Owner,registered,2016-06-14,,\n"
            "MA-3,Zara,46,Owner,registered,2016-06-14,,\n"
            "MA-4,Nour,25,Owner,sleeping,2016-06-14,,\n"
            "MA-5,Baraka,25,Owner,registered,14/06/2016,,\n"
            "MA-1,Atlas bis,30,Atlas SA,registered,2016-06-14,,\n"
        ).encode()
    )
    assert report.rejected == [
        (3, "mark: missing"),
        (4, "classes: not in 1-45: 46"),
        (5, "status: unknown 'sleeping' (expected filed, registered, opposed, expired, cancelled)"),
        (6, "filed_on: not a date YYYY-MM-DD: '14/06/2016'"),
        (7, "number: MA-1 already on line 2"),
    ]
    assert (report.loaded, report.committed) == (0, False)
    assert RegisteredMark.objects.count() == 0


def test_import_register_csv_refuses_superscripts_and_reads_arabic_indic_digits():
    report = import_register_csv(
        (
            HEADER + "MA-1,Atlas,٣٠;32,Atlas SA,registered,2016-06-14,,\n"
            "MA-2,Zara,²,Owner,registered,2016-06-14,,\n"
        ).encode(),
        partial=True,
    )
    assert report.rejected == [(3, "classes: not in 1-45: ²")]
    assert RegisteredMark.objects.get().classes == [30, 32]


def test_import_register_csv_partial_loads_the_valid_rows():
    report = import_register_csv(
        (
            HEADER + "MA-1,Atlas,30,Atlas SA,registered,2016-06-14,,\n"
            "MA-2,Zara,0,Owner,registered,2016-06-14,,\n"
        ).encode(),
        partial=True,
    )
    assert (report.loaded, len(report.rejected)) == (1, 1)
    assert list(RegisteredMark.objects.values_list("number", flat=True)) == ["MA-1"]


def test_import_register_csv_updates_an_existing_number():
    import_register_csv((HEADER + "MA-1,Atlas,30,Atlas SA,registered,2016-06-14,,\n").encode())
    import_register_csv((HEADER + "MA-1,Atlass,29;30,Atlas SA,expired,2016-06-14,,\n").encode())
    mark = RegisteredMark.objects.get()
    assert (mark.mark_text, mark.classes, mark.status, mark.normalized) == (
        "Atlass",
        [29, 30],
        "expired",
        "atlass",
    )


def test_import_register_csv_requires_columns():
    report = import_register_csv(b"number,mark\nMA-1,Atlas\n")
    assert report.rejected == [(1, "missing columns: classes, owner, filed_on")]


def test_import_marks_command_fails_without_partial(tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "MA-1,Atlas,99,Atlas SA,registered,2016-06-14,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing loaded"):
        call_command("import_marks", str(path))
    assert "line 2: classes: not in 1-45: 99" in capsys.readouterr().err


def test_import_marks_command_loads_a_file(tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "MA-1,Atlas,30,Atlas SA,,2016-06-14,,\n", encoding="utf-8")
    call_command("import_marks", str(path))
    assert "1 mark(s) loaded, 0 rejected." in capsys.readouterr().out
    assert RegisteredMark.objects.get().status == "registered"


def test_generate_marks_command_inserts_searchable_marks():
    call_command("generate_marks", "500", seed=3)
    assert RegisteredMark.objects.count() == 500
    mark = RegisteredMark.objects.order_by("number").first()
    mark_keys = (mark.normalized, mark.romanized, mark.phonetic, mark.skeleton)
    mark.refresh_keys()
    assert mark_keys == (mark.normalized, mark.romanized, mark.phonetic, mark.skeleton)


def test_synthetic_rows_are_reproducible_and_mix_scripts():
    first = list(synthetic_rows(300, seed=7))
    assert first == list(synthetic_rows(300, seed=7))
    column = [name.strip() for name in COPY_COLUMNS.split(",")].index("script")
    scripts = {row[column] for row in first}
    assert scripts >= {"latin", "arabic"}


def test_imported_register_entries_alert_watchers_once(
    make_user, eager_celery, django_capture_on_commit_callbacks, mailoutbox
):
    watcher = make_user("watcher@example.ma")
    MarkWatch.objects.create(user=watcher, text="Atlas", classes=[30], threshold=0.7)
    csv_text = (
        HEADER + "MA-1,أطلس,30;32,Atlas SA,registered,2016-06-14,2016-10-12,\n"
        "MA-2,Atlass,9,Other,registered,2020-01-02,,\n"  # close, but another class
        "MA-3,Zitoun,30,Zit,registered,2020-01-02,,\n"  # in the class, not close
    )

    with django_capture_on_commit_callbacks(execute=True):
        import_register_csv(csv_text.encode())
    with django_capture_on_commit_callbacks(execute=True):
        import_register_csv(csv_text.encode())  # a re-import alerts nobody again

    hit = WatchHit.objects.get()
    assert (hit.matched_text, hit.kind, hit.object_id) == (
        "أطلس",
        "other_script",
        RegisteredMark.objects.get(number="MA-1").pk,
    )
    assert [m.to for m in mailoutbox] == [["watcher@example.ma"]]


def test_import_queues_nothing_while_nobody_watches(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        import_register_csv((HEADER + "MA-1,Atlas,30,Atlas SA,registered,2016-06-14,,\n").encode())
    assert (RegisteredMark.objects.count(), callbacks) == (1, [])
