"""The right of access (law 09-08, article 7): everything the portal holds about a user.

`collect_personal_data(user)` asks every app's personal-data provider (carres.personal_data)
for its sections; each reads only rows that belong to `user` (their account, their
dossiers, their messages, sign-ups, requests and files) and returns plain JSON values,
labelled in the user's language. `render_export_pdf` lays the same data out as a PDF
through the shared WeasyPrint machinery (carres.pdf), each app drawing its own section.
"""

from django.conf import settings
from django.utils import timezone, translation

from carres.models import dossier_models
from carres.pdf import render_pdf
from carres.personal_data import Export, export_sections, when


def collect_personal_data(user, *, language=None):
    """Everything about `user`, as JSON-ready values labelled in `language` (default: theirs)."""
    language = language or user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        export = Export(user=user)
        for model in dossier_models():
            export.dossiers.extend(model.objects.filter(owner=user).order_by("created_at", "pk"))
        data = {
            "generated_at": when(timezone.now()),
            "language": language,
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
        }
        for section in export_sections():
            data[section.key] = section.collect(user, export)
        return data


def render_export_pdf(user):
    """The same data as a PDF, in the user's language (right-to-left in Arabic)."""
    data = collect_personal_data(user)
    templates = [section.template for section in export_sections() if section.template]
    return render_pdf(
        "accounts/pdf/export.html",
        {"data": data, "user": user, "section_templates": templates},
        language=data["language"],
    )
