"""Hypothesis profiles for every property in the suite, loaded once by tests/conftest.py.

`ci` (the default, what `make test` runs): derandomized, so every run draws the same
examples and a red test is red again on the next run; a dozen examples a property, no
example database. `thorough` hunts: random draws, 500 examples a property (or
HYPOTHESIS_MAX_EXAMPLES), e.g.

    HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/security/test_hostile_input.py

A failure prints its `@reproduce_failure` blob; pin what it found as an `@example` on the
property, so that `ci` runs it every time.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    # Examples share the test's database transaction and client, on purpose: an attacker's
    # requests follow one another too.
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}

settings.register_profile("ci", max_examples=12, derandomize=True, **_COMMON)
settings.register_profile(
    "thorough",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "500")),
    derandomize=False,
    **_COMMON,
)


def load_profile():
    """Load HYPOTHESIS_PROFILE (default `ci`); an unknown name fails loudly."""
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
