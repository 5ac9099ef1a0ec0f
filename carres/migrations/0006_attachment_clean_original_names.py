"""Names stored before uploads' names were cleaned: drop the bidi and other invisible
control characters from them too (carres.uploads.display_file_name), so that no page,
PDF or download shows "facture\u202efdp.exe" as "factureexe.pdf"."""

from django.db import migrations

BATCH = 1000


def clean_original_names(apps, schema_editor):
    from carres.uploads import display_file_name

    Attachment = apps.get_model("carres", "Attachment")
    changed = []
    for attachment in Attachment.objects.only("pk", "original_name").iterator(chunk_size=BATCH):
        cleaned = display_file_name(attachment.original_name)
        if cleaned != attachment.original_name:
            attachment.original_name = cleaned
            changed.append(attachment)
    Attachment.objects.bulk_update(changed, ["original_name"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("carres", "0005_attachment_quarantine"),
    ]

    operations = [
        migrations.RunPython(clean_original_names, migrations.RunPython.noop, elidable=True),
    ]
