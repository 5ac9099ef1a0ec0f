import threading
from datetime import date

import pytest
from django.db import connection, transaction

from carres.enums import DossierAction
from carres.references import allocate_reference
from carres.workflow import transition
from tests.factories.companies import make_company_dossier

pytestmark = pytest.mark.django_db


def test_allocate_reference_counts_per_prefix_and_year():
    assert allocate_reference("CO", year=2026) == "CO-2026-000001"
    assert allocate_reference("CO", year=2026) == "CO-2026-000002"
    assert allocate_reference("TM", year=2026) == "TM-2026-000001"
    assert allocate_reference("CO", year=2027) == "CO-2027-000001"


def test_allocate_reference_rolled_back_leaves_no_gap():
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_reference("CO", year=2026)
        raise RuntimeError
    assert allocate_reference("CO", year=2026) == "CO-2026-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_gapless_unique_references(make_user):
    owners = [make_user(f"owner{i}@example.ma") for i in range(8)]
    dossiers = [make_company_dossier(owner) for owner in owners]
    barrier = threading.Barrier(len(dossiers))
    errors = []

    def submit(dossier):
        barrier.wait()
        try:
            transition(dossier, DossierAction.SUBMIT, actor=dossier.owner)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(d,)) for d in dossiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    year = date.today().year
    references = sorted(type(d).objects.get(pk=d.pk).reference for d in dossiers)
    assert errors == []
    assert references == [f"CO-{year}-{n:06d}" for n in range(1, 9)]
