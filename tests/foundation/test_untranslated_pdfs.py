"""Nothing left untranslated in the PDFs an Arabic reader gets.

Every kind of PDF the portal draws — the three dossiers, the name certificate, the training
certificate, the sign-in sheet and the personal-data export — is rendered in Arabic on the
authorization matrix's small world, read back from the PDF itself (pypdf, as a reader's
screen reader or copy-paste would), and checked as the pages are (test_untranslated): no
Latin-script word outside the allow-list of proper nouns and codes, except what people typed
(the world's names and texts are in French on purpose, so that only the interface is judged).
"""

import re
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.foundation.test_untranslated import data_words, foreign_words
from tests.security.test_authorization_matrix import world  # noqa: F401 - a fixture

# The export's file fingerprints (SHA-256 in hexadecimal, wrapped over lines): codes.
HEXADECIMAL = re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{4,}\b")


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def arabic_pdfs(w):
    from accounts.export import render_export_pdf
    from carres.pdf import html_to_pdf, render_dossier_html, render_pdf
    from trainings.certificates import render_certificate
    from trainings.enums import SEAT_HOLDING

    owner = w.people["owner"]
    owner.preferred_language = "ar"
    owner.save(update_fields=["preferred_language"])
    pdfs = {}
    for name in ("company", "trademark", "patent"):
        dossier = getattr(w, name)
        dossier.owner.preferred_language = "ar"
        html, language = render_dossier_html(dossier)
        assert language == "ar"
        pdfs[f"{name} dossier"] = html_to_pdf(html)
    pdfs["training certificate"] = render_certificate(w.registration)
    session = w.session
    pdfs["sign-in sheet"] = render_pdf(
        "trainings/sign_in_sheet.html",
        {
            "session": session,
            "registrations": session.registrations.filter(status__in=SEAT_HOLDING),
            "printed_at": timezone.now(),
        },
        language="ar",
    )
    pdfs["personal-data export"] = render_export_pdf(owner)
    return pdfs


@pytest.mark.django_db
def test_arabic_pdfs_are_arabic(world):  # noqa: F811 - the matrix's fixture
    written = data_words()["ar"]
    problems = {}
    for name, data in arabic_pdfs(world).items():
        text = pdf_text(data)
        # An Arabic PDF whose text is mostly Arabic: the interface is there, not only data.
        arabic = sum("\u0600" <= c <= "\u06ff" for c in text)
        assert arabic > 100, (name, text[:300])
        found = [
            word
            for line in text.splitlines()
            for word in foreign_words(HEXADECIMAL.sub(" ", line), "ar")
            # a PDF wraps long typed texts over several lines: a word that people typed
            # somewhere is data (the pages' test asks for the whole text on the line)
            if not written.get(word)
        ]
        if found:
            problems[name] = sorted(set(found))
    assert problems == {}, repr(problems)
