"""The register's cross-script folded spelling (carres.sound.fold_key), computed for the
marks already there, and its index (the prior-mark search's fold door)."""

from django.db import migrations, models


def compute_folds(apps, schema_editor):
    """The fold of every mark already registered, 5,000 at a time (one UPDATE each)."""
    from carres.sound import fold_key

    RegisteredMark = apps.get_model("ip_filings", "RegisteredMark")
    table = RegisteredMark._meta.db_table
    last = 0
    while True:
        batch = list(
            RegisteredMark.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "mark_text")[:5000]
        )
        if not batch:
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS m SET fold = f.fold "  # noqa: S608  # nosec B608  # table name only
                "FROM unnest(%s::bigint[], %s::text[]) AS f(id, fold) WHERE m.id = f.id",
                [[pk for pk, _text in batch], [fold_key(text)[:500] for _pk, text in batch]],
            )
        last = batch[-1][0]


def clean_up_after_backfill(apps, schema_editor):
    """Every row was rewritten: merge the GIN indexes' pending lists now (a search would
    read them row by row until autovacuum does: the class-less word door took a second
    on 300,000 marks) and refresh the planner's statistics."""
    table = apps.get_model("ip_filings", "RegisteredMark")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid::regclass) FROM pg_index AS i "
            "JOIN pg_class AS c ON c.oid = i.indexrelid JOIN pg_am AS a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND i.indrelid = %s::regclass",
            [table],
        )
        cursor.execute(f"ANALYZE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("ip_filings", "0016_genericword_normalized_verbose_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="registeredmark",
            name="fold",
            field=models.CharField(
                default="", editable=False, max_length=500, verbose_name="graphie repliée"
            ),
        ),
        migrations.RunPython(compute_folds, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="registeredmark",
            index=models.Index(fields=["fold"], name="mark_fold"),
        ),
        migrations.RunPython(clean_up_after_backfill, migrations.RunPython.noop, elidable=True),
    ]
