"""Who reaches the register's pages: the register and its exports, the census check, a pupil's SEN
section and the forms that change it."""

from __future__ import annotations

from ..access_matrix import CENSUS_READERS, REGISTER_EDITORS, REGISTER_READERS, TAUGHT_PUPIL_SEN_READERS, allowed

RULES = {
    "register:list": allowed(REGISTER_READERS),
    "register:export-xlsx": allowed(REGISTER_READERS),
    "register:export-csv": allowed(REGISTER_READERS),
    "register:census": allowed(CENSUS_READERS),
    "register:sen": allowed(TAUGHT_PUPIL_SEN_READERS),
    # Each form answers GET with the form, or with why the change does not apply to this pupil now.
    "register:provision-change": allowed(REGISTER_EDITORS),
    "register:needs-change": allowed(REGISTER_EDITORS),
    "register:monitoring-add": allowed(REGISTER_EDITORS),
    "register:monitoring-end": allowed(REGISTER_EDITORS),
    "register:base-start": allowed(REGISTER_EDITORS),
    "register:base-end": allowed(REGISTER_EDITORS),
}


def url_kwargs(cast) -> dict:
    return {}
