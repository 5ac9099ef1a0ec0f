from django.urls import path

from ip_filings.views import diagnostic as diagnostic_views

app_name = "diagnostic"

urlpatterns = [path("", diagnostic_views.diagnostic, name="start")]
