from django.urls import path

from carres.workspace import statistics_views
from carres.workspace import views as workspace

# The namespace puts these pages behind the staff TOTP middleware (accounts.middleware).
app_name = "backoffice"

urlpatterns = [
    path("", workspace.queue_view, name="queue"),
    path("bulk/", workspace.bulk_view, name="bulk"),
    path("statistics/", statistics_views.statistics_view, name="statistics"),
    path("opinions/", workspace.opinions_view, name="opinions"),
    path("opinions/<int:pk>/answer/", workspace.opinion_answer, name="opinion_answer"),
    path("<str:prefix>/<int:pk>/", workspace.dossier_view, name="dossier"),
    path("<str:prefix>/<int:pk>/<slug:what>/", workspace.dossier_post, name="dossier_post"),
]
