"""The npm packages' files are served one by one: the fonts and script the site uses, no more."""

import pytest
from django.contrib.staticfiles import finders

from carres.staticfinders import VendorFilesFinder

pytestmark = pytest.mark.django_db


def test_only_the_named_vendor_files_are_collected():
    listed = sorted(
        f"{storage.prefix}/{name}" for name, storage in VendorFilesFinder().list(ignore_patterns=[])
    )
    assert listed == [
        "vendor/fonts/cairo/cairo-arabic-400-normal.woff",
        "vendor/fonts/cairo/cairo-arabic-700-normal.woff",
        "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff",
        "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff2",
        "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-700-normal.woff",
        "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-700-normal.woff2",
        "vendor/fonts/noto-sans/noto-sans-latin-400-normal.woff",
        "vendor/fonts/noto-sans/noto-sans-latin-400-normal.woff2",
        "vendor/fonts/noto-sans/noto-sans-latin-700-normal.woff",
        "vendor/fonts/noto-sans/noto-sans-latin-700-normal.woff2",
        "vendor/htmx/htmx.min.js",
    ]


def test_a_named_vendor_file_is_found_and_served(client):
    path = finders.find("vendor/fonts/noto-sans/noto-sans-latin-700-normal.woff2")
    assert path.endswith("@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2")
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in b"".join(response.streaming_content)


def test_other_files_of_the_packages_are_neither_found_nor_served(client):
    other = "vendor/fonts/noto-sans/noto-sans-cyrillic-400-normal.woff2"
    assert finders.find(other) is None
    assert finders.find(other, find_all=True) == []
    assert client.get(f"/static/{other}").status_code == 404
    assert client.get("/static/vendor/htmx/htmx.js").status_code == 404


def test_a_missing_vendor_file_is_a_system_check_error(settings, tmp_path):
    settings.VENDOR_FILES = {"vendor/x": (tmp_path, ["gone.woff2"])}
    errors = VendorFilesFinder().check()
    assert [error.id for error in errors] == ["carres.E001"]
    assert str(tmp_path / "gone.woff2") in errors[0].msg
