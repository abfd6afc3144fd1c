"""Checking an uploaded passport photo and making the copy we keep.

Only JPEG and PNG files are accepted, recognised by their first bytes rather than the name or the
type the browser claims. The kept copy is re-encoded: that drops the metadata phones add (often the
place the photo was taken, which for a child's photo must not travel with it) and makes it small
enough that a class set of passports stays a small PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

from .models import PassportPhoto

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Passports show the photo a few centimetres wide; 600 pixels is sharp in print at that size.
KEPT_SIDE = 600
# Refuse images whose pixels would take hundreds of megabytes to decode, whatever their file size.
MAX_PIXELS = 40_000_000

NOT_AN_IMAGE = "The photo must be a JPEG or PNG image."
UNREADABLE = "The photo could not be read. Save it again as a JPEG or PNG and upload it again."
TOO_LARGE = "The photo must be smaller than 2 MB."


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str


def sniff_content_type(data: bytes) -> str | None:
    if data.startswith(JPEG_MAGIC):
        return PassportPhoto.ContentType.JPEG
    if data.startswith(PNG_MAGIC):
        return PassportPhoto.ContentType.PNG
    return None


def clean_photo(data: bytes) -> CleanPhoto:
    """The photo as we keep it, or a ValidationError saying what is wrong with the upload."""
    if len(data) > PassportPhoto.MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too-large")
    content_type = sniff_content_type(data)
    if content_type is None:
        raise ValidationError(NOT_AN_IMAGE, code="not-an-image")
    image_format = "JPEG" if content_type == PassportPhoto.ContentType.JPEG else "PNG"
    try:
        with Image.open(BytesIO(data), formats=[image_format]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(UNREADABLE, code="too-many-pixels")
            image.verify()
        with Image.open(BytesIO(data), formats=[image_format]) as image:
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((KEPT_SIDE, KEPT_SIDE))
            out = BytesIO()
            if image_format == "JPEG":
                upright.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            else:
                upright.save(out, "PNG", optimize=True)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error
    return CleanPhoto(out.getvalue(), content_type)
