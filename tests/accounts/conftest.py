"""People with data everywhere: the privacy features are tested against an owner and an
outsider who both have dossiers, files, messages, sign-ups and support requests."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.files import pdf_bytes, release_quarantined

PDF = pdf_bytes()  # a real PDF: uploads are opened whole before they are stored


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a folder of this test's own."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": "/media/"},
        },
    }
    return root


@dataclass
class Footprint:
    user: object
    draft: object
    filed: object
    identity: object  # the CIN copy of the draft's checklist
    upload: object  # a file attached to the draft
    registration: object
    support_request: object


def leave_footprint(user, examiner, label):
    """A draft with an ID copy and a file, a filed dossier with messages both ways, a
    training sign-up and a support request; every text carries `label`."""
    from carres.enums import DossierAction
    from carres.services import attach_file, post_message
    from carres.workflow import transition
    from companies.services import attach_checklist_document
    from tests.factories.chambers import make_request
    from tests.factories.companies import make_company_dossier
    from tests.factories.trainings import make_registration, make_session, make_training

    draft = make_company_dossier(user, name_1=f"Draft {label}", name_2=f"Draft {label} 2")
    requirement = draft.legal_form.required_documents.get(code="id")
    associate = draft.associates.first()
    identity = attach_checklist_document(
        draft,
        actor=user,
        requirement=requirement,
        associate=associate,
        upload=SimpleUploadedFile(f"cin-{label}.pdf", PDF),
    ).attachment
    upload = attach_file(draft, actor=user, upload=SimpleUploadedFile(f"plan-{label}.pdf", PDF))

    filed = make_company_dossier(user, name_1=f"Filed {label}", name_2=f"Filed {label} 2")
    transition(filed, DossierAction.SUBMIT, actor=user)
    transition(filed, DossierAction.TAKE, actor=examiner)
    filed.refresh_from_db()
    post_message(filed, actor=examiner, body=f"Question for {label}")
    post_message(filed, actor=user, body=f"Answer from {label}")

    session = make_session(make_training(title_fr=f"Training {label}"))
    registration = make_registration(session, user)
    support_request = make_request(user, message=f"Help me {label}")
    release_quarantined()  # as the worker would: only checked files can be downloaded
    identity.refresh_from_db()
    upload.refresh_from_db()
    return Footprint(user, draft, filed, identity, upload, registration, support_request)


@pytest.fixture
def footprint(media, entrepreneur, examiner):
    return leave_footprint(entrepreneur, examiner, "Salma")


@pytest.fixture
def outsider_footprint(media, outsider, examiner):
    return leave_footprint(outsider, examiner, "Omar")


def close_download(response):
    """Read and close a FileResponse without the request_finished signal, which would
    close the test's database connection (the test client disconnects it the same way)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    body = b"".join(response.streaming_content)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return body
