"""Who reaches the data protection pages: the SENDCo, head and data protection officer see subject
access and retention; only the SENDCo and head confirm destruction."""

from __future__ import annotations

from tests.access_matrix import RETENTION_REVIEWERS, SUBJECT_ACCESS_EXPORTERS, allowed

RULES = {
    "dataprotection:subject-access": allowed(SUBJECT_ACCESS_EXPORTERS),
    "dataprotection:subject-access-export": allowed(SUBJECT_ACCESS_EXPORTERS, method="post"),
    "dataprotection:retention": allowed(RETENTION_REVIEWERS),
    "dataprotection:retention-due": allowed(RETENTION_REVIEWERS),
}


def url_kwargs(cast) -> dict:
    return {"rule_key": "sen-file"}
