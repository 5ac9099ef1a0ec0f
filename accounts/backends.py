"""The sign-in backends, Django's and allauth's, reading the signed-in user with a prepared
query (carres.prepared): every signed-in page loads its user first (issue 23)."""

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model

from carres.prepared import PreparedQuery

_USER = PreparedQuery(lambda *, pk: get_user_model()._default_manager.filter(pk=pk), pk=int)


class PreparedUserMixin:
    def get_user(self, user_id):
        user = _USER.first(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(PreparedUserMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(PreparedUserMixin, auth_backends.AuthenticationBackend):
    pass
