from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from accounts import views as accounts_views
from carres import health, views

admin.autodiscover()
# The admin signs in through allauth, so staff get rate limits and TOTP there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Open data: stable addresses without a language (see carres.statistics.opendata).
    path("open-data/", include("carres.statistics.file_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("companies/", include("companies.urls")),
    path("dossiers/documents/<int:pk>/", views.document_download, name="document_download"),
    path("dossiers/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path(
        "dossiers/attachments/<int:pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("verify/", views.verify, name="verify"),
    path("help/", views.help_page, name="help"),
    path("contact/", views.contact, name="contact"),
    path("verify/<str:reference>/<str:code>/", views.verify, name="verify_dossier"),
    path("privacy/", accounts_views.privacy_notice, name="privacy_notice"),
    path("accounts/profile/", include("accounts.urls")),
    # allauth's confirmation page behind a rate limit; it answers before allauth's own
    # pattern (same name, same URL).
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        accounts_views.confirm_email,
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("chambers/", include("chambers.urls")),
    path("trainings/", include("trainings.urls")),
    path("trademarks/", include("ip_filings.urls")),
    path("patents/", include("ip_filings.patent_urls")),
    path("diagnostic/", include("ip_filings.diagnostic_urls")),
    path("statistics/", include("carres.statistics.urls")),
    path("backoffice/", include("carres.workspace_urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)

handler400 = "carres.errors.bad_request"
handler500 = "carres.errors.server_error"
