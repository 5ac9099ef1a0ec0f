"""Logo file names stored before uploads' names were cleaned: drop the bidi and other
invisible control characters from them too (carres.uploads.display_file_name)."""

from django.db import migrations

BATCH = 1000


def clean_logo_names(apps, schema_editor):
    from carres.uploads import display_file_name

    TrademarkFiling = apps.get_model("ip_filings", "TrademarkFiling")
    changed = []
    for filing in (
        TrademarkFiling.objects.exclude(logo_name="")
        .only("pk", "logo_name")
        .iterator(chunk_size=BATCH)
    ):
        cleaned = display_file_name(filing.logo_name)
        if cleaned != filing.logo_name:
            filing.logo_name = cleaned
            changed.append(filing)
    TrademarkFiling.objects.bulk_update(changed, ["logo_name"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("ip_filings", "0006_drop_vocabulary_pattern_index"),
    ]

    operations = [
        migrations.RunPython(clean_logo_names, migrations.RunPython.noop, elidable=True),
    ]
