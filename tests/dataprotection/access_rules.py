"""Who reaches the data protection pages: the SENDCo, head and data protection officer see subject
access and retention; only the SENDCo and head confirm destruction."""

from __future__ import annotations

from opensend.dataprotection.models import SubjectAccessExport
from tests.access_matrix import RETENTION_CONFIRMERS, RETENTION_REVIEWERS, SUBJECT_ACCESS_EXPORTERS, allowed

RULES = {
    "dataprotection:subject-access": allowed(SUBJECT_ACCESS_EXPORTERS),
    "dataprotection:subject-access-export": allowed(SUBJECT_ACCESS_EXPORTERS, method="post", ok=302),
    "dataprotection:subject-access-download": allowed(SUBJECT_ACCESS_EXPORTERS),
    "dataprotection:retention": allowed(RETENTION_REVIEWERS),
    "dataprotection:retention-due": allowed(RETENTION_REVIEWERS),
    "dataprotection:retention-period": allowed(RETENTION_CONFIRMERS),
}


def url_kwargs(cast) -> dict:
    export = SubjectAccessExport.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        requested_by=cast["sendco"],
        status=SubjectAccessExport.Status.READY,
        content=b"PK",
        size=2,
    )
    return {"rule_key": "sen-file", "export_id": export.public_id}
