"""The vocabulary of access rules shared by the permission matrix and each feature's
tests/<feature>/access_rules.py."""

from __future__ import annotations

from opensend.accounts.models import Role

R = Role
PUPIL_READERS = {
    R.SENDCO,
    R.ASSISTANT_SENDCO,
    R.HEAD,
    R.DSL,
    R.SCHOOL_ADMIN,
    R.TEACHER,
    R.TA,
    R.DESIGNATED_TEACHER,
    R.DPO,
}
# The matrix opens the record of a pupil the teacher teaches and the TA supports, who is not looked after.
TAUGHT_PUPIL_READERS = PUPIL_READERS - {R.DESIGNATED_TEACHER}
PUPIL_EDITORS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD, R.SCHOOL_ADMIN}
AUDIT_READERS = {R.SENDCO, R.HEAD, R.DPO}
IMPORTERS = {R.SENDCO, R.HEAD, R.SCHOOL_ADMIN}
OVERVIEW_READERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD, R.BUSINESS_MANAGER, R.GOVERNOR}


def allowed(roles: set[str], method: str = "get", *, ok: int = 200, data: dict | None = None) -> dict:
    """Only these roles get `ok`; any other signed-in person gets 404; anonymous is sent to sign in.
    A POST rule may give the form `data` to send (a valid POST usually answers 302)."""
    rule = {"kind": "scoped", "roles": {str(role) for role in roles}, "method": method, "ok": ok}
    if data is not None:
        rule["data"] = data
    return rule


PUBLIC = {"kind": "public"}
SIGNED_IN_ONLY = {"kind": "signed-in"}
# Opened by a secret token in the address, never by a session: the matrix asks with a token nobody
# holds, so everyone, signed in or not, gets 404 (the feature's own tests cover a real token).
SECRET_TOKEN = {"kind": "token"}
# django-allauth's own pages (sign-in, MFA, password reset): must never fail with a server error.
AUTH_PAGE = {"kind": "auth"}

# SEND records (issue: the register and the graduated approach).
SEN_READERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD, R.DSL, R.DESIGNATED_TEACHER, R.TEACHER, R.TA}
# For the matrix's pupil, whom the teacher teaches and the TA supports, and who is not looked after.
TAUGHT_PUPIL_SEN_READERS = SEN_READERS - {R.DESIGNATED_TEACHER}
REGISTER_READERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD}
CENSUS_READERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD, R.SCHOOL_ADMIN}
REGISTER_EDITORS = {R.SENDCO, R.ASSISTANT_SENDCO}
CONCERN_RAISERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD, R.DSL, R.DESIGNATED_TEACHER, R.TEACHER}
TAUGHT_PUPIL_CONCERN_RAISERS = CONCERN_RAISERS - {R.DESIGNATED_TEACHER}
TRIAGERS = {R.SENDCO, R.ASSISTANT_SENDCO}
PLAN_EDITORS = {R.SENDCO, R.ASSISTANT_SENDCO, R.TEACHER}
# Add Do notes and suggest passport changes, for the pupils they teach or support.
PLAN_CONTRIBUTORS = PLAN_EDITORS | {R.TA}
MY_CLASS_READERS = {R.TEACHER, R.TA}

# Data protection (issue: retention and subject access).
SUBJECT_ACCESS_EXPORTERS = {R.SENDCO, R.HEAD, R.DPO}
RETENTION_REVIEWERS = {R.SENDCO, R.HEAD, R.DPO}
RETENTION_CONFIRMERS = {R.SENDCO, R.HEAD}
# Statutory deadlines and EHC work (issue: the statutory clock).
DEADLINE_READERS = {R.SENDCO, R.ASSISTANT_SENDCO}
EHC_STAFF = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD}
# A plan's outcomes and Section F provision: the SEND leads, and teachers for the pupils they teach.
EHC_PROVISION_READERS = EHC_STAFF | {R.TEACHER}
