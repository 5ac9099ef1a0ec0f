"""Production is DEBUG off, and DEBUG off is safe by default.

The settings refuse to load without production's secrets and address, `check --deploy`
refuses the development ones, HTTPS is forced (HSTS, redirect), X-Forwarded-Proto is only
believed from a declared proxy, every response carries a Permissions-Policy, and nothing
made for one person may be cached. Settings are read from a fresh process given a
production environment (the suite's own, tests/settings.py, adds local values to it).
"""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from django.core.checks import Error, Warning
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client

from carres.checks import check_secret_key, check_site_url
from carres.middleware import PrivateCacheMiddleware
from carres.testservers import LOCAL_PRODUCTION_ENV
from tests.accounts import conftest as accounts_fixtures
from tests.accounts.conftest import close_download
from tests.conftest import BASE_DIR

# The privacy tests' owner with files everywhere (a dossier PDF, an identity document...).
media = accounts_fixtures.media
footprint = accounts_fixtures.footprint

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "carres.settings",
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "-production-secret-with-enough-entropy-1234567890",
    "MFA_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1rZXktZm9yLXRoZS10ZXN0cy0xMjM=",
    "SITE_URL": "https://portail.example.ma",
    "ALLOWED_HOSTS": "portail.example.ma",
}
# What the suite's environment says that a production environment might not.
NOT_INHERITED = {
    *LOCAL_PRODUCTION_ENV,
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "TRUSTED_PROXY_COUNT",
}


def production_env(**changes):
    """PRODUCTION_ENV over this machine's (servers, paths); a change to None removes it."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(PRODUCTION_ENV)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(arguments, **changes):
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=production_env(**changes),
        capture_output=True,
        text=True,
        check=False,
    )


def production_settings(*names, **changes):
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {list(names)!r}}}))"
    )
    result = run_python(["-c", script], **changes)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- the secrets and the address ------------------------------------------------------------
@pytest.mark.parametrize("missing", ["SECRET_KEY", "MFA_ENCRYPTION_KEY", "SITE_URL"])
def test_production_refuses_to_start_without_its_secrets_and_address(missing):
    result = run_python(["-c", "import carres.wsgi"], **{missing: None})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: DEBUG is off (production) but {missing} "
        "not set: set it in the environment (see .env.example), or set DEBUG=true on a "
        "development machine."
    )


def test_an_empty_secret_key_counts_as_missing():
    result = run_python(["-c", "import carres.wsgi"], SECRET_KEY="")
    assert result.returncode == 1
    assert "but SECRET_KEY not set" in result.stderr


def test_production_starts_with_them():
    result = run_python(["-c", "import carres.wsgi"])
    assert result.returncode == 0, result.stderr


def test_development_starts_without_them_on_public_values():
    values = production_settings(
        "SECRET_KEY",
        "DEVELOPMENT_SECRET_KEY",
        "SITE_URL",
        "MFA_ENCRYPTION_KEYS",
        DEBUG="true",
        SECRET_KEY=None,
        MFA_ENCRYPTION_KEY=None,
        SITE_URL=None,
    )
    assert values["SECRET_KEY"] == values["DEVELOPMENT_SECRET_KEY"]
    assert values["SITE_URL"] == "http://127.0.0.1:8000"
    assert values["MFA_ENCRYPTION_KEYS"] == []


def test_check_deploy_fails_on_development_values():
    result = run_python(
        ["manage.py", "check", "--deploy"],
        DEBUG="true",
        SECRET_KEY=None,
        MFA_ENCRYPTION_KEY=None,
        SITE_URL=None,
    )
    assert result.returncode == 1
    errors = {line.split(")")[0] for line in result.stderr.splitlines() if "(carres.E" in line}
    assert errors == {"?: (carres.E001", "?: (carres.E002", "?: (carres.E003"}


def test_check_deploy_passes_errors_under_production_values():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "ERROR"])
    assert result.returncode == 0, result.stderr


def test_an_invalid_mfa_key_fails_every_check():
    result = run_python(["manage.py", "check"], MFA_ENCRYPTION_KEY="too-short")
    assert result.returncode == 1
    assert "(carres.E004) Key 1 of MFA_ENCRYPTION_KEY is not a Fernet key" in result.stderr


def test_site_url_must_be_public(settings):
    settings.SITE_URL = "http://localhost:8000"
    assert [e.id for e in check_site_url(None)] == ["carres.E002"]
    settings.SITE_URL = "http://[::1]:8000"
    assert [e.id for e in check_site_url(None)] == ["carres.E002"]
    settings.SITE_URL = ""
    assert [e.id for e in check_site_url(None)] == ["carres.E002"]
    settings.SITE_URL = "http://portail.example.ma"
    assert [(type(e), e.id) for e in check_site_url(None)] == [(Warning, "carres.W002")]
    settings.SITE_URL = "https://portail.example.ma"
    assert check_site_url(None) == []


def test_the_development_secret_key_is_an_error(settings):
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert [(type(e), e.id) for e in check_secret_key(None)] == [(Error, "carres.E001")]
    settings.SECRET_KEY = PRODUCTION_ENV["SECRET_KEY"]
    assert check_secret_key(None) == []


# --- HTTPS ------------------------------------------------------------------------------------
HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
)


def test_production_forces_https_by_default():
    assert production_settings(*HTTPS_SETTINGS) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": ["^healthz$"],
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_https_can_be_turned_off_explicitly():
    values = production_settings(
        *HTTPS_SETTINGS, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0"
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


def test_hsts_preload_only_when_asked():
    assert production_settings("SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="true") == {
        "SECURE_HSTS_PRELOAD": True
    }


def test_development_does_not_force_https():
    values = production_settings(*HTTPS_SETTINGS, DEBUG="true")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


@pytest.fixture
def https_production(settings):
    """This process with production's HTTPS settings."""

    def apply(**changes):
        for name, value in production_settings(*HTTPS_SETTINGS, **changes).items():
            setattr(settings, name, tuple(value) if isinstance(value, list) else value)

    return apply


@pytest.mark.django_db
def test_plain_http_is_redirected_and_https_gets_hsts(https_production):
    https_production()
    client = Client()
    response = client.get("/fr/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/fr/"
    response = client.get("/fr/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_healthz_answers_load_balancers_over_plain_http(https_production):
    https_production()
    response = Client().get("/healthz")
    assert response.status_code in (200, 503)  # its own answer, not a redirect
    assert json.loads(response.content)["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_x_forwarded_proto_is_ignored_without_a_trusted_proxy(https_production):
    https_production(TRUSTED_PROXY_COUNT="0")
    response = Client().get("/fr/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_x_forwarded_proto_is_believed_from_a_trusted_proxy(https_production):
    https_production(TRUSTED_PROXY_COUNT="1")
    response = Client().get("/fr/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- headers on every page ---------------------------------------------------------------------
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/", "/ar/accounts/login/", "/healthz", "/fr/no-such-page/"])
def test_every_response_carries_the_permissions_policy(client, path):
    assert client.get(path)["Permissions-Policy"] == PERMISSIONS_POLICY


PRIVATE = "private, no-store"


@pytest.mark.django_db
def test_a_public_page_seen_anonymously_stays_cacheable(client):
    response = client.get("/fr/trainings/")
    assert response.status_code == 200
    # Not private nor no-store: only revalidated (ETag, carres.public_cache), which a 304
    # answers while the catalogue is unchanged.
    assert response["Cache-Control"] == "no-cache"
    assert response["ETag"]


@pytest.mark.django_db
def test_an_anonymous_visitor_with_a_session_of_their_own_gets_private_pages(client):
    session = client.session
    session["account_login_stage"] = "half signed in"
    session.save()
    assert client.get("/fr/trainings/")["Cache-Control"] == PRIVATE


def test_a_page_carrying_a_csrf_token_is_private(rf):
    def form_page(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    response = PrivateCacheMiddleware(form_page)(rf.get("/fr/form/"))
    assert response["Cache-Control"] == PRIVATE
    response = PrivateCacheMiddleware(lambda request: HttpResponse("public"))(rf.get("/fr/"))
    assert "Cache-Control" not in response


@pytest.mark.django_db
def test_signed_in_pages_are_private(client, entrepreneur):
    client.force_login(entrepreneur)
    for path in ("/fr/dashboard/", "/fr/trainings/", "/fr/accounts/profile/"):
        assert client.get(path)["Cache-Control"] == PRIVATE, path


@pytest.mark.django_db
def test_a_view_keeps_its_own_cache_policy(client, entrepreneur):
    never_cache = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert client.get("/fr/accounts/login/")["Cache-Control"] == never_cache  # allauth's
    client.force_login(entrepreneur)
    assert client.get("/healthz")["Cache-Control"] == never_cache


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    close_download(response)
    return response


@pytest.mark.django_db
def test_identity_documents_and_attachments_are_private(client, footprint):
    client.force_login(footprint.user)
    for attachment in (footprint.identity, footprint.upload):
        response = download(client, f"/fr/dossiers/attachments/{attachment.pk}/")
        assert response["Cache-Control"] == PRIVATE


@pytest.mark.django_db
def test_dossier_pdfs_are_private(client, footprint):
    from carres.pdf import store_dossier_pdf

    document = store_dossier_pdf(footprint.filed)
    client.force_login(footprint.user)
    response = download(client, f"/fr/dossiers/documents/{document.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == PRIVATE


@pytest.mark.django_db
def test_the_personal_data_export_is_not_stored(client, footprint):
    client.force_login(footprint.user)
    response = client.get("/fr/accounts/profile/export/json/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- docker-compose.yml ----------------------------------------------------------------------
# The only variables docker-compose.yml may give a default: none of them is a secret.
COMPOSE_DEFAULTS = {"TRUSTED_PROXY_COUNT": "1"}


def compose_variables():
    """{name: (operator, text)} for every ${NAME...} docker-compose.yml interpolates."""
    text = (BASE_DIR / "docker-compose.yml").read_text()
    text = text.replace("$$", "")  # an escaped dollar is the container shell's, not compose's
    found = {}
    for name, operator, rest in re.findall(r"\$\{(\w+)(:[?-])?([^}]*)\}", text):
        assert found.get(name, (operator, rest)) == (operator, rest), name
        found[name] = (operator, rest)
    return found


def test_compose_requires_every_secret_and_the_address_from_the_environment():
    variables = compose_variables()
    defaults = {name: rest for name, (operator, rest) in variables.items() if operator == ":-"}
    assert defaults == COMPOSE_DEFAULTS
    required = {name for name, (operator, _) in variables.items() if operator == ":?"}
    assert required == {
        "POSTGRES_PASSWORD",
        "MINIO_ROOT_USER",
        "MINIO_ROOT_PASSWORD",
        "SECRET_KEY",
        "MFA_ENCRYPTION_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "EMAIL_URL",
    }
    assert set(variables) == required | set(defaults)  # nothing interpolated bare


def test_compose_runs_the_portal_in_production_behind_one_proxy():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    for service in ("web", "worker", "worker-documents", "beat"):
        environment = compose["services"][service]["environment"]
        assert environment["DEBUG"] == "false", service
        for name in ("SECRET_KEY", "MFA_ENCRYPTION_KEY", "SITE_URL"):
            assert environment[name] == f"${{{name}:?set {name}" + (
                " (https://...)}" if name == "SITE_URL" else "}"
            )
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
