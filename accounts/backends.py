"""The sign-in backends, Django's and allauth's, reading the signed-in user with a prepared
query (carres.prepared): every signed-in page loads its user first (issue 23)."""

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model

from carres.prepared import PreparedQuery

_USER = PreparedQuery(lambda *, pk: get_user_model()._default_manager.filter(pk=pk), pk=int)


class PreparedUserMixin:
    def get_user(self, user_id):
        found = _USER(pk=user_id)
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None


class ModelBackend(PreparedUserMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(PreparedUserMixin, auth_backends.AuthenticationBackend):
    pass
