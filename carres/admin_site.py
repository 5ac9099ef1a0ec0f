"""The project's admin site: one answer, 404, for an object that is missing or out of reach.

Django's admin redirects to its index for an id that does not exist (or is outside the
ModelAdmin's queryset) and answers 403 for an existing object the user may not view: side by
side, the two tell a staff member which ids exist, e.g. which users or dossiers of another
office. Every ModelAdmin registered here — the project's, allauth's, django.contrib.auth's —
gets `SameAnswerForMissingAndForbidden`, so that its change, history, delete and password
pages answer 404 alike (tests/security/test_authorization_matrix.py tries them all), and
`carres.admin_permissions.ActiveAccountsOnly`: nothing for an inactive account.

The "view on site" shortcut (admin/r/<content type>/<id>/) goes through the model's admin the
same way, instead of redirecting to any object's public URL for any staff member.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import path

from carres.admin_permissions import ActiveAccountsOnly


class SameAnswerForMissingAndForbidden:
    """`get_object` raises 404 for a missing object and for one the user may not view."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        return obj


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        guards = tuple(
            guard
            for guard in (SameAnswerForMissingAndForbidden, ActiveAccountsOnly)
            if not issubclass(admin_class, guard)
        )
        if guards:
            admin_class = type(
                admin_class.__name__,
                (*guards, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *urls,
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut, for an object that the user may open in this admin only."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        model_admin.get_object(request, unquote(object_id))  # 404 when out of reach
        return contenttype_views.shortcut(request, content_type_id, object_id)
