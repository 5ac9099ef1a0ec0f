"""One current file per required document (issue 20, item 4): each upload answers a named
requirement of its kind, a new one replaces the old (kept in the timeline only), a draft's
file can be deleted by its owner, and a refused message keeps its text."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile

from carres.enums import DossierAction
from carres.models import Attachment, DossierEvent, DossierMessage
from carres.pdf import render_dossier_html
from carres.selectors import dossier_documents
from carres.services import attach_file, delete_attachment
from carres.workflow import TransitionError, transition
from companies.models import DossierDocument
from companies.selectors import checklist_key
from companies.services import attach_checklist_document
from tests.factories.files import EXE, pdf_bytes, release_quarantined
from tests.factories.ip_filings import make_filing

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def upload(name="statuts.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def statuts(dossier):
    return dossier.legal_form.required_documents.get(code="statutes")


def current_names(dossier):
    return [a.original_name for a in dossier.attachments.current().order_by("id")]


# --- replacing -----------------------------------------------------------------------------


def test_uploading_again_for_a_requirement_replaces_the_current_file(dossier, entrepreneur):
    requirement = statuts(dossier)
    for name in ("statuts.pdf", "statuts-v2.pdf"):
        attach_checklist_document(
            dossier,
            actor=entrepreneur,
            requirement=requirement,
            associate=None,
            upload=upload(name),
        )
    files = list(dossier.attachments.filter(requirement="statutes").order_by("id"))
    assert [(a.original_name, a.replaced_at is None) for a in files] == [
        ("statutes.pdf", False),  # the factory's
        ("statuts.pdf", False),
        ("statuts-v2.pdf", True),
    ]
    line = DossierDocument.objects.get(dossier=dossier, requirement=requirement)
    assert line.attachment == files[-1]
    names = current_names(dossier)
    assert names.count("statuts-v2.pdf") == 1
    assert "statuts.pdf" not in names and "statutes.pdf" not in names


def test_replacing_writes_a_timeline_event_that_keeps_the_old_file(dossier, entrepreneur):
    old = Attachment.objects.get(object_id=dossier.pk, requirement="statutes")
    attach_file(dossier, actor=entrepreneur, upload=upload("nouveaux.pdf"), requirement="statutes")
    event = DossierEvent.objects.get(action=DossierAction.FILE_REPLACED)
    assert (event.attachment, event.actor, event.comment) == (
        old,
        entrepreneur,
        "Projet de statuts signé : « statutes.pdf » remplacé par « nouveaux.pdf »",
    )


def test_seven_uploads_leave_one_current_file(dossier, entrepreneur):
    for _ in range(7):
        attach_file(dossier, actor=entrepreneur, upload=upload(), requirement="statutes")
    names = current_names(dossier)
    assert names.count("statuts.pdf") == 1
    assert DossierEvent.objects.filter(action=DossierAction.FILE_REPLACED).count() == 7
    assert DossierDocument.objects.get(requirement=statuts(dossier)).attachment.original_name == (
        "statuts.pdf"
    )


def test_a_requirement_the_dossier_does_not_ask_for_is_refused(dossier, entrepreneur):
    before = Attachment.objects.count()
    with pytest.raises(Exception, match="n'est pas demandée"):
        attach_file(dossier, actor=entrepreneur, upload=upload(), requirement="brevet")
    assert Attachment.objects.count() == before


def test_a_refused_file_leaves_the_current_one_in_place(dossier, entrepreneur):
    current = Attachment.objects.get(object_id=dossier.pk, requirement="statutes")
    with pytest.raises(Exception, match="ni un PDF"):
        attach_file(
            dossier, actor=entrepreneur, upload=upload("x.pdf", EXE), requirement="statutes"
        )
    current.refresh_from_db()
    assert current.replaced_at is None
    assert not DossierEvent.objects.filter(action=DossierAction.FILE_REPLACED).exists()


def test_drawings_are_many_and_never_replace_each_other(entrepreneur):
    from tests.factories.patents import make_patent_filing

    filing = make_patent_filing(entrepreneur)
    for name in ("fig1.pdf", "fig2.pdf"):
        attach_file(filing, actor=entrepreneur, upload=upload(name), requirement="dessins")
    assert current_names(filing) == ["fig1.pdf", "fig2.pdf"]


# --- what the pages and the PDF show --------------------------------------------------------


def test_dossier_documents_say_which_requirement_each_file_answers_and_what_is_missing(
    entrepreneur,
):
    filing = make_filing(entrepreneur, representative_name="Cabinet Alami")
    attach_file(filing, actor=entrepreneur, upload=upload("libre.pdf"))
    documents = dossier_documents(filing)
    assert [(line["requirement"].key, line["files"]) for line in documents["lines"]] == [
        ("pouvoir", []),
        ("priorite", []),
    ]
    assert [requirement.key for requirement in documents["missing"]] == ["pouvoir"]
    assert [a.original_name for a in documents["others"]] == ["libre.pdf"]
    attach_file(filing, actor=entrepreneur, upload=upload("pouvoir.pdf"), requirement="pouvoir")
    documents = dossier_documents(filing)
    assert documents["missing"] == []
    assert documents["lines"][0]["files"][0].requirement_label == "Pouvoir du mandataire"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_owner_page_lists_each_requirement_once_with_its_current_file(
    client, dossier, entrepreneur, language
):
    for name in ("statuts.pdf", "statuts.pdf", "statuts-final.pdf"):
        attach_file(dossier, actor=entrepreneur, upload=upload(name), requirement="statutes")
    release_quarantined()
    client.force_login(entrepreneur)
    page = client.get(f"/{language}/companies/{dossier.pk}/").content.decode()
    documents = page.split('class="document-lines"')[1].split("</ul>")[0]
    assert documents.count(">statuts-final.pdf</a>") == 1
    assert "statuts.pdf" not in documents
    assert 'data-requirement="statutes"' in documents
    timeline = page.split('class="timeline"')[1]
    assert timeline.count("statuts.pdf") >= 3  # the replaced files stay reachable there
    label = {"fr": "Document remplacé", "ar": "تم استبدال الوثيقة"}[language]
    assert label in timeline


def test_owner_page_says_which_documents_are_still_missing(client, entrepreneur):
    filing = make_filing(entrepreneur, representative_name="Cabinet Alami")
    client.force_login(entrepreneur)
    page = client.get(f"/fr/trademarks/dossiers/{filing.pk}/").content.decode()
    assert "Pièces encore manquantes : Pouvoir du mandataire" in page
    assert 'data-requirement="priorite"' in page


def test_pdf_lists_only_current_files_with_their_requirement(dossier, entrepreneur):
    attach_file(dossier, actor=entrepreneur, upload=upload("v2.pdf"), requirement="statutes")
    release_quarantined()
    html, _language = render_dossier_html(dossier)
    assert '<strong>Projet de statuts signé</strong> : <span dir="auto">v2.pdf</span>' in html
    assert html.count('<span dir="auto">statutes.pdf</span>') == 0


# --- deleting a draft's file ----------------------------------------------------------------


def test_owner_deletes_a_file_of_a_draft(client, dossier, entrepreneur):
    current = Attachment.objects.get(object_id=dossier.pk, requirement="statutes")
    client.force_login(entrepreneur)
    response = client.post(f"/fr/dossiers/attachments/{current.pk}/delete/")
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=current.pk).exists()
    assert not DossierDocument.objects.filter(
        dossier=dossier, requirement=statuts(dossier)
    ).exists()
    event = DossierEvent.objects.get(action=DossierAction.FILE_DELETED)
    assert event.comment == "« statutes.pdf » supprimé"


def test_deleting_goes_back_to_the_page_it_was_asked_from_on_this_site_only(
    client, dossier, entrepreneur
):
    files = list(dossier.attachments.current()[:2])
    client.force_login(entrepreneur)
    back = f"/fr/companies/{dossier.pk}/step/documents/"
    response = client.post(f"/fr/dossiers/attachments/{files[0].pk}/delete/", {"next": back})
    assert response["Location"] == back
    response = client.post(
        f"/fr/dossiers/attachments/{files[1].pk}/delete/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/fr/companies/{dossier.pk}/"


def test_a_submitted_dossiers_file_cannot_be_deleted(client, dossier, entrepreneur):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    current = dossier.attachments.current().first()
    client.force_login(entrepreneur)
    assert client.post(f"/fr/dossiers/attachments/{current.pk}/delete/").status_code == 404
    with pytest.raises(TransitionError):
        delete_attachment(dossier, actor=entrepreneur, attachment_id=current.pk)
    assert Attachment.objects.filter(pk=current.pk).exists()


def test_a_replaced_file_cannot_be_deleted(client, dossier, entrepreneur):
    old = Attachment.objects.get(object_id=dossier.pk, requirement="statutes")
    attach_file(dossier, actor=entrepreneur, upload=upload("v2.pdf"), requirement="statutes")
    client.force_login(entrepreneur)
    assert client.post(f"/fr/dossiers/attachments/{old.pk}/delete/").status_code == 404
    assert Attachment.objects.filter(pk=old.pk).exists()


def test_someone_else_cannot_delete_a_drafts_file(client, dossier, outsider):
    current = dossier.attachments.current().first()
    client.force_login(outsider)
    assert client.post(f"/fr/dossiers/attachments/{current.pk}/delete/").status_code == 404
    assert Attachment.objects.filter(pk=current.pk).exists()


def test_delete_needs_a_post(client, dossier, entrepreneur):
    current = dossier.attachments.current().first()
    client.force_login(entrepreneur)
    assert client.get(f"/fr/dossiers/attachments/{current.pk}/delete/").status_code == 405


# --- the generic upload form names the requirement ------------------------------------------


def test_upload_form_on_the_dossier_page_answers_the_chosen_requirement(client, entrepreneur):
    filing = make_filing(entrepreneur, representative_name="Cabinet Alami")
    client.force_login(entrepreneur)
    for name in ("pouvoir.pdf", "pouvoir-signe.pdf"):
        client.post(
            f"/fr/trademarks/dossiers/{filing.pk}/attach/",
            {"requirement": "pouvoir", "file": upload(name)},
        )
    assert [
        (a.original_name, a.requirement, a.replaced_at is None)
        for a in filing.attachments.order_by("id")
    ] == [("pouvoir.pdf", "pouvoir", False), ("pouvoir-signe.pdf", "pouvoir", True)]


# --- a message whose file is refused ----------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_message_with_a_refused_file_keeps_its_text_and_shows_the_error_at_the_field(
    client, dossier, entrepreneur, examiner, language
):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    client.force_login(entrepreneur)
    response = client.post(
        f"/{language}/companies/{dossier.pk}/message/",
        {"body": "Voici la pièce demandée", "file": upload("x.pdf", EXE)},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert ">Voici la pièce demandée</textarea>" in page
    field = page.split('id="id_message_file"')[0].rsplit('<div class="field', 1)[1]
    assert 'field-error"' in field and 'id="id_message_file_error"' in field
    assert list(response.context["messages"]) == []  # at the field, not as a banner
    assert DossierMessage.objects.count() == 0


def test_message_with_an_empty_body_shows_the_error_at_the_body(
    client, dossier, entrepreneur, examiner
):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    client.force_login(entrepreneur)
    response = client.post(f"/fr/companies/{dossier.pk}/message/", {"body": "  "})
    assert response.status_code == 400
    assert (
        '<p class="error" id="id_body_error">Le message est vide.</p>' in response.content.decode()
    )


# --- the data migration -----------------------------------------------------------------------


def test_migration_keeps_the_newest_of_each_name_as_current(dossier, entrepreneur):
    line = DossierDocument.objects.get(dossier=dossier, requirement=statuts(dossier))
    duplicates = []
    for _ in range(6):  # the defect: older uploads left behind, nothing replaced
        duplicates.append(
            Attachment.objects.create(
                dossier=dossier,
                original_name="statutes.pdf",
                mime_type="application/pdf",
                size=10,
                uploaded_by=entrepreneur,
                file="attachments/old.pdf",
            )
        )
    Attachment.objects.filter(object_id=dossier.pk).update(requirement="")
    line.attachment = duplicates[-1]
    line.save()
    carres_migration = importlib.import_module(
        "carres.migrations.0012_keep_newest_file_per_requirement"
    )
    companies_migration = importlib.import_module(
        "companies.migrations.0010_checklist_files_requirements"
    )

    companies_migration.name_checklist_requirements(django_apps, None)
    carres_migration.keep_newest_per_requirement(django_apps, None)

    statuts_files = Attachment.objects.filter(object_id=dossier.pk, original_name="statutes.pdf")
    assert statuts_files.count() == 7
    assert list(statuts_files.current()) == [duplicates[-1]]
    assert set(statuts_files.values_list("requirement", flat=True)) == {"statutes"}
    assert DossierEvent.objects.filter(action=DossierAction.FILE_REPLACED).count() == 6
    # each associate's identity document, of one name, stays current: they answer two lines
    identity = Attachment.objects.filter(object_id=dossier.pk, requirement__startswith="id:")
    assert identity.current().count() == identity.count() == 2
    assert checklist_key(statuts(dossier)) == "statutes"


# --- the contract, for every kind -------------------------------------------------------------


@pytest.fixture
def one_of_each(entrepreneur, dossier):
    from tests.factories.patents import make_patent_filing

    filing = make_filing(entrepreneur, representative_name="Cabinet Alami")
    return {
        type(dossier): dossier,
        type(filing): filing,
        type(make_patent_filing(entrepreneur)): None,
    }


def test_every_kind_names_its_requirements_with_short_unique_keys(one_of_each):
    from carres.kinds import registered_kinds
    from ip_filings.models import PatentFiling

    one_of_each[PatentFiling] = PatentFiling.objects.get()
    for kind in registered_kinds():
        requirements = kind.document_requirements(one_of_each[kind.model])
        keys = [requirement.key for requirement in requirements]
        assert requirements, kind.model.__name__
        assert len(keys) == len(set(keys)), kind.model.__name__
        assert all(0 < len(key) <= 60 for key in keys), keys
