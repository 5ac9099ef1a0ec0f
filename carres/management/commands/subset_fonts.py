"""Cut the site's web fonts down to the characters it draws: static/fonts/ and static/css/fonts.css.

    DEBUG=true .venv/bin/python manage.py subset_fonts [--check]

The sources are the @fontsource npm packages (package.json): Noto Sans (its Latin subset) and
Noto Sans Arabic (its Arabic subset, 48-50 KB a weight, with Persian, Urdu, Sindhi... letters,
presentation forms and many ligatures the site never shows). Out of each weight in use (400
and 700) come:

- `noto-sans-arabic-core-W.woff2`: the Arabic letters, marks, digits and punctuation of
  Arabic (CORE_ARABIC, with the Maghreb's ڤ ڭ ڨ گ) and every Arabic-script character of the
  site's templates and catalogues: about a fifth of the source, and all the Arabic an
  Arabic page needs;
- `noto-sans-arabic-rest-W.woff2`: every other character of the source, fetched by a
  browser only for a page that shows one (a name typed in Persian or Urdu letters);
- `noto-sans-latin-W.woff2`: the Latin subset, as fontsource cuts it (any French or English
  text a person types must render), without the hinting instructions.

fonts.css is written with an @font-face per file whose `unicode-range` is exactly what the
file holds, so that a browser fetches a face only for a page that shows one of its
characters: a French page never the Arabic, an Arabic page the Latin only where Latin
letters appear. Both are committed; run the command again after a change of the font
packages, or when the test tests/carres/test_fonts.py says the site draws a character the
faces lack. `--check` writes nothing and fails when the committed files differ from what the
command would write.
"""

import io
import logging
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from fontTools import subset
from fontTools.ttLib import TTFont

FONTSOURCE = settings.BASE_DIR / "node_modules" / "@fontsource"
OUT = settings.BASE_DIR / "static" / "fonts"
CSS = settings.BASE_DIR / "static" / "css" / "fonts.css"
WEIGHTS = (400, 700)


def _ranges(*pairs):
    return {code for low, high in pairs for code in range(low, high + 1)}


# Not the space: the first face of a page's fonts that holds U+0020 is its "primary font",
# whose ascent and descent make the height of a `line-height: normal` box. Noto Sans Arabic's
# are half as tall again as Noto Sans's: with the space in it, every select and button of an
# Arabic page grew. The space stays Noto Sans's (fetched on Arabic pages anyway, for the
# digits and Latin names they show), as before the fonts were cut.
CORE_ARABIC = _ranges(
    (0x060C, 0x060C),  # ،
    (0x061B, 0x061B),  # ؛
    (0x061F, 0x061F),  # ؟
    (0x0621, 0x063A),  # the letters
    (0x0640, 0x0655),  # tatweel, letters, harakat
    (0x0660, 0x066D),  # Arabic-Indic digits, percent, separators
    (0x0670, 0x0671),  # superscript alef, alef wasla
    (0x06A4, 0x06A4),  # ڤ (v)
    (0x06A8, 0x06A8),  # ڨ
    (0x06AD, 0x06AD),  # ڭ (Moroccan g)
    (0x06AF, 0x06AF),  # گ
    (0x200C, 0x200F),  # joiners and direction marks
)


def is_arabic_script(code):
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFF


def site_characters():
    """Every character of the site's own text: templates and translation catalogues."""
    base = settings.BASE_DIR
    skip = {"node_modules", ".venv", "var", "tests", ".git"}
    text = io.StringIO()
    for path in sorted(base.rglob("*")):
        if skip & set(path.relative_to(base).parts):
            continue
        if path.suffix == ".html":
            text.write(path.read_text(encoding="utf-8"))
        elif path.suffix == ".po":
            for entry in polib.pofile(str(path)):
                text.write(entry.msgid)
                text.write(entry.msgstr)
                for plural in entry.msgstr_plural.values():
                    text.write(plural)
    return {ord(char) for char in text.getvalue()}


def unicode_range(codes):
    """{0x20, 0x21, 0x22, 0x41} -> 'U+0020-0022, U+0041'."""
    codes = sorted(codes)
    parts = []
    start = previous = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        parts.append(f"U+{start:04X}" if start == previous else f"U+{start:04X}-{previous:04X}")
        if code is not None:
            start = previous = code
    return ", ".join(parts)


def cut(source, codes):
    """The woff2 bytes of `source` (a path) holding `codes` (and what shaping them needs)."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Arabic joins through init/medi/fina/rlig/mark...
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names, version (the OFL asks it)
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def face(family, weight, file, codes):
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        "  font-style: normal;\n"
        f"  font-weight: {weight};\n"
        "  font-display: swap;\n"
        f'  src: url("../fonts/{file}") format("woff2");\n'
        f"  unicode-range: {unicode_range(codes)};\n"
        "}\n"
    )


def build():
    """{relative path: bytes} of every file the command writes."""
    used = site_characters()
    files = {}
    css = [
        "/* Written by `manage.py subset_fonts` (carres/management/commands/subset_fonts.py):\n"
        "   do not edit. Each face holds exactly its unicode-range: a page fetches a face only\n"
        "   when it shows one of its characters. */\n"
    ]
    for weight in WEIGHTS:
        latin_source = FONTSOURCE / "noto-sans" / "files" / f"noto-sans-latin-{weight}-normal.woff2"
        latin_codes = set(TTFont(str(latin_source)).getBestCmap()) - {0x0, 0xD}
        name = f"noto-sans-latin-{weight}.woff2"
        files[f"fonts/{name}"] = cut(latin_source, latin_codes)
        css.append(face("Noto Sans", weight, name, latin_codes))

        arabic_source = (
            FONTSOURCE
            / "noto-sans-arabic"
            / "files"
            / f"noto-sans-arabic-arabic-{weight}-normal.woff2"
        )
        available = set(TTFont(str(arabic_source)).getBestCmap()) - {0x0, 0xD}
        core = (CORE_ARABIC | {code for code in used if is_arabic_script(code)}) & available
        rest = available - core - {0x20, 0xA0}  # the spaces are Noto Sans's (CORE_ARABIC)
        for part, codes in (("core", core), ("rest", rest)):
            name = f"noto-sans-arabic-{part}-{weight}.woff2"
            files[f"fonts/{name}"] = cut(arabic_source, codes)
            css.append(face("Noto Sans Arabic", weight, name, codes))
    files["css/fonts.css"] = "\n".join(css).encode()
    return files


class Command(BaseCommand):
    help = "Cut the web fonts to the characters the site draws (static/fonts, fonts.css)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the files differ")

    def handle(self, *args, check=False, **options):
        logging.getLogger("fontTools").setLevel(logging.WARNING)  # it lists every glyph
        static = Path(settings.BASE_DIR) / "static"
        files = build()
        stale = [
            path
            for path, content in files.items()
            if not (static / path).exists() or (static / path).read_bytes() != content
        ]
        if check:
            if stale:
                raise CommandError(f"out of date, run manage.py subset_fonts: {', '.join(stale)}")
            self.stdout.write("The fonts are up to date.")
            return
        OUT.mkdir(parents=True, exist_ok=True)
        for path, content in files.items():
            (static / path).write_bytes(content)
            self.stdout.write(f"{path}: {len(content):,} bytes")
