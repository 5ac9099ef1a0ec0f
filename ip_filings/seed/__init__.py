"""Reference data and demo content of ip_filings, for `manage.py seed_demo` (idempotent)."""

from ip_filings.seed.patent import seed_patents
from ip_filings.seed.reference import seed_reference
from ip_filings.seed.trademark import seed_trademark_filings


def seed_demo(stdout):
    seed_reference(stdout)
    seed_trademark_filings(stdout)
    # Patent kinds, the IP self-diagnostic and demo patents.
    seed_patents(stdout)
    # A year of pre-filings for the public statistics and the expected decision dates.
    from ip_filings.demo_history import seed_history

    seed_history()
