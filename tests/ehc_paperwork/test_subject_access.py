"""Meeting records are part of the pupil's record: in the subject access export, and only the
exporting school's."""

from __future__ import annotations

import pytest

from opensend.ehc.subject_access import ehc

pytestmark = pytest.mark.django_db


def _meetings(parts):
    return next(part.rows for part in parts if getattr(part, "key", "") == "ehc-review-meetings")


def test_the_export_holds_the_meeting_record_with_the_views_said_at_it(cast, meeting):
    rows = _meetings(ehc(cast.taught_pupil, cast.school))
    assert rows[0]["The child's or young person's views"] == "I like reading with Miss Green. Playtime is too loud."
    assert rows[0]["Place of the meeting"] == "The Rainbow Room, Oakfield Primary"
    assert rows[0]["Review meeting"] == "2026-03-03"


def test_another_school_s_export_holds_none_of_it(cast, meeting):
    assert _meetings(ehc(cast.taught_pupil, cast.other_school)) == []
