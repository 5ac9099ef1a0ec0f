"""Translatable names, for the admin and forms, of what other packages leave without them.

allauth's `Authenticator` has no verbose names: the admin showed "Authenticators", "Type",
"Data", "Last used at" in English on Arabic and French pages alike. The labels set here are
read by the admin and forms only: the migration state reads `Meta`'s original attributes and
each field's `_verbose_name`, which stay as the package wrote them, so no migration follows.
"""

from django.utils.translation import gettext_lazy as _


def name_third_party_models():
    from allauth.account.forms import RequestReauthenticationCodeForm
    from allauth.mfa.models import Authenticator

    # A field allauth leaves without a label ("Recipient" on every language's page).
    RequestReauthenticationCodeForm.base_fields["recipient"].label = _("destinataire")

    opts = Authenticator._meta
    opts.verbose_name = _("dispositif d'authentification")
    opts.verbose_name_plural = _("dispositifs d'authentification")
    for name, label in {
        "user": _("utilisateur"),
        "type": _("type"),
        "data": _("données"),
        "created_at": _("créé le"),
        "last_used_at": _("dernière utilisation"),
    }.items():
        opts.get_field(name).verbose_name = label
