"""Shared test helpers: real images, page counts of PDFs and passports made directly."""

from __future__ import annotations

import re
import zlib
from io import BytesIO

from PIL import Image

from opensend.passports.models import PassportPhoto, PassportVersion

ABOUT_TIA = "My name is Tia and I'm 8. I live with my mum and our dog, Biscuit."
HELPS_TIA = "A visual timetable on my desk.\nOne instruction at a time."


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (40, 50)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(out, image_format)
    return out.getvalue()


def make_passport(pupil, school, author, *, number: int = 1, photo: bool = False, **sections) -> PassportVersion:
    """A saved version made directly (as the demo seeder does), without the service or its audit."""
    content = {"about_me": ABOUT_TIA, "helps_me": HELPS_TIA} | sections
    stored = None
    if photo:
        data = image_bytes()
        stored = PassportPhoto.objects.create(
            pupil=pupil, content=data, content_type="image/png", size=len(data), created_by=author
        )
    return PassportVersion.objects.create(
        pupil=pupil, school=school, number=number, photo=stored, created_by=author, **content
    )


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF, counting page objects in the file and in its compressed object streams."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", chunk)) for chunk in chunks)
