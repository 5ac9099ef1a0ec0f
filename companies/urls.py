from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("new/", views.dossier_create, name="create"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/edit/", views.dossier_edit, name="edit"),
    path("<int:pk>/step/<slug:step>/", views.wizard_step, name="step"),
    path("<int:pk>/check-name/", views.name_check, name="check_name"),
    path("<int:pk>/certificate/", views.name_certificate, name="certificate"),
    path("<int:pk>/transition/", views.dossier_transition, name="transition"),
    path("<int:pk>/attach/", views.dossier_attach, name="attach"),
    path("<int:pk>/message/", views.dossier_message, name="message"),
]
