"""Hypothesis profiles for the attack tests.

`security` (the default here) keeps each property to a dozen examples and no deadline, so
`make test` stays quick on a shared machine; `HYPOTHESIS_PROFILE=security-thorough` digs
deeper when hunting (e.g. `HYPOTHESIS_PROFILE=security-thorough pytest tests/security`).
No example database is written: a failure prints the `@reproduce_failure` blob instead.
"""

import os

from hypothesis import HealthCheck, settings

_common = {
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
settings.register_profile("security", max_examples=12, **_common)
settings.register_profile("security-thorough", max_examples=300, **_common)

HOSTILE_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "security")
if not HOSTILE_PROFILE.startswith("security"):
    HOSTILE_PROFILE = "security"
