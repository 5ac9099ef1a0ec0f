from django.urls import path

from accounts import views

# Mounted at accounts/profile/: every page here is the signed-in user's own, no id in the URL.
urlpatterns = [
    path("", views.profile, name="profile"),
    path("consents/", views.update_consents, name="profile_consents"),
    path("notice/", views.accept_notice, name="profile_accept_notice"),
    path("export/json/", views.export_json, name="profile_export_json"),
    path("export/pdf/", views.export_pdf, name="profile_export_pdf"),
    path("delete/", views.delete_account, name="profile_delete"),
]
