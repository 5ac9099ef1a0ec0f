import base64
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from accounts.enums import Language


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is an entrepreneur, in the language of the page they used."""

    def save_user(self, request, user, form, commit=True):
        language = translation.get_language() or Language.FR
        if language in Language.values:
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """Staff land where they work: examiners (and administrators) on their queue,
        advisors on their support requests; entrepreneurs on "Mes dossiers" as before."""
        user = request.user
        if user.is_authenticated and (user.is_examiner or user.is_administrator):
            return reverse("backoffice:queue")
        if user.is_authenticated and user.is_advisor:
            return reverse("admin:chambers_supportrequest_changelist")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        # Account e-mails go out in the recipient's preferred language when we know them.
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            context = {**context, "current_site": PortalSite()}
            return super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        # The programme's name in the mail's language (allauth's prefix is one fixed string).
        return f"[{settings.PROGRAMME_NAME}] {subject}"


class PortalSite:
    """What allauth's e-mails call the site ("Hello from {{ current_site.name }}!"): the
    programme's name in the current language and the public address's host, not the host the
    request came to (django.contrib.sites is not installed: allauth would name 127.0.0.1)."""

    def __init__(self):
        self.name = str(settings.PROGRAMME_NAME)
        self.domain = urlsplit(settings.SITE_URL).netloc


# --- two-factor secrets, encrypted at rest -------------------------------------------------
# What allauth stores per authenticator type that lets someone make valid codes: the TOTP
# secret, the recovery codes' seed (and codes carried over from elsewhere, a list).
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed", "migrated_codes")}
# Every Fernet token starts so (version byte 0x80, then a timestamp); a clear TOTP secret is
# base32 (A-Z, 2-7) and a seed hexadecimal, so neither can.
FERNET_TOKEN_PREFIX = "gAAAAA"  # noqa: S105  # nosec B105  # a format's mark, not a secret


def development_mfa_key():
    """DEBUG on without MFA_ENCRYPTION_KEY: a key derived from SECRET_KEY (the settings refuse
    to start with DEBUG off without a key of its own)."""
    digest = salted_hmac(
        "accounts.adapter.MFAAdapter", "mfa-encryption-key", settings.SECRET_KEY, algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).decode()


def mfa_fernet():
    """The first key encrypts; every key decrypts (rotation: settings.MFA_ENCRYPTION_KEYS)."""
    keys = settings.MFA_ENCRYPTION_KEYS or [development_mfa_key()]
    return MultiFernet([Fernet(key) for key in keys])


def transform_secrets(kind, data, function):
    """A copy of an authenticator's `data` with `function` applied to each stored secret."""
    data = dict(data)
    for field in SECRET_FIELDS.get(kind, ()):
        value = data.get(field)
        if isinstance(value, list):
            data[field] = [function(item) for item in value]
        elif value is not None:
            data[field] = function(value)
    return data


def encrypt_secret(value):
    """Encrypt a clear secret; one already encrypted is left as it is."""
    if value.startswith(FERNET_TOKEN_PREFIX):
        return value
    return mfa_fernet().encrypt(value.encode()).decode()


def decrypt_secret(value):
    return mfa_fernet().decrypt(value.encode()).decode()


def rotate_secret(value):
    """Encrypted again with the first key, whichever key encrypted it."""
    return mfa_fernet().rotate(value.encode()).decode()


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are encrypted in the database: a copy of the
    database (a backup, a read-only leak) does not hand out anyone's second factor."""

    def encrypt(self, text):
        return mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        return decrypt_secret(encrypted_text)
