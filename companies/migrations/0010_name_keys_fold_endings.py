"""The name keys of the register, reservations and pending dossiers computed again:
normalize_name now folds plural and feminine endings (carres.endings), so that
"Atlas Digitale" meets "Atlas Digital" through the normalized_name index."""

from django.db import migrations

BATCH = 5_000


def refold(apps, schema_editor):
    from companies.names import distinctive_name, normalize_name, phonetic_key

    RegisteredCompany = apps.get_model("companies", "RegisteredCompany")
    rows = RegisteredCompany.objects.only(
        "pk", "name", "normalized_name", "distinctive_name", "phonetic_key"
    ).order_by("pk")
    changed = []
    for company in rows.iterator(chunk_size=BATCH):
        keys = (
            normalize_name(company.name),
            distinctive_name(company.name),
            phonetic_key(company.name),
        )
        if keys != (company.normalized_name, company.distinctive_name, company.phonetic_key):
            company.normalized_name, company.distinctive_name, company.phonetic_key = keys
            changed.append(company)
        if len(changed) >= BATCH:
            RegisteredCompany.objects.bulk_update(
                changed, ["normalized_name", "distinctive_name", "phonetic_key"]
            )
            changed = []
    RegisteredCompany.objects.bulk_update(
        changed, ["normalized_name", "distinctive_name", "phonetic_key"]
    )

    CompanyDossier = apps.get_model("companies", "CompanyDossier")
    for dossier in CompanyDossier.objects.only("pk", "name_1", "name_2", "name_3", "name_keys"):
        names = [n.strip() for n in (dossier.name_1, dossier.name_2, dossier.name_3) if n.strip()]
        keys = [normalize_name(n) for n in names]
        if keys != dossier.name_keys:
            CompanyDossier.objects.filter(pk=dossier.pk).update(name_keys=keys)

    # One active reservation per key: two held names that now fold together keep their
    # old keys (they were both granted; the examiner sees them on the register anyway).
    NameReservation = apps.get_model("companies", "NameReservation")
    active = NameReservation.objects.filter(released_at__isnull=True)
    taken = set(active.values_list("normalized_name", flat=True))
    for reservation in NameReservation.objects.only("pk", "name", "normalized_name", "released_at"):
        key = normalize_name(reservation.name)
        if key == reservation.normalized_name:
            continue
        if reservation.released_at is None:
            if key in taken:
                continue
            taken.add(key)
        NameReservation.objects.filter(pk=reservation.pk).update(normalized_name=key)


class Migration(migrations.Migration):
    dependencies = [("companies", "0009_merge_0007_first_submitted_at_0008_verbose_names")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
