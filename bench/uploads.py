"""Benchmark the upload checks that run in the web request (carres.uploads.validate_upload).

Usage: python -m bench uploads [N]
For each file kind: p50 / p95 of N checks, and the file's size. With CLAMD_SOCKET (or
CLAMD_HOST) set, also the clamd INSTREAM scan of the largest PDF. No database needed.
"""

import argparse
import io
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

import logging  # noqa: E402

import pikepdf  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from carres import antivirus  # noqa: E402
from carres.uploads import validate_upload  # noqa: E402

logging.getLogger("pikepdf").setLevel(logging.WARNING)


def pdf(pages, *, padding=0, objects_per_page=0):
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page()
    for page in document.pages[: pages if objects_per_page else 0]:
        # Many small annotations: the object walk's worst case per byte.
        page.obj.Annots = pikepdf.Array(
            [
                document.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=pikepdf.Array([0, 0, 10, 10]),
                        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://x")),
                    )
                )
                for _ in range(objects_per_page)
            ]
        )
    if padding:
        document.Root["/Padding"] = document.make_stream(random.Random(0).randbytes(padding))
    buffer = io.BytesIO()
    document.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def image(size, image_format, **options):
    buffer = io.BytesIO()
    Image.radial_gradient("L").resize(size).convert("RGB").save(buffer, image_format, **options)
    return buffer.getvalue()


def measure(label, name, data, runs):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        validate_upload(SimpleUploadedFile(name, data))
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(
        f"{label:<44} {len(data) / 1_048_576:7.2f} MB   p50 {statistics.median(timings):8.1f} ms"
        f"   p95 {p95:8.1f} ms"
    )


def main(runs):
    cases = [
        ("PDF, 1 page", "a.pdf", pdf(1)),
        ("PDF, 300 pages", "b.pdf", pdf(300)),
        ("PDF, 200 pages x 50 annotations (10k objects)", "c.pdf", pdf(200, objects_per_page=50)),
        ("PDF, 9.5 MB of stream data", "d.pdf", pdf(5, padding=9_500_000)),
        ("PNG, 2480 x 3508 (A4 at 300 dpi)", "e.png", image((2480, 3508), "PNG")),
        ("JPEG, 6000 x 6000 (36 MP photo)", "f.jpg", image((6000, 6000), "JPEG", quality=85)),
    ]
    print(f"validate_upload, {runs} runs each")
    for label, name, data in cases:
        measure(label, name, data, runs)
    if antivirus.is_configured():
        data = cases[3][2]
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            antivirus.scan(io.BytesIO(data))
            timings.append((time.perf_counter() - start) * 1000)
        print(f"clamd INSTREAM of the 9.5 MB PDF: p50 {statistics.median(timings):.1f} ms")


def command():
    """`python -m bench uploads [N]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=10, help="checks of each file kind")
    return main(parser.parse_args().count)
