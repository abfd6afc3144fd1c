from ..access_matrix import (
    MY_CLASS_READERS,
    PLAN_EDITORS,
    REGISTER_READERS,
    SEN_READERS,
    TAUGHT_PUPIL_SEN_READERS,
    allowed,
)

RULES = {
    "dashboards:dashboard": allowed(SEN_READERS),
    # The matrix opens the list of overdue reviews: for those who plan or keep the register.
    "dashboards:list": allowed(PLAN_EDITORS | REGISTER_READERS),
    "dashboards:my-class": allowed(MY_CLASS_READERS),
    "dashboards:chronology": allowed(TAUGHT_PUPIL_SEN_READERS),
}


def url_kwargs(cast) -> dict:
    return {"key": "overdue"}
