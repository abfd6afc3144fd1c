"""Who reaches high-needs funding: the SENDCo, the assistant SENDCo (whose job descriptions give them
the applications' paperwork and the tracking of the funding), the head and the business manager read
the frameworks and applications; the SENDCo and the assistant change them; the funding view, with
provision costs and the notional SEN budget, is for the SENDCo, head and business manager. A pupil's
funding section needs the pupil in scope too, so the business manager reads applications from the
school's list. Everyone else gets 404."""

from __future__ import annotations

from ..access_matrix import R, allowed
from .factories import application_for, framework_for

FUNDING_READERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD, R.BUSINESS_MANAGER}
FUNDING_MANAGERS = {R.SENDCO, R.ASSISTANT_SENDCO}
FUNDING_VIEWERS = {R.SENDCO, R.HEAD, R.BUSINESS_MANAGER}
PUPIL_FUNDING_READERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD}

RULES = {
    "funding:view": allowed(FUNDING_VIEWERS),
    "funding:view-xlsx": allowed(FUNDING_VIEWERS),
    "funding:frameworks": allowed(FUNDING_READERS),
    "funding:framework-add": allowed(FUNDING_MANAGERS),
    "funding:framework": allowed(FUNDING_READERS),
    "funding:framework-edit": allowed(FUNDING_MANAGERS),
    "funding:framework-archive": allowed(FUNDING_MANAGERS),
    "funding:band-add": allowed(FUNDING_MANAGERS),
    "funding:band-archive": allowed(FUNDING_MANAGERS),
    "funding:applications": allowed(FUNDING_READERS),
    "funding:application": allowed(FUNDING_READERS),
    "funding:application-edit": allowed(FUNDING_MANAGERS),
    "funding:application-archive": allowed(FUNDING_MANAGERS),
    "funding:pupil": allowed(PUPIL_FUNDING_READERS),
    "funding:application-add": allowed(FUNDING_MANAGERS),
}


def url_kwargs(cast) -> dict:
    framework = framework_for(cast.school)
    band = framework.bands.first()
    application = application_for(cast.taught_pupil, cast.school, band=band)
    return {"framework_id": framework.public_id, "band_id": band.pk, "application_id": application.public_id}
