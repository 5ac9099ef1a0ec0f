import pytest
from django.contrib import admin

from accounts.enums import Office, Role
from ip_filings.models import NiceClass, NiceTerm, RegisteredMark, Tariff

pytestmark = pytest.mark.django_db

MODELS = [NiceClass, NiceTerm, RegisteredMark, Tariff]


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
