"""Who may use a ModelAdmin or an inline: the project's one copy of "administrators only".

One behaviour everywhere: an *active* administrator (role administrator, or a superuser)
passes; everybody else, an inactive administrator included, is refused. Staff hold no
Django model permissions (accounts.User.is_staff is a role), so each admin says by role
who may do what, with these mixins, placed before the ModelAdmin class:

- `AdministratorsOnly`: reference data and accounts — see, add, change, delete;
- `ReadOnlyForAdministrators`: a log — administrators read it, nobody writes a line by hand;
- `AdministratorsChange`: add, change, delete for administrators; who may *see* is the
  admin's own rule (e.g. advisors read the training catalogue or their own chamber).

Admins scoped by role (the dossier queue in carres.dossier_admin, chambers, trainings) keep
their own rules and ask `is_active_administrator` where they mean an administrator.

On top of any admin's own answer, `ActiveAccountsOnly` (applied by carres.admin_site to
every registered ModelAdmin, its inlines included) refuses everything to an inactive
account, so no admin can forget it. Django's AdminSite.has_permission already keeps an
inactive user out of every admin page; this makes each ModelAdmin say so too.
"""


def is_active_administrator(user):
    return user.is_active and user.is_administrator


class AdministratorsChange:
    """Add, change and delete for active administrators; viewing is the admin's own rule."""

    def has_add_permission(self, request, obj=None):  # obj: inlines pass the parent object
        return is_active_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_active_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_active_administrator(request.user)


class AdministratorsOnly(AdministratorsChange):
    """Reference data: active administrators see, add, change and delete; nobody else."""

    def has_module_permission(self, request):
        return is_active_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_active_administrator(request.user)


class ReadOnlyForAdministrators(AdministratorsOnly):
    """A log: active administrators read it; nobody adds, edits or deletes a line by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActiveAccountsOnly:
    """Nothing for an inactive account, whatever the admin below says; inlines included."""

    def has_module_permission(self, request):
        return request.user.is_active and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return request.user.is_active and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj):
        return super().get_inlines(request, obj) if request.user.is_active else []
