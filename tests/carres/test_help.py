"""The help section and the contact page: public, in three languages, every entry translated."""

from html import unescape

import pytest
from django.utils import translation

from carres import help as help_content

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_help_page_lists_every_question_and_term(client, language):
    response = client.get(f"/{language}/help/")
    body = unescape(response.content.decode())
    assert response.status_code == 200
    with translation.override(language):
        for term, definition in help_content.GLOSSARY:
            assert str(term) in body and str(definition) in body
        for anchor, _title, questions in help_content.QUESTIONS:
            assert f'id="{anchor}"' in body
            assert len(questions) >= 1


def help_texts():
    texts = [text for pair in help_content.GLOSSARY for text in pair]
    for _anchor, title, questions in help_content.QUESTIONS:
        texts.append(title)
        texts.extend(text for pair in questions for text in pair)
    return texts


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_help_text_is_translated(language):
    with translation.override("fr"):
        french = [str(text) for text in help_texts()]
    with translation.override(language):
        translated = [str(text) for text in help_texts()]
    same_in_english = {"Opposition"}
    untranslated = [
        fr
        for fr, other in zip(french, translated, strict=True)
        if fr == other and fr not in same_in_english
    ]
    assert untranslated == []


def test_each_dossier_kind_has_its_help_section():
    anchors = {anchor for anchor, _title, _questions in help_content.QUESTIONS}
    assert set(help_content.ANCHOR_FOR_PREFIX.values()) <= anchors


def test_contact_page_names_who_answers_each_question(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "donnees@ompic.example.ma"
    body = client.get("/ar/contact/").content.decode()
    assert "اتصل بنا" in body
    assert "donnees@ompic.example.ma" in body
    assert "www.ompic.ma" in body and "www.inpi.fr" in body


def test_footer_links_to_help_contact_and_verification(client):
    body = client.get("/en/").content.decode()
    for path in ("/en/help/", "/en/contact/", "/en/verify/"):
        assert f'href="{path}"' in body
