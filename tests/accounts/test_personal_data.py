"""Each app answers for its own personal data (carres.personal_data); the privacy machinery
in accounts asks them all, in one order whichever app brings a part."""

from carres.personal_data import erasure_steps, export_sections, providers, retention_rules


def test_every_app_registers_its_personal_data_provider():
    assert [label for label, _provider in providers.items()] == [
        "carres",
        "accounts",
        "companies",
        "ip_filings",
        "chambers",
        "trainings",
    ]


def test_export_sections_come_in_the_documents_order():
    assert [section.key for section in export_sections()] == [
        "account",
        "email_addresses",
        "consents",
        "dossiers",
        "companies",
        "files",
        "support_requests",
        "training_registrations",
        "mark_watches",
        "notifications",
        "identity_document_downloads",
    ]


def test_account_deletion_and_retention_steps_keep_their_order():
    assert [step.run.__name__ for step in erasure_steps()] == [
        "release_registrations_of_deleted_account",
        "anonymise_requests_of_deleted_account",
        "delete_pdf_export",
        "erase_mark_watches",
        "erase_notifications_and_unsent_mail",
        "erase_advisor_seat",
    ]
    assert [rule.key for rule in retention_rules()] == [
        "drafts",
        "support_requests",
        "training_registrations",
        "notifications",
        "identity_download_logs",
        "data_exports",
        "deleted_account_consents",
    ]


def test_the_export_leaves_out_every_apps_plumbing_fields():
    from carres.personal_data import hidden_fields

    assert hidden_fields() == {
        "owner",
        "dossier",
        "filing",
        "request",
        "verification_code",
        "lock_version",
        "name_keys",
        "normalized_name",
        "distinctive_name",
        "phonetic_key",
        "logo",
        "assigned_examiner",
        "certificate",
    }
