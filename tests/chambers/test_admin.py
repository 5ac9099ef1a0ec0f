import datetime

import pytest
from django.utils import timezone

from chambers import services
from chambers.enums import Outcome, RequestStatus
from chambers.models import Advisor
from tests.factories import chambers as f

LIST_URL = "/fr/admin/chambers/supportrequest/"


def change_url(request):
    return f"{LIST_URL}{request.pk}/change/"


def act_url(request, action):
    return f"{LIST_URL}{request.pk}/act/{action}/"


def future(days=2):
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_admin_queue_shows_own_chamber_only(client, entrepreneur, advisor):
    mine = f.make_request(entrepreneur, region_code="09")
    f.make_request(entrepreneur, region_code="06")
    client.force_login(advisor)
    response = client.get(LIST_URL)
    assert [r.pk for r in response.context["cl"].result_list] == [mine.pk]


def test_admin_other_chamber_advisor_gets_404(client, support_request, other_advisor):
    client.force_login(other_advisor)
    assert client.get(change_url(support_request)).status_code == 404
    assert client.post(act_url(support_request, "take")).status_code == 404
    assert (
        client.post(act_url(support_request, "close"), {"close-outcome": "resolved"}).status_code
        == 404
    )
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.NEW


def test_admin_advisor_does_not_see_colleague_assigned_request(
    client, support_request, advisor, colleague
):
    services.take_request(support_request, actor=colleague)
    client.force_login(advisor)
    assert client.get(change_url(support_request)).status_code == 404
    assert list(client.get(LIST_URL).context["cl"].result_list) == []


def test_admin_manager_sees_whole_chamber_queue(client, support_request, colleague, manager):
    services.take_request(support_request, actor=colleague)
    client.force_login(manager)
    assert client.get(change_url(support_request)).status_code == 200
    assert [r.pk for r in client.get(LIST_URL).context["cl"].result_list] == [support_request.pk]


def test_admin_entrepreneur_has_no_access(client, support_request, entrepreneur):
    client.force_login(entrepreneur)
    response = client.get(change_url(support_request))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_advisor_takes_proposes_and_closes(client, support_request, advisor):
    client.force_login(advisor)
    assert client.post(act_url(support_request, "take")).status_code == 302
    response = client.post(
        act_url(support_request, "appointment"),
        {"appointment-starts_at": future(), "appointment-place": "CCIS Agadir"},
    )
    assert response.status_code == 302
    client.post(act_url(support_request, "note"), {"note-body": "Dossier à suivre."})
    response = client.post(
        act_url(support_request, "close"), {"close-outcome": "resolved", "close-comment": "Bravo"}
    )
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert (support_request.status, support_request.outcome) == ("closed", "resolved")
    assert support_request.appointments.get().place == "CCIS Agadir"
    assert list(support_request.notes.values_list("body", flat=True)) == ["Dossier à suivre."]


def test_admin_appointment_in_past_shows_error(client, support_request, advisor):
    services.take_request(support_request, actor=advisor)
    client.force_login(advisor)
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        act_url(support_request, "appointment"),
        {"appointment-starts_at": past, "appointment-place": "Agadir"},
    )
    assert response.status_code == 200
    assert response.context["action_forms"]["appointment"].errors == {
        "starts_at": ["Le rendez-vous doit être dans le futur."]
    }
    assert "Agadir" in response.content.decode()
    assert support_request.appointments.count() == 0


def test_admin_manager_reassigns(client, support_request, advisor, colleague, manager):
    services.take_request(support_request, actor=advisor)
    client.force_login(manager)
    response = client.post(act_url(support_request, "assign"), {"assign-assignee": colleague.pk})
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.assignee == colleague


def test_admin_plain_advisor_cannot_reassign(client, support_request, advisor, colleague):
    services.take_request(support_request, actor=advisor)
    client.force_login(advisor)
    response = client.post(act_url(support_request, "assign"), {"assign-assignee": colleague.pk})
    assert response.status_code == 200
    support_request.refresh_from_db()
    assert support_request.assignee == advisor


def test_admin_overdue_flag_in_queue(client, support_request, advisor):
    support_request.first_answer_due = timezone.localdate() - datetime.timedelta(days=1)
    support_request.save(update_fields=["first_answer_due"])
    client.force_login(advisor)
    response = client.get(LIST_URL, {"overdue": "yes"})
    assert [r.pk for r in response.context["cl"].result_list] == [support_request.pk]
    assert 'alt="True"' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_queue_query_count(
    client, entrepreneur, advisor, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        f.make_request(entrepreneur)
    client.force_login(advisor)
    client.get(LIST_URL)
    with django_assert_max_num_queries(14) as captured:
        client.get(LIST_URL)
    baseline = len(captured.captured_queries)
    f.make_request(entrepreneur)
    with django_assert_max_num_queries(baseline):
        client.get(LIST_URL)


def test_admin_manager_manages_own_chamber_advisors_only(client, manager, advisor, other_advisor):
    client.force_login(manager)
    response = client.get("/fr/admin/chambers/advisor/")
    assert sorted(a.user.email for a in response.context["cl"].result_list) == [
        "manager@ccis-souss.ma",
        "youssef@ccis-souss.ma",
    ]
    other = Advisor.objects.get(user=other_advisor)
    assert client.get(f"/fr/admin/chambers/advisor/{other.pk}/change/").status_code == 404


def test_admin_plain_advisor_cannot_manage_advisors(client, advisor):
    client.force_login(advisor)
    assert client.get("/fr/admin/chambers/advisor/").status_code == 403


def test_admin_chamber_list_shows_rating_average(client, support_request, advisor, entrepreneur):
    services.take_request(support_request, actor=advisor)
    services.close_request(support_request, actor=advisor, outcome=Outcome.RESOLVED)
    services.rate_request(support_request, actor=entrepreneur, rating=4)
    client.force_login(advisor)
    response = client.get("/fr/admin/chambers/chamber/")
    [chamber] = response.context["cl"].result_list
    assert (chamber.slug, chamber.rating_average, chamber.rating_count) == (
        "ccis-souss-massa",
        4.0,
        1,
    )
    assert "4.0 / 5" in response.content.decode()


def test_admin_manager_adds_advisor_to_own_chamber(client, manager, other_advisor, make_user):
    from accounts.enums import Role

    newcomer = make_user("leila@ccis-souss.ma", role=Role.ADVISOR)
    client.force_login(manager)
    form = client.get("/fr/admin/chambers/advisor/add/").context["adminform"].form
    assert list(form.fields["user"].queryset.values_list("email", flat=True)) == [
        "leila@ccis-souss.ma",
        "manager@ccis-souss.ma",
    ]
    response = client.post(
        "/fr/admin/chambers/advisor/add/", {"user": newcomer.pk, "is_active": "on"}
    )
    assert response.status_code == 302
    assert Advisor.objects.get(user=newcomer).chamber.slug == "ccis-souss-massa"


def test_admin_advisor_has_no_access_to_reference_data(client, advisor):
    client.force_login(advisor)
    assert client.get("/fr/admin/chambers/routingrule/").status_code == 403
    assert client.get("/fr/admin/chambers/region/").status_code == 403


def test_admin_queue_search_by_text(client, entrepreneur, advisor):
    request = f.make_request(entrepreneur, message="Protéger le logo de mon argan.")
    client.force_login(advisor)
    response = client.get(LIST_URL, {"q": "argan"})
    assert [r.pk for r in response.context["cl"].result_list] == [request.pk]


def _rated(support_request, advisor, entrepreneur, rating, comment=""):
    services.take_request(support_request, actor=advisor)
    services.close_request(support_request, actor=advisor, outcome=Outcome.RESOLVED)
    services.rate_request(support_request, actor=entrepreneur, rating=rating, comment=comment)


def test_admin_request_list_and_page_show_rating_and_comment(
    client, support_request, advisor, entrepreneur
):
    _rated(support_request, advisor, entrepreneur, 2, "Réponse tardive mais utile.")
    client.force_login(advisor)
    listing = client.get(LIST_URL).content.decode()
    assert "★★☆☆☆ 2/5" in listing and "Réponse tardive mais utile." in listing
    page = client.get(change_url(support_request)).content.decode()
    assert "Avis de l'entrepreneur" in page and "★★☆☆☆ 2/5" in page
    assert "Réponse tardive mais utile." in page
    # Filterable: the low ratings, and the requests not rated.
    assert [r.pk for r in client.get(LIST_URL, {"rating": "low"}).context["cl"].result_list] == [
        support_request.pk
    ]
    assert list(client.get(LIST_URL, {"rating": "none"}).context["cl"].result_list) == []
    assert list(client.get(LIST_URL, {"rating": "5"}).context["cl"].result_list) == []


def test_admin_advisor_list_averages_each_advisors_ratings(
    client, entrepreneur, advisor, colleague, manager
):
    for person, rating in [(advisor, 5), (advisor, 3), (colleague, 2)]:
        _rated(f.make_request(entrepreneur, region_code="09"), person, entrepreneur, rating)
    client.force_login(manager)
    response = client.get("/fr/admin/chambers/advisor/")
    rows = {
        a.user_id: (a.rating_average, a.rating_count) for a in response.context["cl"].result_list
    }
    assert rows[advisor.pk] == (4.0, 2)
    assert rows[colleague.pk] == (2.0, 1)
    assert rows[manager.pk] == (None, 0)
    assert "4.0 / 5" in response.content.decode()


def test_admin_other_chamber_sees_no_rating(
    client, support_request, advisor, entrepreneur, other_advisor
):
    _rated(support_request, advisor, entrepreneur, 1, "Commentaire privé Wombat")
    client.force_login(other_advisor)
    assert "Wombat" not in client.get(LIST_URL).content.decode()
    assert client.get(change_url(support_request)).status_code == 404
