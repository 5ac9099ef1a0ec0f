from django.urls import path

from chambers import territory_views, views

app_name = "chambers"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("map/", territory_views.network_map, name="map"),
    path("regions/<int:pk>/", territory_views.region_page, name="region"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/message/", views.request_message, name="request_message"),
    path("requests/<int:pk>/feedback/", views.request_feedback, name="request_feedback"),
    path("requests/<int:pk>/slots/", views.request_slots, name="request_slots"),
    path("appointments/<int:pk>/accept/", views.appointment_accept, name="appointment_accept"),
    path("appointments/<int:pk>/decline/", views.appointment_decline, name="appointment_decline"),
    path("appointments/<int:pk>/calendar.ics", views.appointment_ics, name="appointment_ics"),
]
