"""Who reaches the passport pages: anyone who reads SEND records for the pupil (the teacher and TA
of the matrix's pupil included); only plan editors change a passport."""

from __future__ import annotations

from tests.access_matrix import PLAN_EDITORS, TAUGHT_PUPIL_SEN_READERS, allowed

from .helpers import make_passport

RULES = {
    "passports:passport": allowed(TAUGHT_PUPIL_SEN_READERS),
    "passports:version": allowed(TAUGHT_PUPIL_SEN_READERS),
    "passports:photo": allowed(TAUGHT_PUPIL_SEN_READERS),
    "passports:edit": allowed(PLAN_EDITORS),
    "passports:pupil-pdf": allowed(TAUGHT_PUPIL_SEN_READERS),
    # The group is 3 Oak, the matrix pupil's class: the designated teacher sees nobody in it.
    "passports:group-pdf": allowed(TAUGHT_PUPIL_SEN_READERS),
}


def url_kwargs(cast) -> dict:
    version = make_passport(cast.taught_pupil, cast.school, cast["sendco"], photo=True)
    return {"passport_version": version.number, "group_id": cast.group.public_id}
