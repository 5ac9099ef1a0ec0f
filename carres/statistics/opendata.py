"""The open-data files: CSV and JSON per data set and year, described by a Frictionless Data
Package (`datapackage.json`, Table Schema for each resource).

Stable addresses, outside the language prefix: /open-data/datapackage.json,
/open-data/<data set>.csv (every month), /open-data/<data set>/<year>.csv (and .json).
Column names, region codes (ISO 3166-2: MA, MA-01..MA-12) and key values are machine codes,
never translated. A count from 1 to 4 is published as "<5" in CSV and null in JSON (listed
in the row's "suppressed"); a larger count masked so that a "<5" cannot be deduced from the
country's total is left empty (null, also listed in "suppressed"); a mean, a median or a
share is left empty (null) when it is over fewer than 5 cases or computed from a count that
is not published (its schema description says so).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from carres.statistics.registry import NATIONAL, datasets, regions
from carres.statistics.selectors import SUPPRESSED, published_rows

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
MISSING_VALUES = ["", SUPPRESSED]


def column_names(dataset):
    return ["period", "region", *dataset.keys, *(f.name for f in dataset.values)]


def file_rows(dataset, year="", *, for_json=False):
    """The rows of a file, suppression applied: [{column: value}]."""
    since, until = (f"{year}-01", f"{year}-12") if year else ("", "")
    found = []
    for row in published_rows(dataset, since=since, until=until):
        line = {"period": row.period, "region": row.region, **row.keys}
        suppressed = []
        for f in dataset.values:
            cell = row.cells[f.name]
            if cell.suppressed:
                suppressed.append(f.name)
                line[f.name] = None if for_json else SUPPRESSED
            elif cell.masked:  # secondary suppression: empty, listed with the others
                suppressed.append(f.name)
                line[f.name] = None if for_json else ""
            else:
                line[f.name] = cell.value
        if for_json and suppressed:
            line["suppressed"] = suppressed
        found.append(line)
    return found


def file_urls(dataset, years):
    files = [
        {
            "period": "",
            "csv": reverse("open_data_csv", args=[dataset.code]),
            "json": reverse("open_data_json", args=[dataset.code]),
        }
    ]
    for year in years:
        files.append(
            {
                "period": year,
                "csv": reverse("open_data_csv_year", args=[dataset.code, year]),
                "json": reverse("open_data_json_year", args=[dataset.code, year]),
            }
        )
    return files


def region_codes():
    return [NATIONAL, *(code for code, _name in regions())]


def table_schema(dataset):
    fields = [
        {
            "name": "period",
            "type": "yearmonth",
            "title": str(_("Mois")),
            "description": str(_("Mois civil, heure du Maroc (AAAA-MM).")),
            "constraints": {"required": True},
        },
        {
            "name": "region",
            "type": "string",
            "title": str(_("Région")),
            "description": str(
                _("Code ISO 3166-2 : MA pour tout le Maroc, MA-01 à MA-12 pour les régions.")
            ),
            "constraints": {"required": True, "enum": region_codes()},
        },
    ]
    for f in dataset.fields:
        entry = {"name": f.name, "type": f.type, "title": str(f.title)}
        if f.description:
            entry["description"] = str(f.description)
        if f.suppress:
            entry["description"] = (
                entry.get("description", "") + " " + str(_("De 1 à 4 : publié « <5 ».")).strip()
            ).strip()
        if f.needs or f.counts:
            entry["description"] = (
                entry.get("description", "")
                + " "
                + str(
                    _(
                        "Vide quand il est calculé sur moins de 5 cas ou à partir d'un "
                        "effectif non publié (« <5 » ou masqué)."
                    )
                )
            ).strip()
        if f.unit:
            entry["unit"] = f.unit
        constraints = {}
        if f.key:
            constraints["required"] = True
        if f.enum:
            constraints["enum"] = list(f.enum)
        if f.type in ("integer", "number") and not f.key:
            constraints["minimum"] = 0
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {
        "fields": fields,
        "primaryKey": ["period", "region", *dataset.keys],
        "missingValues": MISSING_VALUES,
    }


def datapackage(*, base):
    """The Data Package describing every data set, in the site's default language."""
    with override(settings.LANGUAGE_CODE):
        resources = []
        for dataset in datasets():
            resources.append(
                {
                    "name": dataset.code,
                    "path": base + reverse("open_data_csv", args=[dataset.code]),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "version": dataset.version,
                    "schema": table_schema(dataset),
                    "changes": [
                        {"version": c.version, "date": c.day.isoformat(), "text": str(c.text)}
                        for c in dataset.changes
                    ],
                }
            )
        return {
            "profile": "tabular-data-package",
            "name": "carres-des-innovateurs",
            "title": str(_("Carrés des innovateurs : statistiques publiques")),
            "description": str(
                _(
                    "Chiffres mensuels par région du portail : entreprises créées, pré-dépôts "
                    "de marques et de brevets, délais de décision, formations, demandes "
                    "d'accompagnement. Recalculés chaque nuit ; les effectifs de 1 à 4 sont "
                    "publiés « <5 »."
                )
            ),
            "licenses": [LICENCE],
            "resources": resources,
        }
