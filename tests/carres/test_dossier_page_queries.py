"""The owner's pages at a constant number of queries (issue 23: the signed-in pages' p95).

Each dossier page reads its rows once, whatever their number: the company's associates,
managers, names and checklist files, the trademark's classes, the patent's claims,
inventors, applicants and drawings; the dashboard one query per dossier kind."""

from decimal import Decimal

import pytest

from carres.enums import ScanStatus
from carres.models import Attachment
from ip_filings.selectors.documents import DRAWINGS
from ip_filings.services.patent import replace_applicants, replace_claims, replace_inventors
from tests.factories.companies import PDF, make_company_dossier
from tests.factories.ip_filings import make_filing
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db

# session, user, the dossier and its rows (associates, managers, checklist, activity codes,
# the legal form's documents), the unread count (nothing unread: nothing marked read),
# files, timeline, PDFs, messages; the reservation only once accepted. (Not the names'
# identity look-ups: the page links to its "edit" address, not to the first incomplete
# step, whose lazy `resume_url` it never reads.)
COMPANY_PAGE = 13
# session, user, the filing, its classes and their terms, the unread count, files,
# timeline, PDFs, messages
TRADEMARK_PAGE = 10
# session, user, the filing, its claims, inventors and applicants, the unread count,
# files, timeline, PDFs, messages, the drawings of the sections, the tariff and the
# applicant's reduction (the fee)
PATENT_PAGE = 14
# session, user, one query per dossier kind (company, trademark, patent), the unread count
DASHBOARD = 6


def _company(owner, rows):
    capital = Decimal("90000")
    associates = [
        {
            "kind": "natural",
            "full_name": f"Associé {n}",
            "identifier": f"BE{n:06d}",
            "contribution": capital / rows,
        }
        for n in range(rows)
    ]
    managers = [
        {"role": "manager", "full_name": f"Gérant {n}", "identifier": f"BK{n:06d}"}
        for n in range(rows)
    ]
    names = {f"name_{n + 1}": f"Zelunta {owner.pk} {rows} {n}" for n in range(3)}
    names.update({f"name_{n + 1}": "" for n in range(rows, 3)})
    return make_company_dossier(
        owner, capital=capital, associates=associates, managers=managers, **names
    )


def _patent(owner, rows):
    filing = make_patent_filing(owner)
    replace_claims(
        filing, actor=owner, claims=[(f"Capteur {n}.", None if n == 0 else 1) for n in range(rows)]
    )
    replace_inventors(
        filing,
        actor=owner,
        inventors=[{"name": f"Inventeur {n}", "address": "", "mention": True} for n in range(rows)],
    )
    replace_applicants(
        filing,
        actor=owner,
        applicants=[
            {"name": f"Déposant {n}", "profile": "individual", "share": Decimal("100") / rows}
            for n in range(rows)
        ],
    )
    for n in range(rows):
        attachment = Attachment(
            dossier=filing,
            original_name=f"dessin-{n}.pdf",
            requirement=DRAWINGS,
            mime_type="application/pdf",
            size=len(PDF),
            uploaded_by=owner,
            scan_status=ScanStatus.CLEAN,
        )
        attachment.file.name = "attachments/test.pdf"
        attachment.save()
    filing.refresh_from_db()
    return filing


def _trademark(owner, rows):
    return make_filing(owner, classes=[25 + n for n in range(rows)])


def _counted(client, url, django_assert_max_num_queries, most):
    client.get(url)  # what a process caches once (content types) is not the page's
    with django_assert_max_num_queries(most) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("make", "most"),
    [(_company, COMPANY_PAGE), (_trademark, TRADEMARK_PAGE), (_patent, PATENT_PAGE)],
    ids=["company", "trademark", "patent"],
)
def test_dossier_page_queries_do_not_grow_with_its_rows(
    client, entrepreneur, django_assert_max_num_queries, make, most
):
    small, large = make(entrepreneur, 1), make(entrepreneur, 3)
    client.force_login(entrepreneur)

    counts = [
        _counted(client, dossier.get_absolute_url(), django_assert_max_num_queries, most)
        for dossier in (small, large)
    ]

    assert counts == [most, most]


def test_dashboard_queries_do_not_grow_with_the_dossiers(
    client, entrepreneur, django_assert_max_num_queries
):
    client.force_login(entrepreneur)
    counts = []
    for added in (1, 2):  # one dossier of each kind, then three
        for _n in range(added):
            _company(entrepreneur, 1)
            _trademark(entrepreneur, 1)
            make_patent_filing(entrepreneur)
        counts.append(_counted(client, "/fr/dashboard/", django_assert_max_num_queries, DASHBOARD))

    assert counts == [DASHBOARD, DASHBOARD]
