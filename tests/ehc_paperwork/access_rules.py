"""Who reaches an annual review's meeting record and paperwork and a request's evidence bundle: the
readers of the EHC records they come from (the SENDCo, the assistant and the head). The URLs reuse
the plan, review and request that tests/ehc/access_rules.py makes for the matrix."""

from __future__ import annotations

from ..access_matrix import EHC_STAFF, allowed

RULES = {
    "ehc:review-meeting": allowed(EHC_STAFF),
    **{
        f"ehc:review-{key}-{fmt}": allowed(EHC_STAFF)
        for key in ("invitation", "advice-request", "report")
        for fmt in ("docx", "pdf")
    },
    "ehc:request-bundle": allowed(EHC_STAFF),
}


def url_kwargs(cast) -> dict:
    return {}
