from allauth.account.views import confirm_email as allauth_confirm_email
from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


def confirm_email(request, key):
    """allauth's e-mail confirmation page, with a limit on the keys one address may try.

    The page shows the address a valid key confirms, so guessing keys — by GET as by POST —
    counts against ACCOUNT_RATE_LIMITS["confirm_email_key"]; over it, allauth's 429 page.
    """
    refused = consume_or_429(request, action="confirm_email_key", limit_get=True)
    return refused or allauth_confirm_email(request, key=key)
