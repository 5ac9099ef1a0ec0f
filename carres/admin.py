from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Carrés des innovateurs · back-office")
admin.site.site_title = _("Back-office")
admin.site.index_title = _("Tableau de bord")

from carres import routing_admin  # noqa: E402, F401  (routing rules)
