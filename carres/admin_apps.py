from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the project's site (carres.admin_site: 404 for any object
    out of reach)."""

    default = False
    default_site = "carres.admin_site.AdminSite"
