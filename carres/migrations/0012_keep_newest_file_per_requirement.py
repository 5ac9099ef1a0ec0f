from django.db import migrations


def keep_newest_per_requirement(apps, schema_editor):
    """Files uploaded again for the same requirement of a dossier (one dossier listed
    "statuts.pdf" seven times): the newest stays current, the older ones are marked replaced
    by it, with a timeline event that keeps them reachable. Files that answer no named
    requirement (the apps name them before this runs: companies 0010) are grouped by their
    name. Messages' files are left alone."""
    Attachment = apps.get_model("carres", "Attachment")
    DossierEvent = apps.get_model("carres", "DossierEvent")
    DossierMessage = apps.get_model("carres", "DossierMessage")
    in_messages = set(
        DossierMessage.objects.exclude(attachment=None).values_list("attachment_id", flat=True)
    )
    groups = {}
    for attachment in Attachment.objects.filter(replaced_at=None).order_by("created_at", "id"):
        if attachment.pk in in_messages:
            continue
        key = (
            attachment.content_type_id,
            attachment.object_id,
            attachment.requirement or f"name:{attachment.original_name}",
        )
        groups.setdefault(key, []).append(attachment)
    for files in groups.values():
        newest = files[-1]
        for old in files[:-1]:
            old.replaced_at = newest.created_at
            old.save(update_fields=["replaced_at"])
            DossierEvent.objects.create(
                content_type_id=old.content_type_id,
                object_id=old.object_id,
                actor_id=old.uploaded_by_id,
                action="file_replaced",
                attachment=old,
                created_at=newest.created_at,
                comment=f"« {old.original_name} » remplacé par « {newest.original_name} »",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("carres", "0011_attachment_requirements"),
    ]

    operations = [
        migrations.RunPython(keep_newest_per_requirement, migrations.RunPython.noop),
    ]
