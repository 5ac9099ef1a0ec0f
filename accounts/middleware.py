from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

BACK_OFFICE_NAMESPACES = frozenset({"admin", "backoffice"})


class StaffTwoFactorMiddleware:
    """Staff (advisors, examiners, administrators) reach the back office only with TOTP.

    A staff member without a TOTP authenticator is sent to set one up first;
    allauth then asks for the code at every sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        match = request.resolver_match
        if (
            user.is_authenticated
            and user.is_staff
            and match is not None
            and BACK_OFFICE_NAMESPACES.intersection(match.namespaces)
            and match.url_name not in {"login", "logout"}
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _("Le back-office exige la double authentification : activez-la pour continuer."),
            )
            return redirect("mfa_activate_totp")
        return None
