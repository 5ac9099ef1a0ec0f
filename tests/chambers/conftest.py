import pytest
from allauth.mfa.totp.internal.auth import TOTP

from tests.factories import chambers as f


def enable_totp(user):
    TOTP.activate(user, "JBSWY3DPEHPK3PXPCARRESTEST23456")
    return user


@pytest.fixture
def souss(db):
    return f.chamber("ccis-souss-massa")


@pytest.fixture
def casa(db):
    return f.chamber("ccis-casablanca-settat")


@pytest.fixture
def advisor(souss):
    return enable_totp(f.make_advisor("youssef@ccis-souss.ma", souss, first_name="Youssef"))


@pytest.fixture
def colleague(souss):
    return enable_totp(f.make_advisor("amina@ccis-souss.ma", souss, first_name="Amina"))


@pytest.fixture
def manager(souss):
    return enable_totp(
        f.make_advisor("manager@ccis-souss.ma", souss, is_manager=True, first_name="Hassan")
    )


@pytest.fixture
def other_advisor(casa):
    return enable_totp(f.make_advisor("karim@ccis-casa.ma", casa, first_name="Karim"))


@pytest.fixture
def support_request(entrepreneur):
    return f.make_request(entrepreneur)
