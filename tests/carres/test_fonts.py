"""The web fonts cut by `manage.py subset_fonts`: each face holds what its unicode-range
says, every Arabic character of the site is in the face every Arabic page loads, and a page
preloads only the faces of its own script."""

import re

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from carres.management.commands.subset_fonts import (
    CORE_ARABIC,
    is_arabic_script,
    site_characters,
)

STATIC = settings.BASE_DIR / "static"
FACE = re.compile(
    r'@font-face \{.*?font-family: "(?P<family>[^"]+)";.*?font-weight: (?P<weight>\d+);'
    r'.*?src: url\("\.\./(?P<file>[^"]+)"\).*?unicode-range: (?P<range>[^;]+);',
    re.DOTALL,
)


def faces():
    return [match.groupdict() for match in FACE.finditer((STATIC / "css/fonts.css").read_text())]


def codes(unicode_range):
    result = set()
    for part in unicode_range.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        result.update(range(int(low, 16), int(high or low, 16) + 1))
    return result


def cmap(file):
    return set(TTFont(str(STATIC / file)).getBestCmap()) - {0x0, 0xD}


def test_each_face_holds_exactly_its_unicode_range():
    found = faces()
    assert {(face["family"], face["weight"]) for face in found} == {
        (family, weight)
        for family in ("Noto Sans", "Noto Sans Arabic")
        for weight in ("400", "700")
    }
    for face in found:
        assert codes(face["range"]) == cmap(face["file"]), face["file"]


def test_the_arabic_core_faces_draw_every_arabic_character_of_the_site():
    arabic = {code for code in site_characters() if is_arabic_script(code)}
    assert len(arabic) > 30  # the catalogues were read
    for weight in (400, 700):
        core = cmap(f"fonts/noto-sans-arabic-core-{weight}.woff2")
        assert arabic <= core, sorted(hex(code) for code in arabic - core)
        assert CORE_ARABIC - {0x200F} <= core  # and every letter a person may type
        # Not the spaces: Noto Sans stays the primary font, whose metrics size the boxes.
        assert not {0x20, 0xA0} & core


def test_the_faces_a_page_loads_first_are_light():
    sizes = {path.name: path.stat().st_size for path in (STATIC / "fonts").glob("*.woff2")}
    for weight in (400, 700):
        assert sizes[f"noto-sans-arabic-core-{weight}.woff2"] < 14_000
        assert sizes[f"noto-sans-latin-{weight}.woff2"] < 14_000


@pytest.mark.django_db
def test_a_page_preloads_only_its_own_scripts_faces(client):
    french = client.get("/fr/").text
    arabic = client.get("/ar/").text
    preloads = re.compile(
        r'<link rel="preload" href="[^"]*/fonts/([^"]+?)(?:\.[0-9a-f]{12})?\.woff2"'
    )
    assert preloads.findall(french) == ["noto-sans-latin-400", "noto-sans-latin-700"]
    assert preloads.findall(arabic) == [
        "noto-sans-arabic-core-400",
        "noto-sans-arabic-core-700",
        "noto-sans-latin-400",
    ]
