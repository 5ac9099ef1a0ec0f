import pytest
from django.contrib import admin

from accounts.enums import Office, Role
from ip_filings.models import GenericWord, NiceClass, NiceTerm, RegisteredMark, Tariff

pytestmark = pytest.mark.django_db

MODELS = [GenericWord, NiceClass, NiceTerm, RegisteredMark, Tariff]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_reference_data_for_administrators_only(model, make_user, rf):
    model_admin = admin.site._registry[model]
    administrator = make_user("admin@example.ma", role=Role.ADMINISTRATOR)
    examiner = make_user("exam@example.ma", role=Role.EXAMINER, office=Office.OMPIC)
    advisor = make_user("adv@example.ma", role=Role.ADVISOR)
    request = rf.get("/")
    allowed = []
    for user in (administrator, examiner, advisor):
        request.user = user
        allowed.append(
            (
                model_admin.has_module_permission(request),
                model_admin.has_view_permission(request),
                model_admin.has_change_permission(request),
            )
        )
    assert allowed == [(True, True, True), (False, False, False), (False, False, False)]


# --- patent dossiers in the back office ---------------------------------------------
def _submitted_patent(owner):
    from carres.enums import DossierAction
    from carres.workflow import transition
    from tests.factories.patents import make_patent_filing

    filing = make_patent_filing(owner)
    transition(filing, DossierAction.SUBMIT, actor=owner)
    return filing


PATENTS = "/fr/admin/ip_filings/patentfiling/"


@pytest.mark.django_db
def test_patent_changelist_only_own_office(staff_client, entrepreneur, make_user):
    from accounts.enums import Office, Role

    ompic = make_user("o@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    inpi = make_user("i@inpi.fr", role=Role.EXAMINER, office=Office.INPI)
    filing = _submitted_patent(entrepreneur)

    assert [d.pk for d in staff_client(ompic).get(PATENTS).context["cl"].result_list] == [filing.pk]
    assert list(staff_client(inpi).get(PATENTS).context["cl"].result_list) == []


@pytest.mark.django_db
def test_admin_reassign_action_moves_patent_with_reason(staff_client, entrepreneur, make_user):
    from accounts.enums import Role
    from carres.models import DossierEvent

    admin_user = make_user("admin@carres.ma", role=Role.ADMINISTRATOR)
    filing = _submitted_patent(entrepreneur)

    response = staff_client(admin_user).post(
        PATENTS,
        {
            "action": "reassign_to_other_office",
            "_selected_action": [filing.pk],
            "confirm": "1",
            "comment": "Coopération universitaire",
        },
    )

    filing.refresh_from_db()
    assert response.status_code == 302
    assert filing.office == "inpi"
    assert DossierEvent.objects.get(action="reassign").comment == (
        "OMPIC → INPI : Coopération universitaire"
    )


@pytest.mark.django_db
def test_examiner_has_no_reassign_action_nor_routing_rules(staff_client, make_user):
    from accounts.enums import Office, Role

    ompic = make_user("o@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    client = staff_client(ompic)

    choices = client.get(PATENTS).context["action_form"].fields["action"].choices
    assert "reassign_to_other_office" not in [name for name, _label in choices]
    assert client.get("/fr/admin/carres/routingrule/").status_code == 403


def test_register_entry_added_in_admin_alerts_watchers(
    staff_client, make_user, eager_celery, django_capture_on_commit_callbacks, mailoutbox
):
    from ip_filings.models import MarkWatch, WatchHit

    watcher = make_user("watcher@example.ma")
    MarkWatch.objects.create(user=watcher, text="Argana", classes=[3], threshold=0.7)
    client = staff_client(make_user("admin@example.ma", role=Role.ADMINISTRATOR))
    data = {
        "number": "MA-2026-1",
        "mark_text": "Argana",
        "classes": "3,5",
        "owner_name": "Argana SARL",
        "status": "registered",
        "filed_on": "2026-01-05",
        "registered_on": "",
        "expires_on": "",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/admin/ip_filings/registeredmark/add/", data)
    assert response.status_code == 302
    mark = RegisteredMark.objects.get(number="MA-2026-1")
    with django_capture_on_commit_callbacks(execute=True):  # an unrelated edit: no new alert
        client.post(
            f"/fr/admin/ip_filings/registeredmark/{mark.pk}/change/",
            data | {"owner_name": "Argana SA"},
        )

    assert [(h.object_id, h.kind) for h in WatchHit.objects.all()] == [(mark.pk, "identical")]
    assert [m.to for m in mailoutbox] == [["watcher@example.ma"]]
