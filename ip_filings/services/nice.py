"""The Nice classification: loading it (starter data file, WIPO master files)."""

import json
import re
import xml.etree.ElementTree as ET  # nosec B405  # WIPO's master files, DTDs and entities refused (parse_ncl_file)
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ip_filings.models import NiceClass, NiceTerm, parse_class_number

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "nice.json"
LANGUAGES = ("fr", "ar", "en")


# --- the starter data file -----------------------------------------------------------------


@transaction.atomic
def load_nice_data(path=DATA_FILE):
    """Create or update the 45 classes and the starter terms from `nice.json`. Idempotent.

    A term already present (same class and French wording) is updated, never duplicated;
    terms an administrator added are left alone. Returns (classes, terms) counts.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    edition = data.get("edition", "")
    term_count = 0
    for item in data["classes"]:
        heading = item["heading"]
        nice_class, _ = NiceClass.objects.update_or_create(
            number=item["number"],
            defaults={
                "heading_fr": heading["fr"],
                "heading_en": heading["en"],
                "heading_ar": heading["ar"],
                "edition": edition,
                "needs_review": item.get("heading_needs_review", False),
            },
        )
        # The class's terms in one query, not one per term (seed_demo runs this in many tests).
        existing = {}
        for known in NiceTerm.objects.filter(nice_class=nice_class):
            existing.setdefault(known.term_fr, known)  # the first by the model's ordering
        for term in item["terms"]:
            target = existing.get(term["fr"]) or NiceTerm(nice_class=nice_class)
            target.term_fr = term["fr"]
            target.term_en = term["en"]
            target.term_ar = term["ar"]
            target.needs_review = term.get("needs_review", False)
            target.save()
            term_count += 1
    return len(data["classes"]), term_count


# --- WIPO NCL master files (XML) ----------------------------------------------------------


@dataclass
class ParsedClass:
    number: int
    heading: str = ""
    terms: dict = field(default_factory=dict)  # basic number -> label


def _local(tag):
    return tag.rsplit("}", 1)[-1].lower()


def _text(element):
    return " ".join("".join(element.itertext()).split())


_CLASS_TAGS = {"class", "classelement", "niceclass"}
_HEADING_TAGS = {"classheading", "heading", "classtitle"}
_TERM_TAGS = {"goodorservice", "goodsandservicesitem", "item", "term", "listitem", "indication"}
_LABEL_TAGS = {"label", "text", "indicationtext", "wording", "name"}
_NUMBER_ATTRS = ("classNumber", "classnumber", "number", "classNo", "no")
_BASIC_ATTRS = ("basicNumber", "basicnumber", "basicNo", "id", "number")


def _attr(element, names):
    for name in names:
        value = element.get(name)
        if value:
            return value.strip()
    return ""


def detect_language(root, filename=""):
    for key, value in root.attrib.items():
        if _local(key) in {"lang", "language"} and value[:2].lower() in LANGUAGES:
            return value[:2].lower()
    match = re.search(r"(?:^|[-_.])(fr|en|ar)(?:[-_.]|$)", Path(filename).name.lower())
    return match.group(1) if match else ""


def parse_ncl_xml(source):
    """Parse one NCL master file (one language) into {class number: ParsedClass}, language.

    Written against the published structure of WIPO's NCL master files — a root in one
    language (`xml:lang` / `lang`, or the language code in the file name), one element per
    class carrying its number, a class heading, and goods/services items carrying their
    basic number and label. Element names vary between editions, so the parser matches
    local names case-insensitively and ignores namespaces and unknown elements.
    ValueError when the file holds no class.
    """
    # The master files are trusted, but refuse DTDs/entities all the same (no XXE).
    raw = Path(source).read_bytes()
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise ValueError("DTDs and entities are not accepted in NCL files")
    root = ET.fromstring(raw)  # noqa: S314 - DTD/entities refused above  # nosec B314  # DTDs and entities refused just above
    language = detect_language(root, str(source))
    classes = {}
    for element in root.iter():
        if _local(element.tag) not in _CLASS_TAGS:
            continue
        number_text = _attr(element, _NUMBER_ATTRS)
        if not number_text:
            child = next((c for c in element if _local(c.tag) in {"classnumber", "number"}), None)
            number_text = _text(child) if child is not None else ""
        number = parse_class_number(number_text)
        if number is None:
            continue
        parsed = classes.setdefault(number, ParsedClass(number))
        for child in element.iter():
            name = _local(child.tag)
            if name in _HEADING_TAGS and not parsed.heading:
                parsed.heading = _text(child)
            elif name in _TERM_TAGS:
                label_element = next((c for c in child if _local(c.tag) in _LABEL_TAGS), None)
                label = _text(label_element if label_element is not None else child)
                basic = _attr(child, _BASIC_ATTRS) or f"{parsed.number:02d}-{label}"
                if label:
                    parsed.terms[basic] = label
    if not classes:
        raise ValueError("no Nice class found in this file")
    return classes, language


@transaction.atomic
def import_ncl_files(paths, *, edition, language=None):
    """Load the classes and terms of one edition from master files (one per language).

    Terms are matched on (class, WIPO basic number): a second language fills the same
    rows. Official texts: imported terms and headings are not marked for review.
    Returns {"classes": n, "terms": n, "languages": [...]}.
    """
    parsed_by_language = {}
    for path in paths:
        classes, detected = parse_ncl_xml(path)
        lang = language or detected
        if lang not in LANGUAGES:
            raise ValueError(f"{path}: language unknown, pass --language fr|ar|en")
        parsed_by_language[lang] = classes
    term_rows = set()
    class_numbers = set()
    for lang, classes in parsed_by_language.items():
        for number, parsed in classes.items():
            nice_class, _ = NiceClass.objects.get_or_create(
                number=number, defaults={"heading_fr": parsed.heading, "edition": edition}
            )
            if parsed.heading:
                setattr(nice_class, f"heading_{lang}", parsed.heading)
            nice_class.edition = edition
            nice_class.needs_review = False
            nice_class.save()
            class_numbers.add(number)
            for basic, label in parsed.terms.items():
                term = NiceTerm.objects.filter(nice_class=nice_class, basic_number=basic).first()
                if term is None:
                    term = NiceTerm(nice_class=nice_class, basic_number=basic, term_fr=label)
                setattr(term, f"term_{lang}", label)
                term.needs_review = False
                term.save()
                term_rows.add(term.pk)
    return {
        "classes": len(class_numbers),
        "terms": len(term_rows),
        "languages": sorted(parsed_by_language),
    }
