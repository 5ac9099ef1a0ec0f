import pytest


@pytest.fixture
def filing(entrepreneur):
    from tests.factories.patents import make_patent_filing

    return make_patent_filing(entrepreneur)
