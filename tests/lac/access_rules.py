"""Who reaches the designated teacher's register and PEPs: the designated teacher, the SENDCo, the
head and the DSL read them; the designated teacher and the SENDCo change them. Nobody else, the
pupil's own teachers and the assistant SENDCo included. The matrix's pupil is taught, not looked
after, so the designated teacher reaches the register but not that pupil."""

from __future__ import annotations

from ..access_matrix import R, allowed
from .factories import CareRecordFactory, PepFactory, PepTargetFactory

LAC_READERS = {R.DESIGNATED_TEACHER, R.SENDCO, R.HEAD, R.DSL}
# For the matrix's pupil, who is taught and not looked after: out of the designated teacher's scope.
TAUGHT_PUPIL_LAC_READERS = LAC_READERS - {R.DESIGNATED_TEACHER}
TAUGHT_PUPIL_LAC_EDITORS = {R.SENDCO}

RULES = {
    "lac:register": allowed(LAC_READERS),
    "lac:pupil": allowed(TAUGHT_PUPIL_LAC_READERS),
    "lac:record-add": allowed(TAUGHT_PUPIL_LAC_EDITORS, ok=302),
    "lac:contacts-edit": allowed(TAUGHT_PUPIL_LAC_EDITORS),
    "lac:status-edit": allowed(TAUGHT_PUPIL_LAC_EDITORS),
    "lac:pep-add": allowed(TAUGHT_PUPIL_LAC_EDITORS),
    "lac:pep": allowed(TAUGHT_PUPIL_LAC_READERS),
    "lac:pep-edit": allowed(TAUGHT_PUPIL_LAC_EDITORS),
    "lac:pep-print": allowed(TAUGHT_PUPIL_LAC_READERS),
    "lac:target-add": allowed(TAUGHT_PUPIL_LAC_EDITORS),
    "lac:target-edit": allowed(TAUGHT_PUPIL_LAC_EDITORS),
    "lac:spend-add": allowed(TAUGHT_PUPIL_LAC_EDITORS),
}


def url_kwargs(cast) -> dict:
    record = CareRecordFactory(pupil=cast.taught_pupil, school=cast.school)
    pep = PepFactory(record=record)
    target = PepTargetFactory(pep=pep)
    return {"pep_id": pep.public_id, "pep_target_id": target.public_id}
