"""Who reaches the family contact log: the SEND leads and the head, for the matrix's pupil; the
co-production record and a person's follow-ups are theirs at the school."""

from __future__ import annotations

import datetime

from opensend.family.models import FamilyContact
from opensend.pupils.models import Contact

from ..access_matrix import R, allowed

FAMILY_CONTACT_KEEPERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD}

RULES = {
    "family:pupil": allowed(FAMILY_CONTACT_KEEPERS),
    "family:add": allowed(FAMILY_CONTACT_KEEPERS),
    # Any of them may mark a follow-up done; the matrix's follow-up is still open each time.
    "family:follow-up-done": allowed(FAMILY_CONTACT_KEEPERS, method="post", ok=302),
    "family:needs": allowed(FAMILY_CONTACT_KEEPERS),
    "family:follow-ups": allowed(FAMILY_CONTACT_KEEPERS),
    "family:co-production": allowed(FAMILY_CONTACT_KEEPERS),
}


def url_kwargs(cast) -> dict:
    carer = Contact.objects.create(pupil=cast.taught_pupil, name="Ada Parent", relationship="mother")
    entry = FamilyContact.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        contact_with=carer,
        method=FamilyContact.Method.CALL,
        contacted_on=datetime.date(2026, 10, 5),
        by=cast["sendco"],
        said="Talked about reading at home",
        follow_up="Send the reading list",
        follow_up_by=datetime.date(2026, 10, 12),
    )
    return {"carer_id": carer.pk, "entry_id": entry.public_id}
