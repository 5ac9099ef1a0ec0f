"""The project's URLs plus one new object URL that the matrix does not know (see
test_a_new_object_url_without_a_line_fails_the_matrix)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from carres.urls import urlpatterns as project_urlpatterns


def brand_new(request, pk):
    return HttpResponse(str(pk))


extra = (
    [path("companies/<int:pk>/brand-new/", brand_new, name="brand_new")],
    "companies",
)
urlpatterns = [
    *i18n_patterns(path("", include(extra)), prefix_default_language=True),
    *project_urlpatterns,
]
