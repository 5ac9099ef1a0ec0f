"""System checks of the project's own settings (`manage.py check --deploy`).

With DEBUG off the settings already refuse to load without SECRET_KEY, MFA_ENCRYPTION_KEY and
SITE_URL; these errors catch the rest: a server started with DEBUG on, or given the
development values by hand.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "testserver"}


@register(Tags.security, deploy=True)
def check_antivirus(app_configs, **kwargs):
    from carres.antivirus import is_configured

    if is_configured():
        return []
    return [
        Warning(
            "No antivirus is configured: uploads get the built-in content checks only.",
            hint="Run clamd and set CLAMD_SOCKET (unix socket) or CLAMD_HOST and CLAMD_PORT.",
            id="carres.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is the public development key: anyone can forge sessions, "
            "password-reset links and signed values.",
            hint="Set SECRET_KEY in the environment to at least 50 random characters.",
            id="carres.E001",
        )
    ]


def _is_local(host):
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """SITE_URL is the address in every e-mail, PDF, QR code and calendar file."""
    parts = urlsplit(settings.SITE_URL)
    host = parts.hostname or ""
    if not host or _is_local(host):
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}: the links in e-mails, PDFs, QR codes and "
                "calendar files would lead to this machine, not to the portal.",
                hint="Set SITE_URL to the portal's public address, e.g. https://portail.example.ma",
                id="carres.E002",
            )
        ]
    if parts.scheme != "https":
        return [
            Warning(
                f"SITE_URL {settings.SITE_URL!r} is not HTTPS: links in e-mails and PDFs "
                "would send people to the portal unencrypted.",
                hint="Serve the portal over HTTPS and set SITE_URL=https://...",
                id="carres.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_mfa_encryption_key(app_configs, **kwargs):
    if settings.MFA_ENCRYPTION_KEYS:
        return []
    return [
        Error(
            "MFA_ENCRYPTION_KEY is not set: two-factor secrets are encrypted with a key "
            "derived from SECRET_KEY, which changing SECRET_KEY would lose.",
            hint="Set MFA_ENCRYPTION_KEY to a key of its own: "
            'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
            id="carres.E003",
        )
    ]


@register(Tags.security)
def check_mfa_encryption_key_format(app_configs, **kwargs):
    from cryptography.fernet import Fernet

    errors = []
    for position, key in enumerate(settings.MFA_ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                Error(
                    f"Key {position} of MFA_ENCRYPTION_KEY is not a Fernet key "
                    "(32 bytes, URL-safe base64): two-factor sign-in would fail.",
                    hint='Generate one: python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"',
                    id="carres.E004",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_cndp_declaration(app_configs, **kwargs):
    """Law 09-08: the footer and the privacy notice show the CNDP's number; while it is unset
    they leave the line out rather than print a placeholder."""
    if settings.CNDP_DECLARATION:
        return []
    return [
        Warning(
            "CNDP_DECLARATION is not set: pages do not show the CNDP declaration number.",
            hint="Set CNDP_DECLARATION (and CNDP_TRANSFER_AUTHORISATION for INPI transfers).",
            id="carres.W003",
        )
    ]


@register()
def check_every_dossier_model_has_a_kind(app_configs, **kwargs):
    from carres.kinds import registered_kinds
    from carres.models import dossier_models

    registered = {kind.model for kind in registered_kinds()}
    return [
        Error(
            f"{model._meta.label} is a dossier model with no registered kind.",
            hint="Call carres.kinds.register_kind in its app's AppConfig.ready().",
            obj=model,
            id="carres.E010",
        )
        for model in dossier_models()
        if model not in registered
    ]
