from ..access_matrix import MY_CLASS_READERS, SEN_READERS, TAUGHT_PUPIL_SEN_READERS, allowed

RULES = {
    "dashboards:dashboard": allowed(SEN_READERS),
    "dashboards:my-class": allowed(MY_CLASS_READERS),
    "dashboards:chronology": allowed(TAUGHT_PUPIL_SEN_READERS),
}


def url_kwargs(cast) -> dict:
    return {}
