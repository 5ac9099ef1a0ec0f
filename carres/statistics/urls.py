"""/<lang>/statistics/: the page and the open-data page (people, in their language)."""

from django.urls import path

from carres.statistics import views

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("open-data/", views.open_data_page, name="open_data"),
]
