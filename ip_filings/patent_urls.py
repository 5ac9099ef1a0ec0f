from django.urls import path

from ip_filings.views import patent as views

app_name = "patents"

urlpatterns = [
    path("new/", views.patent_create, name="patent_create"),
    path("<int:pk>/", views.patent_detail, name="patent_detail"),
    path("<int:pk>/step/<slug:slug>/", views.patent_step, name="patent_step"),
    path("<int:pk>/review/", views.patent_review, name="patent_review"),
    path("<int:pk>/transition/", views.patent_transition, name="patent_transition"),
    path("<int:pk>/message/", views.patent_message, name="patent_message"),
    path(
        "<int:pk>/drawings/<int:attachment_id>/remove/",
        views.patent_drawing_remove,
        name="patent_drawing_remove",
    ),
]
