"""Passports' part of a subject access export: every version, and the photos as they are stored."""

from __future__ import annotations

from opensend.pupils.subject_access import Attachment, Part, table

from .models import SECTION_FIELDS, PassportPhoto, PassportVersion

EXTENSIONS = {PassportPhoto.ContentType.JPEG: "jpg", PassportPhoto.ContentType.PNG: "png"}


def passports(pupil, school) -> list[Part]:
    versions = (
        PassportVersion.objects.filter(pupil=pupil, school=school)
        .select_related("school", "created_by")
        .order_by("number")
    )
    photos = PassportPhoto.objects.filter(pupil=pupil, versions__school=school).distinct().order_by("pk")
    return [
        table(
            "passport-versions",
            "Pupil passport, every version",
            versions,
            ["number", "school", *SECTION_FIELDS, "voice_method", "voice_note", "created_by", "created_at"],
        ),
        *(
            Attachment(f"passport-photo-{index}.{EXTENSIONS[photo.content_type]}", bytes(photo.content))
            for index, photo in enumerate(photos, start=1)
        ),
    ]
