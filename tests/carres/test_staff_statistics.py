"""The staff statistics page: scoped to the reader, filterable, CSV in the reader's language,
queries constant as the data grows (issue 19, item 5)."""

import csv
import io
import re

import pytest
from django.utils import timezone

from accounts.enums import Office, Role
from carres.enums import DossierAction
from carres.workflow import transition
from chambers import services as chamber_services
from companies.models import CompanyDossier
from ip_filings.models import PatentFiling
from tests.factories import chambers as chamber_factories
from tests.factories.companies import make_company_dossier
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db
URL = "/{}/backoffice/statistics/"


@pytest.fixture
def ompic(make_user):
    return make_user("a@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


@pytest.fixture
def inpi(make_user):
    return make_user("c@inpi.fr", role=Role.EXAMINER, office=Office.INPI)


@pytest.fixture
def souss_advisor():
    return chamber_factories.make_advisor(
        "conseil@ccis-souss.ma", chamber_factories.chamber("ccis-souss-massa")
    )


def decided_company(owner, examiner, action=DossierAction.ACCEPT):
    dossier = make_company_dossier(owner)
    transition(dossier, DossierAction.SUBMIT, actor=owner)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    comment = "" if action == DossierAction.ACCEPT else "Précisez le capital."
    transition(dossier, action, actor=examiner, comment=comment)
    return dossier


def sections(response):
    return {s["table"].code: s for s in response.context["sections"]}


def month():
    return timezone.localdate().strftime("%Y-%m")


def test_examiner_sees_their_offices_dossiers_only(staff_client, entrepreneur, ompic):
    decided_company(entrepreneur, ompic)
    decided_company(entrepreneur, ompic, DossierAction.REQUEST_CHANGES)
    patent = make_patent_filing(entrepreneur)
    transition(patent, DossierAction.SUBMIT, actor=entrepreneur)

    response = staff_client(ompic).get(URL.format("fr"))

    assert list(sections(response)) == ["dossiers"]
    dossiers = sections(response)["dossiers"]
    # Country-wide rows, one per kind: company dossiers (CO) then patents (PT).
    by_kind = {line[2]: line for line in dossiers["lines"]}
    company = by_kind[str(CompanyDossier._meta.verbose_name)]
    # filed, submitted, in review, changes now, accepted, rejected, withdrawn, changes, median
    assert company[3:12] == ["2", "0", "0", "1", "1", "0", "0", "1", "0,0"]
    assert by_kind[str(PatentFiling._meta.verbose_name)][3:5] == ["1", "1"]


def test_examiner_of_the_other_office_sees_nothing_of_them(staff_client, entrepreneur, ompic, inpi):
    decided_company(entrepreneur, ompic)

    response = staff_client(inpi).get(URL.format("fr"))

    assert sections(response)["dossiers"]["lines"] == []


def test_region_filter_keeps_the_company_dossiers_of_that_region(staff_client, entrepreneur, ompic):
    dossier = decided_company(entrepreneur, ompic)
    region = f"MA-{dossier.head_office_region.code}"
    client = staff_client(ompic)

    here = client.get(URL.format("fr"), {"region": region})
    elsewhere = client.get(URL.format("fr"), {"region": "MA-12" if region != "MA-12" else "MA-01"})

    assert [line[1] for line in sections(here)["dossiers"]["lines"]] == [
        dossier.head_office_region.name
    ]
    assert sections(elsewhere)["dossiers"]["lines"] == []


def test_kind_and_period_filters(staff_client, entrepreneur, ompic):
    decided_company(entrepreneur, ompic)
    client = staff_client(ompic)

    patents = client.get(URL.format("fr"), {"kind": "PT"})
    past = client.get(URL.format("fr"), {"since": "2001-01", "until": "2001-12"})

    assert sections(patents)["dossiers"]["lines"] == []
    assert sections(past)["dossiers"]["lines"] == []


def test_advisor_sees_their_chambers_requests_only(
    client, staff_client, entrepreneur, souss_advisor
):
    mine = chamber_factories.make_request(entrepreneur, region_code="09")
    chamber_factories.make_request(entrepreneur, region_code="06")  # Casablanca-Settat's
    chamber_services.take_request(mine, actor=souss_advisor)
    chamber_services.post_message(mine, actor=souss_advisor, body="Bonjour, je vous appelle.")

    response = staff_client(souss_advisor).get(URL.format("fr"))

    assert list(sections(response)) == ["support-requests"]
    (line,) = sections(response)["support-requests"]["lines"]
    # requests, answered, median days, SLA met, SLA %, ratings, mean rating
    assert line[3:] == ["1", "1", "0,0", "1", "100", "0", "—"]


def test_administrator_sees_every_table(staff_client, entrepreneur, make_user, ompic):
    admin = make_user("root@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True)
    decided_company(entrepreneur, ompic)
    chamber_factories.make_request(entrepreneur, region_code="06")

    response = staff_client(admin).get(URL.format("fr"))

    assert list(sections(response)) == ["dossiers", "support-requests"]
    assert sections(response)["support-requests"]["lines"][0][3] == "1"


def test_entrepreneur_gets_404_and_anonymous_the_login(client, entrepreneur):
    assert client.get(URL.format("fr")).status_code == 302
    client.force_login(entrepreneur)
    assert client.get(URL.format("fr")).status_code == 404
    assert client.get(URL.format("fr"), {"format": "csv", "table": "dossiers"}).status_code == 404


def test_csv_in_arabic_translates_headers_and_region_names(staff_client, entrepreneur, ompic):
    dossier = decided_company(entrepreneur, ompic)
    region = dossier.head_office_region

    response = staff_client(ompic).get(
        URL.format("ar"), {"format": "csv", "table": "dossiers", "region": f"MA-{region.code}"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["الشهر", "الجهة", "نوع الملف"]
    assert rows[1][1] == region.name_ar
    assert rows[1][1] != region.name_fr


def test_csv_of_a_table_the_reader_may_not_see_is_404(staff_client, ompic):
    response = staff_client(ompic).get(
        URL.format("fr"), {"format": "csv", "table": "support-requests"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_query_count_is_constant(
    staff_client, entrepreneur, make_user, ompic, rows, django_assert_max_num_queries
):
    admin = make_user("root@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True)
    for index in range(rows):
        decided_company(entrepreneur, ompic)
        chamber_factories.make_request(entrepreneur, region_code=("06", "09", "01")[index])
    client = staff_client(admin)

    # The session, the user and the TOTP device; the regions; two GROUP BY queries per
    # dossier kind (by region, country-wide) and two for the support requests.
    with django_assert_max_num_queries(16):
        response = client.get(URL.format("fr"))

    assert len(sections(response)["support-requests"]["lines"]) == 1


def test_advisors_find_the_page_from_the_admin(staff_client, souss_advisor):
    page = staff_client(souss_advisor).get("/fr/admin/").content.decode()

    assert 'href="/fr/backoffice/statistics/"' in page


def test_query_count_does_not_grow_with_the_data(staff_client, entrepreneur, make_user, ompic):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = make_user("root@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True)
    client = staff_client(admin)
    counts = []
    for region_code in ("06", "09", "01"):
        decided_company(entrepreneur, ompic)
        chamber_factories.make_request(entrepreneur, region_code=region_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL.format("fr"))
        counts.append(len(queries))

    assert counts[0] == counts[1] == counts[2], counts
    print("staff statistics queries:", counts)


def _options(page, name):
    select = page.split(f'<select name="{name}">')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


@pytest.mark.parametrize(
    "lang,december,january",
    [("ar", "ديسمبر 2026", "يناير 2026"), ("fr", "décembre 2026", "janvier 2026")],
)
def test_months_are_selects_labelled_in_the_page_language(
    staff_client, ompic, lang, december, january
):
    page = (
        staff_client(ompic)
        .get(URL.format(lang), {"since": "2026-01", "until": "2026-12"})
        .content.decode()
    )

    assert 'type="month"' not in page  # the browser would name the months in its language
    since, until = _options(page, "since"), _options(page, "until")
    assert ("2026-01", " selected", january) in since
    assert ("2026-12", " selected", december) in until
    assert [value for value, _s, _l in since] == sorted(value for value, _s, _l in since)
    assert all(re.fullmatch(r"\d{4}-\d{2}", value) for value, _s, _l in since + until)


def test_an_older_month_in_the_address_stays_selected(staff_client, ompic):
    page = (
        staff_client(ompic)
        .get(URL.format("fr"), {"since": "2001-01", "until": "2001-12"})
        .content.decode()
    )

    assert ("2001-01", " selected", "janvier 2001") in _options(page, "since")
    assert ("2001-12", " selected", "décembre 2001") in _options(page, "until")
    assert month() in [value for value, _s, _l in _options(page, "until")]


def test_an_unreadable_month_falls_back_to_the_last_twelve(staff_client, ompic):
    response = staff_client(ompic).get(URL.format("fr"), {"since": "0000-01", "until": "2026-13"})

    assert response.status_code == 200
    assert response.context["filters"]["until"] == month()
