"""The contact log's part of a subject access export: every contact this school logged with the
pupil's parents and carers."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, table

from .models import FamilyContact

FIELDS = [
    "school",
    "contacted_on",
    "method",
    "contact_with",
    "by",
    "said",
    "agreed",
    "follow_up",
    "follow_up_by",
    "follow_up_done_on",
]


def family_contacts(pupil, school) -> list[Part]:
    entries = FamilyContact.objects.filter(pupil=pupil, school=school).select_related("school", "contact_with", "by")
    return [table("family-contacts", "Contacts with parents and carers", entries, FIELDS)]
