"""Marks' personal data: the user's mark watches, the hits on a dossier, trademark logos
(carres.personal_data explains providers and places)."""

from carres.personal_data import ExportSection, PersonalDataProvider, Step, when
from ip_filings.models import MarkWatch, TrademarkFiling, WatchHit


def export_mark_watches(user, export):
    return [
        {
            "mark": watch.text,
            "classes": list(watch.classes),
            "threshold": watch.threshold,
            "created_at": when(watch.created_at),
        }
        for watch in user.mark_watches.all()
    ]


def erase_mark_watches(user):
    MarkWatch.objects.filter(user=user).delete()


def erase_watch_hits(dossier, generic):
    WatchHit.objects.filter(**generic).delete()


def stored_file_names():
    return set(TrademarkFiling.objects.exclude(logo="").values_list("logo", flat=True))


provider = PersonalDataProvider(
    export=[
        ExportSection("mark_watches", 90, export_mark_watches, "ip_filings/pdf/personal_data.html")
    ],
    erase_account=[Step(40, erase_mark_watches)],
    erase_dossier=erase_watch_hits,
    stored_file_folders=["trademark-logos"],
    stored_file_names=stored_file_names,
    hidden_fields=["filing", "logo"],  # the logo is exported among the files
)
