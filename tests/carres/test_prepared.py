"""`carres.prepared.PreparedQuery`: compiled once, the same rows as the queryset every time."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.utils import timezone, translation

from carres import selectors
from carres.enums import DocumentKind, DossierAction, DossierStatus, NotificationVerb, ScanStatus
from carres.models import Attachment, DossierEvent, DossierMessage, GeneratedDocument
from carres.notifications import notify_in_app, unread_count
from carres.prepared import PreparedQuery, prefetch
from tests.factories.ip_filings import make_filing
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db

STATES = list(DossierStatus.values)  # one PDF per state


def _furnish(dossier, owner, n):
    """`n` events (one internal, one with a file), messages and PDFs on `dossier`."""
    key = {"content_type": ContentType.objects.get_for_model(dossier), "object_id": dossier.pk}
    attachment = Attachment.objects.create(
        **key,
        file=ContentFile(b"%PDF-1.4", name=f"plan-{dossier.pk}.pdf"),
        original_name=f"plan-{n}.pdf",
        mime_type="application/pdf",
        size=8,
        scan_status=ScanStatus.CLEAN,
    )
    for index in range(n):
        DossierEvent.objects.create(
            **key,
            actor=owner,
            action=DossierAction.SUBMIT,
            comment=f"{dossier.pk}-{index}",
            internal=index == 1,
            attachment=attachment if index == 0 else None,
        )
        DossierMessage.objects.create(**key, author=owner, body=f"message {dossier.pk}-{index}")
        GeneratedDocument.objects.create(
            **key, kind=DocumentKind.DOSSIER_PDF, language="fr", state=STATES[index]
        )
    return attachment


def _plain(dossier, **flags):
    """What the selectors read before they were prepared: the querysets themselves."""
    key = {"content_type": ContentType.objects.get_for_model(dossier), "object_id": dossier.pk}
    events = DossierEvent.objects.filter(**key).select_related("actor", "attachment")
    if not flags.get("include_internal"):
        events = events.filter(internal=False)
    return {
        "events": list(events),
        "messages": list(DossierMessage.objects.filter(**key)),
        "document": GeneratedDocument.objects.filter(**key, kind=DocumentKind.DOSSIER_PDF)
        .order_by("-updated_at")
        .first(),
        "attachments": list(Attachment.objects.current().filter(**key)),
    }


@pytest.mark.parametrize("include_internal", [False, True])
def test_each_dossier_reads_its_own_rows_as_the_queryset_does(entrepreneur, include_internal):
    trademark, patent, other = (
        make_filing(entrepreneur),
        make_patent_filing(entrepreneur),
        make_filing(entrepreneur, mark_text="Autre"),
    )
    for n, dossier in enumerate((trademark, patent, other), start=2):
        _furnish(dossier, entrepreneur, n)

    # twice each, alternating kinds and ids: the second reads use the compiled SQL
    for dossier in (trademark, patent, other, trademark, patent, other):
        plain = _plain(dossier, include_internal=include_internal)
        events = selectors.timeline(dossier, include_internal=include_internal)
        assert [(e.pk, e.comment) for e in events] == [(e.pk, e.comment) for e in plain["events"]]
        assert events and all(e.object_id == dossier.pk for e in events)
        assert selectors.dossier_messages(dossier) == plain["messages"]
        assert selectors.current_document(dossier) == plain["document"]
        assert [
            file for line in selectors.dossier_documents(dossier)["lines"] for file in line["files"]
        ] + selectors.dossier_documents(dossier)["others"] == plain["attachments"]


def test_related_rows_come_with_the_one_query(entrepreneur, django_assert_num_queries):
    dossier = make_filing(entrepreneur)
    attachment = _furnish(dossier, entrepreneur, 2)
    selectors.timeline(dossier)  # compiled here

    with django_assert_num_queries(1):
        events = selectors.timeline(dossier)
        assert events[0].attachment == attachment
        assert events[0].actor == entrepreneur


def test_a_value_of_another_type_runs_the_queryset_itself(entrepreneur):
    dossier = make_filing(entrepreneur)
    _furnish(dossier, entrepreneur, 3)
    content_type_id = ContentType.objects.get_for_model(dossier).pk
    query = PreparedQuery(
        lambda *, object_id: DossierMessage.objects.filter(
            content_type_id=content_type_id, object_id=object_id
        ),
        object_id=int,
    )

    assert len(query(object_id=dossier.pk)) == 3
    assert len(query(object_id=str(dossier.pk))) == 3  # not swapped in: built anew
    assert query(object_id=dossier.pk + 1000) == []


def test_compiled_per_language(entrepreneur):
    dossier = make_filing(entrepreneur)
    _furnish(dossier, entrepreneur, 2)
    for language in ("fr", "ar", "en", "fr"):
        with translation.override(language):
            assert len(selectors.timeline(dossier)) == 1
    assert {language for _shape, language in selectors._EVENTS._compiled} >= {"fr", "ar", "en"}


def test_a_value_that_the_sql_does_not_carry_is_refused():
    query = PreparedQuery(lambda *, object_id: DossierMessage.objects.all(), object_id=int)

    with pytest.raises(ValueError, match="not a parameter"):
        query(object_id=1)


def test_sessions_are_read_prepared_and_end_when_they_expire(client, entrepreneur):
    client.force_login(entrepreneur)
    assert client.get("/fr/dashboard/").status_code == 200
    assert client.get("/fr/dashboard/").status_code == 200  # the compiled read

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/fr/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_the_unread_count_is_each_users_own(entrepreneur, make_user):
    other = make_user("autre@example.ma")
    dossier = make_filing(entrepreneur)
    for n in range(3):
        notify_in_app(
            dossier, recipient=entrepreneur, verb=NotificationVerb.SUBMISSION_RECEIVED, key=f"a{n}"
        )
    notify_in_app(dossier, recipient=other, verb=NotificationVerb.SUBMISSION_RECEIVED, key="b")

    assert (unread_count(entrepreneur), unread_count(other)) == (3, 1)
    entrepreneur.notifications.filter(key="a0").update(read_at=timezone.now())
    assert (unread_count(entrepreneur), unread_count(other)) == (2, 1)
    entrepreneur.notifications.update(read_at=timezone.now())
    assert (unread_count(entrepreneur), unread_count(other)) == (0, 1)


@pytest.mark.parametrize("backend", ["ModelBackend", "AuthenticationBackend"])
def test_the_signed_in_user_is_read_prepared_and_refused_once_inactive(
    client, entrepreneur, backend
):
    client.force_login(entrepreneur, backend=f"accounts.backends.{backend}")
    assert client.get("/fr/dashboard/").context["user"] == entrepreneur
    assert client.get("/fr/dashboard/").status_code == 200  # the compiled read

    type(entrepreneur).objects.filter(pk=entrepreneur.pk).update(is_active=False)

    assert client.get("/fr/dashboard/").status_code == 302


def test_prefetch_fills_what_the_page_reads_with_no_query_after(
    entrepreneur, django_assert_num_queries
):
    from companies.models import CompanyDossier
    from tests.factories.companies import make_company_dossier

    lookups = ("associates", "managers", "activity_codes", "legal_form__required_documents")
    people = [
        {
            "kind": "natural",
            "full_name": f"Associé {n}",
            "identifier": f"BE{n:06d}",
            "contribution": 1000,
        }
        for n in range(2)
    ]
    dossiers = [make_company_dossier(entrepreneur, associates=people[: n + 1]) for n in range(2)]
    for dossier in dossiers * 2:  # the second round on the compiled queries
        dossier = CompanyDossier.objects.select_related("legal_form").get(pk=dossier.pk)
        plain = CompanyDossier.objects.prefetch_related(*lookups).get(pk=dossier.pk)
        prefetch(dossier, *lookups)

        with django_assert_num_queries(0):
            for lookup in lookups:
                *path, name = lookup.split("__")
                mine, theirs = dossier, plain
                for step in path:
                    mine, theirs = getattr(mine, step), getattr(theirs, step)
                assert list(getattr(mine, name).all()) == list(getattr(theirs, name).all())
            assert all(associate.dossier is dossier for associate in dossier.associates.all())
        # a filter on a prefetched relation is still a query of its own, on the right rows
        first = dossier.associates.all()[0]
        assert list(dossier.associates.filter(pk=first.pk)) == [first]
        assert list(dossier.associates.exclude(pk=first.pk)) == list(dossier.associates.all())[1:]


def test_a_trademark_reads_its_classes_and_terms_as_the_prefetch_did(
    entrepreneur, django_assert_num_queries
):
    from ip_filings.models import FilingClass, TrademarkFiling
    from ip_filings.selectors.trademark import get_filing_for_owner
    from tests.factories.ip_filings import make_nice_class, make_term

    # orders differ by language: fr a < b, ar b < a
    classes = {n: make_nice_class(n, f"Classe {n}") for n in (9, 25, 35)}
    terms = {
        n: [
            make_term(classes[n], f"a-{n}", term_ar=f"ب {n}"),
            make_term(classes[n], f"b-{n}", term_ar=f"أ {n}"),
        ]
        for n in classes
    }
    filings = [make_filing(entrepreneur, classes=numbers) for numbers in ((25, 9), (35,))]
    for filing in filings:
        for row in filing.filing_classes.all():
            row.nice_terms.set(terms[row.number])
    filings.append(make_filing(entrepreneur, classes=(25,)))  # a class without terms
    plain = TrademarkFiling.objects.prefetch_related(
        Prefetch(
            "filing_classes",
            queryset=FilingClass.objects.prefetch_related("nice_terms__nice_class"),
        )
    )

    for language in ("fr", "ar", "fr"):
        with translation.override(language):
            for filing in filings:
                theirs = plain.get(pk=filing.pk)
                mine = get_filing_for_owner(entrepreneur, filing.pk)
                with django_assert_num_queries(0):
                    got = [
                        (c.number, [(t.term, t.nice_class.number) for t in c.nice_terms.all()])
                        for c in mine.filing_classes.all()
                    ]
                expected = [
                    (c.number, [(t.term, t.nice_class.number) for t in c.nice_terms.all()])
                    for c in theirs.filing_classes.all()
                ]
                assert got == expected
    assert got == [(25, [])]
