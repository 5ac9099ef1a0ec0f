import pytest

from accounts.enums import Office, Role


@pytest.fixture
def examiner(make_user):
    return make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


@pytest.fixture
def other_examiner(make_user):
    return make_user("examiner2@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


@pytest.fixture
def inpi_examiner(make_user):
    return make_user("examiner@inpi.fr", role=Role.EXAMINER, office=Office.INPI)


@pytest.fixture
def dossier(entrepreneur):
    from tests.factories.companies import make_company_dossier

    return make_company_dossier(entrepreneur)
