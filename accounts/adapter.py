from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.enums import Language


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is an entrepreneur, in the language of the page they used."""

    def save_user(self, request, user, form, commit=True):
        language = translation.get_language() or Language.FR
        if language in Language.values:
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        # Account e-mails go out in the recipient's preferred language when we know them.
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
