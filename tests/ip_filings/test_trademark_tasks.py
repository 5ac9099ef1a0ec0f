"""Watch alerts through a real Celery worker on the real Redis."""

import pytest

from ip_filings.models import MarkWatch, WatchHit
from ip_filings.services.trademark import submit_trademark_filing
from tests.conftest import wait_until
from tests.factories.ip_filings import make_filing

pytestmark = pytest.mark.django_db(transaction=True)


def test_submission_alerts_a_watcher_through_the_worker(
    celery_worker_process, entrepreneur, make_user, tmp_path
):
    watcher = make_user("watcher@example.ma", first_name="Nadia")
    MarkWatch.objects.create(user=watcher, text="Atlas", classes=[25], threshold=0.7)
    filing = make_filing(entrepreneur, mark_text="Atlass", classes=(25,))

    submit_trademark_filing(filing, actor=entrepreneur)

    hit = wait_until(lambda: WatchHit.objects.filter(emailed_at__isnull=False).first(), 60)
    assert (hit.watch.user, hit.matched_text, hit.kind) == (watcher, "Atlass", "phonetic")

    def watcher_mail():
        logs = [p for p in tmp_path.glob("*.log") if p.name != "worker.log"]
        return [p.read_text() for p in logs if "To: watcher@example.ma" in p.read_text()]

    # the owner's receipt is mailed too (outbox), in its own file: pick the watcher's
    text = wait_until(watcher_mail)[0]
    assert "Atlass" in text
    assert WatchHit.objects.count() == 1
