"""Every property in the suite runs under one profile: the same examples on every `make test`."""

import ast
import os

import pytest
from hypothesis import settings

from tests.conftest import BASE_DIR


@pytest.mark.skipif("HYPOTHESIS_PROFILE" in os.environ, reason="a hunt chose its profile")
def test_the_suite_runs_properties_derandomized_without_an_example_database():
    profile = settings.default
    assert (profile.derandomize, profile.database, profile.max_examples) == (True, None, 12)


def test_the_thorough_profile_draws_at_random_and_many_more_examples():
    profile = settings.get_profile("thorough")
    assert (profile.derandomize, profile.database) == (False, None)
    assert profile.max_examples >= 500


def test_no_property_pins_its_own_randomness_or_example_database():
    """A test's own @settings(derandomize=..., database=...) would escape the profile."""
    offenders = []
    for path in sorted((BASE_DIR / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "settings":
                names = {keyword.arg for keyword in node.keywords}
                if names & {"derandomize", "database", "phases", "seed"}:
                    offenders.append(f"{path.relative_to(BASE_DIR)}:{node.lineno}")
    assert offenders == []
