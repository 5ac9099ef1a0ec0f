from django.urls import path

from ip_filings.views import tools as views
from ip_filings.views import trademark as trademark_views

app_name = "ip_filings"

urlpatterns = [
    path("search/", views.prior_mark_search, name="prior_mark_search"),
    path("classes/", views.class_picker, name="class_picker"),
    path("fees/", views.fee_estimate, name="fee_estimate"),
    path("dossiers/new/", trademark_views.trademark_create, name="trademark_create"),
    path("dossiers/<int:pk>/", trademark_views.trademark_detail, name="trademark_detail"),
    path(
        "dossiers/<int:pk>/step/<slug:step>/",
        trademark_views.trademark_step,
        name="trademark_step",
    ),
    path("dossiers/<int:pk>/review/", trademark_views.trademark_review, name="trademark_review"),
    path(
        "dossiers/<int:pk>/withdraw/", trademark_views.trademark_withdraw, name="trademark_withdraw"
    ),
    path("dossiers/<int:pk>/attach/", trademark_views.trademark_attach, name="trademark_attach"),
    path("dossiers/<int:pk>/message/", trademark_views.trademark_message, name="trademark_message"),
    path("dossiers/<int:pk>/logo/", trademark_views.trademark_logo, name="trademark_logo"),
    path("dossiers/fee/", trademark_views.trademark_fee, name="trademark_fee"),
    path("dossiers/watches/", trademark_views.trademark_watches, name="trademark_watches"),
    path(
        "dossiers/watches/<int:pk>/delete/",
        trademark_views.trademark_watch_delete,
        name="trademark_watch_delete",
    ),
]
