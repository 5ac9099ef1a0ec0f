import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from carres.uploads import pdf_active_content, validate_upload
from tests.factories import files
from tests.factories.files import EXE, jpeg_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
DAMAGED = "Ce PDF est endommagé ou incomplet : enregistrez-le à nouveau et réessayez."


def refusal(data, name="statuts.pdf"):
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, data))
    return caught.value.code, caught.value.messages


def test_validate_upload_accepts_pdf_png_and_jpeg():
    assert validate_upload(SimpleUploadedFile("statuts.pdf", PDF)) == "application/pdf"
    assert validate_upload(SimpleUploadedFile("plan.png", png_bytes())) == "image/png"
    assert validate_upload(SimpleUploadedFile("photo.jpg", jpeg_bytes())) == "image/jpeg"


def test_validate_upload_replaces_the_claimed_type_by_the_sniffed_one():
    upload = SimpleUploadedFile("plan.pdf", png_bytes(), content_type="text/html")

    assert (validate_upload(upload), upload.content_type) == ("image/png", "image/png")


def test_validate_upload_refuses_renamed_executable():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("statuts.pdf", EXE, content_type="application/pdf"))
    assert caught.value.code == "bad_type"


def test_validate_upload_refuses_oversized_file_with_clear_message(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * (2048 - len(PDF))))
    assert caught.value.messages == [
        "Le fichier est trop volumineux (2,0\xa0Kio) : la limite est de 1,0\xa0Kio."
    ]


# --- Active content in PDFs ------------------------------------------------------------

ACTIVE = [
    ("open_action_js", lambda: pdf_bytes(build=files.with_open_action_js), "du JavaScript"),
    ("names_tree_js", lambda: pdf_bytes(build=files.with_names_tree_js), "du JavaScript"),
    ("page_aa_js", lambda: pdf_bytes(build=files.with_page_aa_js), "du JavaScript"),
    (
        "js_in_object_stream",
        lambda: pdf_bytes(build=files.with_page_aa_js, object_streams=True),
        "du JavaScript",
    ),
    ("js_in_incremental_update", files.pdf_with_js_in_incremental_update, "du JavaScript"),
    ("js_in_earlier_revision", files.pdf_with_js_only_in_an_earlier_revision, "du JavaScript"),
    ("hex_escaped_name", files.pdf_with_hex_escaped_javascript, "du JavaScript"),
    (
        "launch",
        lambda: pdf_bytes(build=files.with_launch),
        "une commande qui lance un programme",
    ),
    (
        "embedded_files",
        lambda: pdf_bytes(build=files.with_embedded_file),
        "des fichiers incorporés",
    ),
    (
        "file_attachment_annotation",
        lambda: pdf_bytes(build=files.with_file_attachment_annotation),
        "des fichiers incorporés",
    ),
    (
        "rich_media",
        lambda: pdf_bytes(build=files.with_rich_media),
        "du contenu multimédia (RichMedia, Flash)",
    ),
    ("xfa", lambda: pdf_bytes(build=files.with_xfa), "un formulaire XFA"),
]


@pytest.mark.parametrize(("case", "build", "what"), ACTIVE, ids=[case[0] for case in ACTIVE])
def test_pdf_with_active_content_is_refused_naming_it(case, build, what):
    assert refusal(build()) == (
        "pdf_active_content",
        [
            f"Ce PDF contient {what}, ce qui n'est pas accepté pour des raisons de sécurité. "
            "Imprimez-le en PDF (ou exportez-le en « PDF/A ») et envoyez ce nouveau fichier."
        ],
    )


def test_js_in_object_stream_is_invisible_to_a_byte_search_but_found():
    data = pdf_bytes(build=files.with_page_aa_js, object_streams=True)
    assert b"JavaScript" not in data  # compressed inside the object stream
    assert pdf_active_content(io.BytesIO(data)) == {"javascript"}


def test_pdf_naming_several_kinds_lists_them_all():
    def build(pdf):
        files.with_launch(pdf)
        files.with_xfa(pdf)

    _code, messages = refusal(pdf_bytes(build=build))
    assert messages[0].startswith(
        "Ce PDF contient une commande qui lance un programme, un formulaire XFA, ce qui"
    )


def test_pdf_with_links_and_open_at_page_is_accepted():
    data = pdf_bytes(3, build=files.with_uri_link_and_goto)
    assert validate_upload(SimpleUploadedFile("plan.pdf", data)) == "application/pdf"


def test_pdf_refused_in_arabic_for_an_arabic_user(settings):

    with translation.override("ar"):
        _code, messages = refusal(pdf_bytes(build=files.with_open_action_js))
    assert messages == [
        "يحتوي ملف PDF هذا على شيفرة JavaScript، وهو أمر غير مقبول لأسباب أمنية. اطبعه بصيغة "
        "PDF (أو صدّره بصيغة «PDF/A») ثم أرسل الملف الجديد."
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%%EOF\n",  # a header and nothing else
        b"%PDF-1.7\n" + b"\x00\xff" * 500,  # garbage after the header
        PDF[: len(PDF) // 2],  # truncated: no cross-reference table
        PDF[:-40],  # truncated just before the end
    ],
    ids=["empty", "garbage", "truncated_half", "truncated_end"],
)
def test_damaged_or_truncated_pdf_is_refused_cleanly(data):
    assert refusal(data) == ("pdf_damaged", [DAMAGED])


def test_password_protected_pdf_is_refused():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    assert refusal(buffer.getvalue()) == (
        "pdf_encrypted",
        ["Ce PDF est protégé par un mot de passe : envoyez-le sans mot de passe."],
    )


# --- Images ----------------------------------------------------------------------------


def test_decompression_bomb_png_is_refused_before_decoding():
    bomb = files.png_bomb()  # 20000 × 20000 pixels
    assert len(bomb) < 64 * 1024
    assert refusal(bomb, "plan.png") == (
        "too_many_pixels",
        [
            "Cette image est trop grande : la limite est de 40 millions de pixels. "
            "Réduisez-la et réessayez."
        ],
    )


def test_image_over_the_pixel_budget_is_refused_with_its_size():
    assert refusal(files.png_bomb(10000, 5000), "plan.png") == (
        "too_many_pixels",
        [
            "Cette image est trop grande (10000 × 5000 pixels) : la limite est de 40 millions "
            "de pixels. Réduisez-la et réessayez."
        ],
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plan.png", png_bytes((300, 300))[:-40]),
        ("photo.jpg", jpeg_bytes((400, 300))[:-200]),
        ("photo.jpg", jpeg_bytes()[:300] + b"\x00" * 500),
        ("plan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ],
    ids=["truncated_png", "truncated_jpeg", "corrupted_jpeg", "png_header_only"],
)
def test_corrupted_image_is_refused(name, data):
    assert refusal(data, name) == (
        "bad_image",
        ["Cette image est endommagée ou illisible : enregistrez-la à nouveau et réessayez."],
    )


def test_truncated_jpeg_is_refused_even_after_weasyprint_relaxed_pillow():
    from PIL import ImageFile

    import carres.pdf  # noqa: F401 - imports WeasyPrint, which sets the flag below

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    assert refusal(jpeg_bytes((400, 300))[:-200], "photo.jpg")[0] == "bad_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back for WeasyPrint


# --- Disguised files -------------------------------------------------------------------

MARKUP = "Les fichiers SVG, HTML ou XML sont refusés : ils peuvent contenir du code."


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", files.HTML),
        ("logo.png", files.SVG_SCRIPT),
        ("logo.svg", files.SVG_EVENT),
        ("logo.pdf", files.SVG_EXTERNAL),
    ],
    ids=["html_as_png", "svg_script", "svg_event_handler", "svg_external_reference"],
)
def test_markup_is_refused_whatever_its_name(name, data):
    assert refusal(data, name) == ("markup", [MARKUP])


def test_zip_bomb_named_pdf_is_refused_unopened():
    bomb = files.zip_bomb()  # 100 MB of zeros once inflated
    assert len(bomb) < 200 * 1024
    assert refusal(bomb) == (
        "bad_type",
        ["Ce fichier n'est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié)."],
    )


def test_pdf_of_too_many_objects_is_refused_before_parsing(settings):
    settings.UPLOAD_MAX_PDF_OBJECTS = 50
    many = pdf_bytes(60)  # 60 pages: more than 120 objects
    assert refusal(many) == (
        "pdf_too_complex",
        [
            "Ce PDF est trop complexe (plus de 50 objets) : imprimez-le en PDF et envoyez ce "
            "nouveau fichier."
        ],
    )
    # Objects hidden in object streams are counted from the declared /Size.
    assert b" obj" in pdf_bytes(60, object_streams=True)
    assert refusal(pdf_bytes(60, object_streams=True))[0] == "pdf_too_complex"


def test_object_limit_is_shown_grouped_in_the_users_language(settings):

    settings.UPLOAD_MAX_PDF_OBJECTS = 1000
    with translation.override("en"):
        assert refusal(pdf_bytes(600))[1] == [
            "This PDF is too complex (over 1,000 objects): print it to PDF and send that new file."
        ]
