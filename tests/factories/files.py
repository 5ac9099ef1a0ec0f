"""Files for upload tests: real PDFs and images, and the hostile ones, built on the spot."""

import io
import re
import struct
import zipfile
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

# A string the test antivirus database (tests/carres/test_antivirus.py) knows as a virus.
TEST_VIRUS_MARKER = b"CARRES-TEST-VIRUS-SIGNATURE-0001"


def pdf_bytes(pages=1, *, title=None, build=None, object_streams=False):
    """A valid PDF; `build(pdf)` may add to it before it is saved."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if title is not None:
        pdf.docinfo["/Title"] = title
    if build is not None:
        build(pdf)
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        object_stream_mode=(
            pikepdf.ObjectStreamMode.generate
            if object_streams
            else pikepdf.ObjectStreamMode.disable
        ),
    )
    return buffer.getvalue()


def png_bytes(size=(4, 4), colour="green"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# --- Active content in PDFs ------------------------------------------------------------


def js_action(pdf, script="app.alert('x')"):
    return pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String(script)))


def with_open_action_js(pdf):
    pdf.Root.OpenAction = js_action(pdf)


def with_names_tree_js(pdf):
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), js_action(pdf)]))
    )


def with_page_aa_js(pdf):
    # Additional action run when the page opens, as a direct dictionary inside the page.
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("x()")))


def with_launch(pdf):
    pdf.Root.OpenAction = pdf.make_indirect(
        Dictionary(S=Name.Launch, F=String("cmd.exe"), Win=Dictionary(F=String("cmd.exe")))
    )


def with_embedded_file(pdf):
    data = pdf.make_stream(b"MZ payload")
    data.Type = Name.EmbeddedFile
    spec = Dictionary(Type=Name.Filespec, F=String("a.exe"), EF=Dictionary(F=data))
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("a.exe"), spec])))


def with_file_attachment_annotation(pdf):
    data = pdf.make_stream(b"payload")
    annotation = Dictionary(
        Type=Name.Annot,
        Subtype=Name.FileAttachment,
        Rect=Array([0, 0, 10, 10]),
        FS=Dictionary(Type=Name.Filespec, F=String("x.bin"), EF=Dictionary(F=data)),
    )
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(annotation)])


def with_rich_media(pdf):
    annotation = Dictionary(
        Type=Name.Annot,
        Subtype=Name.RichMedia,
        Rect=Array([0, 0, 10, 10]),
    )
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(annotation)])


def with_xfa(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))


def with_uri_link_and_goto(pdf):
    """Harmless interactivity that must stay accepted: a web link, open at page 1."""
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([0, 0, 10, 10]),
        A=Dictionary(S=Name.URI, URI=String("https://www.ompic.ma/")),
    )
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link)])
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])


def incremental_update(base, objects, *, root_extra=b"", free=()):
    """Append an incremental update to the classic-xref PDF `base`: new objects
    (`{number: body}`), when `root_extra` is given a new catalog carrying it, and the
    object numbers in `free` marked deleted."""
    with pikepdf.open(io.BytesIO(base)) as pdf:
        root_number = pdf.Root.objgen[0]
        pages_number = pdf.Root.Pages.objgen[0]
        size = int(pdf.trailer.Size)
    previous = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    body = bytearray(base)
    if not body.endswith(b"\n"):
        body += b"\n"
    offsets = {}
    if root_extra:
        objects = {
            **objects,
            root_number: b"<< /Type /Catalog /Pages %d 0 R " % pages_number + root_extra + b" >>",
        }
    for number, content in sorted(objects.items()):
        offsets[number] = len(body)
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref_at = len(body)
    body += b"xref\n0 1\n0000000000 65535 f \n"
    for number, offset in sorted(offsets.items()):
        body += b"%d 1\n%010d 00000 n \n" % (number, offset)
    for number in free:
        body += b"%d 1\n0000000000 00001 f \n" % number
    new_size = max(size, *(n + 1 for n in offsets))
    body += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        new_size,
        root_number,
        previous,
        xref_at,
    )
    return bytes(body)


def pdf_with_js_in_incremental_update():
    base = pdf_bytes(2)
    with pikepdf.open(io.BytesIO(base)) as pdf:
        number = int(pdf.trailer.Size)
    return incremental_update(
        base,
        {number: b"<< /S /JavaScript /JS (app.alert(1)) >>"},
        root_extra=b"/OpenAction %d 0 R" % number,
    )


def pdf_with_js_only_in_an_earlier_revision():
    """JavaScript in revision 1; revision 2 rewrites the catalog without it and deletes the
    script object. qpdf sees only the last revision; the raw search still finds the script."""
    first = pdf_bytes(1, build=with_open_action_js)
    with pikepdf.open(io.BytesIO(first)) as pdf:
        script = pdf.Root.OpenAction.objgen[0]
    return incremental_update(first, {}, root_extra=b"/PageMode /UseNone", free=[script])


def pdf_with_hex_escaped_javascript():
    """/J#61vaScript is /JavaScript once the name is decoded."""
    base = pdf_bytes(1)
    with pikepdf.open(io.BytesIO(base)) as pdf:
        number = int(pdf.trailer.Size)
    return incremental_update(
        base,
        {number: b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"},
        root_extra=b"/OpenAction %d 0 R" % number,
    )


# --- Broken and hostile files ------------------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SVG_EVENT = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
SVG_EXTERNAL = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="https://attacker.example/track.png" width="10" height="10"/></svg>'
)


def padded_pdf(size):
    """A valid PDF followed by a comment line filling it up to exactly `size` bytes."""
    data = pdf_bytes() + b"%"
    return data + b"0" * (size - len(data))


def large_pdf(payload):
    """A valid PDF over `payload` bytes: incompressible bytes in a stream of its own."""
    import random

    def build(pdf):
        pdf.Root["/CarresPadding"] = pdf.make_stream(random.Random(0).randbytes(payload))

    return pdf_bytes(build=build)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=20000, height=20000):
    """A 1-bit greyscale PNG of width × height pixels, all black: tens of kilobytes on disk,
    `width * height` pixels once decoded (400 million by default)."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = bytearray()
    rows_per_block = 1000
    for start in range(0, height, rows_per_block):
        idat += compressor.compress(row * min(rows_per_block, height - start))
    idat += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", bytes(idat))
        + png_chunk(b"IEND", b"")
    )


def zip_bomb(megabytes=100):
    """A zip whose one member inflates to `megabytes` MB of zeros (about 100 KB on disk)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as member,
    ):
        block = b"\x00" * (1024 * 1024)
        for _ in range(megabytes):
            member.write(block)
    return buffer.getvalue()


def release_quarantined():
    """Run the real quarantine scan, as the worker would, on every pending attachment."""
    from carres.enums import ScanStatus
    from carres.models import Attachment
    from carres.quarantine import scan_attachment

    ids = list(
        Attachment.objects.filter(scan_status=ScanStatus.PENDING).values_list("pk", flat=True)
    )
    return [scan_attachment(pk) for pk in ids]
