"""The pupils app's part of a subject access export: details, enrolments, groups and contacts."""

from __future__ import annotations

from .models import Contact, Enrolment, GroupMembership, Pupil
from .subject_access import Part, Table, model_row, table

PUPIL_FIELDS = [
    "upn",
    "legal_surname",
    "legal_forename",
    "preferred_forename",
    "date_of_birth",
    "sex",
    "free_school_meals",
    "english_additional_language",
    "pupil_premium",
    "looked_after",
    "previously_looked_after",
    "medical_needs",
    "created_at",
    "archived_at",
    "archive_reason",
]


def pupil_details(pupil: Pupil, school) -> list[Part]:
    # Identity and contacts are the pupil's own; the schools and groups listed are this school's.
    enrolments = Enrolment.objects.filter(pupil=pupil, school=school).select_related("school", "year_group")
    groups = GroupMembership.objects.filter(pupil=pupil, group__school=school).select_related("group__school")
    contacts = Contact.objects.filter(pupil=pupil)
    return [
        Table("details", "Pupil details", [model_row(pupil, PUPIL_FIELDS)]),
        table(
            "enrolments",
            "Schools and dates on roll",
            enrolments,
            ["school", "year_group", "admission_date", "leaving_date", "leaving_reason"],
        ),
        Table(
            "groups",
            "Classes and groups",
            [{"School": str(m.group.school), "Group": m.group.name} for m in groups],
        ),
        table(
            "contacts",
            "Parents, carers and contacts",
            contacts,
            ["name", "relationship", "parental_responsibility", "priority", "phone", "email", "archived_at"],
        ),
    ]
