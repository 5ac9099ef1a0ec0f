import pytest

from carres.enums import DossierAction
from carres.workflow import transition

pytestmark = pytest.mark.django_db


def test_pghistory_records_every_change_with_acting_user(client, entrepreneur):
    from companies.models import CompanyDossier

    client.force_login(entrepreneur)
    client.post(
        "/fr/companies/new/",
        {"legal_form": "sarl", "name_1": "Atlas", "activity": "", "capital": "", "save": ""},
    )
    dossier = CompanyDossier.objects.get()
    transition(dossier, DossierAction.WITHDRAW, actor=entrepreneur)
    CompanyDossier.objects.filter(pk=dossier.pk).update(activity="bulk")  # bulk updates too

    history = list(
        dossier.history.order_by("pgh_id").values_list("pgh_label", "status", "activity")
    )
    assert history == [
        ("insert", "draft", ""),
        ("update", "withdrawn", ""),
        ("update", "withdrawn", "bulk"),
    ]
    first = dossier.history.order_by("pgh_id").first()
    assert first.pgh_context.metadata["user"] == entrepreneur.pk


def test_notification_list_has_no_n_plus_one(client, make_user, django_assert_num_queries):
    from tests.factories.companies import make_company_dossier

    owner = make_user("many@example.ma")
    counts = []
    for _ in range(2):
        dossier = make_company_dossier(owner)
        transition(dossier, DossierAction.SUBMIT, actor=owner)
        client.force_login(owner)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get("/fr/notifications/")
        counts.append(len(captured.captured_queries))
        assert response.status_code == 200
    assert counts[0] == counts[1]


def test_reading_a_page_sends_no_history_context_and_changing_one_does(client, entrepreneur):
    """GET pages change no tracked row: their queries go without pghistory's set_config
    prefix (a statement saved per query); a POST still carries who did it (test above)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.companies import make_company_dossier

    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    with CaptureQueriesContext(connection) as read:
        assert client.get(f"/fr/companies/{dossier.pk}/").status_code == 200
    assert read.captured_queries
    assert not [q for q in read.captured_queries if "pghistory.context" in q["sql"]]
    with CaptureQueriesContext(connection) as changed:
        client.post(f"/fr/companies/{dossier.pk}/transition/", {"action": "withdraw"})
    assert [q for q in changed.captured_queries if "pghistory.context" in q["sql"]]
