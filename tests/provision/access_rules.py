"""Who reaches each page of provision: the library is read by everyone who works on SEND and by
those who see costs; the SENDCo and the assistant change it."""

from __future__ import annotations

from ..access_matrix import SEN_READERS, R, allowed
from .factories import InterventionFactory

INTERVENTION_READERS = SEN_READERS | {R.BUSINESS_MANAGER}
PROVISION_MANAGERS = {R.SENDCO, R.ASSISTANT_SENDCO}

RULES = {
    "provision:library": allowed(INTERVENTION_READERS),
    "provision:intervention": allowed(INTERVENTION_READERS),
    "provision:intervention-add": allowed(PROVISION_MANAGERS),
    "provision:intervention-edit": allowed(PROVISION_MANAGERS),
    "provision:intervention-archive": allowed(PROVISION_MANAGERS),
    # The matrix's intervention is the school's own: copying it is refused with a message, sharing
    # it puts a copy in the trust library; both send the manager back to an intervention page.
    "provision:intervention-copy": allowed(PROVISION_MANAGERS, method="post", ok=302, data={}),
    "provision:intervention-share": allowed(PROVISION_MANAGERS, method="post", ok=302, data={}),
}


def url_kwargs(cast) -> dict:
    intervention = InterventionFactory(school=cast.school, name="Matrix reading group")
    return {"intervention_id": intervention.public_id}
