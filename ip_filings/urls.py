from django.urls import path

from ip_filings import views

app_name = "ip_filings"

urlpatterns = [
    path("search/", views.prior_mark_search, name="prior_mark_search"),
    path("classes/", views.class_picker, name="class_picker"),
    path("fees/", views.fee_estimate, name="fee_estimate"),
]
