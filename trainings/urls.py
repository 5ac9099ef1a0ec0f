from django.urls import path

from trainings import views

app_name = "trainings"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("regions/<int:pk>/calendar.ics", views.region_ics, name="region_ics"),
    path("caravans/<int:pk>/", views.caravan_detail, name="caravan"),
    path("mine/", views.my_trainings, name="mine"),
    path("registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("registrations/<int:pk>/certificate.pdf", views.certificate_download, name="certificate"),
    path("registrations/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("certificates/<str:code>/", views.certificate_verify, name="verify"),
]
