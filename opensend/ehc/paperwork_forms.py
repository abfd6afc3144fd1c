"""The annual review's meeting record: what its invitation, advice requests and report are filled from."""

from __future__ import annotations

from django import forms

from .forms import VersionForm, _text


class ReviewMeetingForm(VersionForm):
    time = _text("Time of the meeting", help_text="For example, 10am to 11am.", max_length=40)
    place = _text("Place of the meeting", help_text="Where it is, or how to join it online.", max_length=200)
    pupil_invited = forms.BooleanField(
        label="Invite the child or young person", required=False, help_text="Where they can take part."
    )
    professionals = _text(
        "Professionals invited and asked for advice",
        help_text="One a line: name, role, organisation. Each gets their own request for advice.",
        max_length=5000,
        textarea=True,
    )
    attendees = _text("Who attended", help_text="After the meeting: one a line.", max_length=5000, textarea=True)
    pupil_views = _text("The child's or young person's views", max_length=10000, textarea=True)
    parent_views = _text("The parents' views", max_length=10000, textarea=True)
    amendments = _text("Amendments recommended", max_length=10000, textarea=True)
    preparing_for_adulthood = _text(
        "Preparing for adulthood",
        help_text="From Year 9: employment, independent living, friends and community, health.",
        max_length=10000,
        textarea=True,
    )
