from django.db import migrations


def name_checklist_requirements(apps, schema_editor):
    """Each checklist file answers its line's requirement (`code`, or `code:associate`). The
    files a line lost when it was answered again (left in the dossier, the defect) are named
    after it too when they bear the same name as its current file and no other line's file
    does; carres 0012 then keeps the newest of each requirement current."""
    Attachment = apps.get_model("carres", "Attachment")
    DossierDocument = apps.get_model("companies", "DossierDocument")
    DossierMessage = apps.get_model("carres", "DossierMessage")
    lines = list(DossierDocument.objects.select_related("requirement", "attachment"))
    linked = {line.attachment_id for line in lines}
    in_messages = set(
        DossierMessage.objects.exclude(attachment=None).values_list("attachment_id", flat=True)
    )
    names = {}
    for line in lines:
        current = line.attachment
        names.setdefault((line.dossier_id, current.original_name), []).append(line)
    for (_dossier, name), same_name in names.items():
        for line in same_name:
            code = line.requirement.code
            key = f"{code}:{line.associate_id}" if line.associate_id else code
            Attachment.objects.filter(pk=line.attachment_id).update(requirement=key)
            if len(same_name) > 1:
                continue  # which line an older file of that name answered is unknown
            current = line.attachment
            orphans = (
                Attachment.objects.filter(
                    content_type_id=current.content_type_id,
                    object_id=current.object_id,
                    original_name=name,
                    requirement="",
                    created_at__lte=current.created_at,
                )
                .exclude(pk__in=linked)
                .exclude(pk__in=in_messages)
            )
            orphans.update(requirement=key)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0009_merge_0007_first_submitted_at_0008_verbose_names"),
        ("carres", "0011_attachment_requirements"),
    ]
    # The lines' files named before carres keeps the newest of each requirement current.
    run_before = [("carres", "0012_keep_newest_file_per_requirement")]

    operations = [
        migrations.RunPython(name_checklist_requirements, migrations.RunPython.noop),
    ]
