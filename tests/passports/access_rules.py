"""Who reaches the passport pages: anyone who reads SEND records for the pupil (the teacher and TA
of the matrix's pupil included); only plan editors change a passport. Plan contributors (the TA too)
suggest changes, which plan editors accept or decline."""

from __future__ import annotations

from opensend.passports.models import PassportSuggestion
from tests.access_matrix import PLAN_CONTRIBUTORS, PLAN_EDITORS, TAUGHT_PUPIL_SEN_READERS, allowed

from .helpers import make_passport

RULES = {
    "passports:passport": allowed(TAUGHT_PUPIL_SEN_READERS),
    "passports:version": allowed(TAUGHT_PUPIL_SEN_READERS),
    "passports:photo": allowed(TAUGHT_PUPIL_SEN_READERS),
    "passports:edit": allowed(PLAN_EDITORS),
    "passports:pupil-pdf": allowed(TAUGHT_PUPIL_SEN_READERS),
    # The group is 3 Oak, the matrix pupil's class: the designated teacher sees nobody in it.
    "passports:group-pdf": allowed(TAUGHT_PUPIL_SEN_READERS),
    "passports:suggest": allowed(PLAN_CONTRIBUTORS),
    "passports:suggestion": allowed(PLAN_EDITORS),
    "passports:suggestion-accept": allowed(PLAN_EDITORS, method="post", ok=302, data={}),
    "passports:suggestion-decline": allowed(PLAN_EDITORS, method="post", ok=302, data={"decline-note": "Not yet"}),
}


def url_kwargs(cast) -> dict:
    version = make_passport(cast.taught_pupil, cast.school, cast["sendco"], photo=True)
    suggestion = PassportSuggestion.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        section="helps_me",
        text="Short instructions, one at a time",
        based_on=version.number,
        suggested_by=cast["ta"],
    )
    return {"passport_version": version.number, "group_id": cast.group.public_id, "suggestion_id": suggestion.pk}
