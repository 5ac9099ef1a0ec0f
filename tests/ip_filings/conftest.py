import pytest

from accounts.enums import Office, Role


@pytest.fixture
def examiner(make_user):
    return make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


@pytest.fixture
def inpi_examiner(make_user):
    return make_user("examiner@inpi.fr", role=Role.EXAMINER, office=Office.INPI)


@pytest.fixture
def filing(entrepreneur):
    from tests.factories.patents import make_patent_filing

    return make_patent_filing(entrepreneur)
