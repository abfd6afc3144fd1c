"""Demo data for what teaching assistants add: in each trust's "4 Willow", the TA who supports the
class has written a Do note on the first open plan, and suggested a change to that pupil's passport
that is waiting for the teacher or the SENDCo to decide. Written without audit events, like the
rest of the demo, dated before the demo's "today"."""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from opensend.accounts.models import GroupStaff
from opensend.passports.models import PassportSuggestion, PassportVersion, section_problem
from opensend.plans.models import Cycle, Note, Status

from .feature_passports import SHOWCASE_GROUP
from .plans import REFERENCE_DATE

# After the plans (30) and the passports (40) it adds to.
ORDER = 50
LONDON = ZoneInfo("Europe/London")


def seed(result, rng: random.Random) -> None:
    trust = result.written.trust
    helper = (
        GroupStaff.objects.filter(group__school__trust=trust, group__name=SHOWCASE_GROUP, kind=GroupStaff.Kind.TA)
        .select_related("user", "group")
        .order_by("pk")
        .first()
    )
    if helper is None:
        return
    cycle = (
        Cycle.objects.filter(
            school=helper.group.school,
            status=Status.DO,
            pupil__group_memberships__group=helper.group,
            pupil__passport_versions__isnull=False,
            opened_on__lt=REFERENCE_DATE,
        )
        .order_by("pupil__legal_surname", "pk")
        .distinct()
        .first()
    )
    if cycle is None:
        return
    Note.objects.create(
        cycle=cycle,
        author=helper.user,
        written_on=REFERENCE_DATE - datetime.timedelta(days=rng.randint(1, 4)),
        text="Worked with the group on the first target: managed it with a visual prompt, not yet without.",
    )
    current = PassportVersion.objects.filter(pupil=cycle.pupil).order_by("-number").first()
    suggested = (current.helps_me + "\n" if current.helps_me else "") + "A quiet two minutes before we start."
    if section_problem(suggested):
        suggested = "A quiet two minutes before we start."
    PassportSuggestion.objects.create(
        pupil=cycle.pupil,
        school=cycle.school,
        section="helps_me",
        text=suggested,
        reason="Settles much faster in the morning group when given a moment first.",
        based_on=current.number,
        suggested_by=helper.user,
        suggested_at=datetime.datetime.combine(REFERENCE_DATE, datetime.time(15, 30), tzinfo=LONDON),
    )
