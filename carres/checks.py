"""System checks of the project's own settings (`manage.py check --deploy`)."""

from django.core.checks import Tags, Warning, register


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
