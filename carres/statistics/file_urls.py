"""/open-data/...: the machine-readable files, at addresses that never carry a language."""

from django.urls import path

from carres.statistics import views

urlpatterns = [
    path("datapackage.json", views.open_data_package, name="open_data_package"),
    path("<slug:code>.csv", views.open_data_csv, name="open_data_csv"),
    path("<slug:code>.json", views.open_data_json, name="open_data_json"),
    path("<slug:code>/<str:year>.csv", views.open_data_csv, name="open_data_csv_year"),
    path("<slug:code>/<str:year>.json", views.open_data_json, name="open_data_json_year"),
]
