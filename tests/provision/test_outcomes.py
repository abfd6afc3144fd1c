"""Entry and exit data and outcomes: recorded by those who deliver the provision, on the school's
own outcome scale (by default -2 to +2), audited, and due for review once the pupil's time in it ends."""

from __future__ import annotations

import datetime
import decimal

from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.provision.models import OutcomeScale

from .factories import provision_for


def results_url(member) -> str:
    return reverse(
        "provision:member-results", kwargs={"provision_id": member.provision.public_id, "member_id": member.pk}
    )


def test_the_ta_records_entry_and_exit_data_and_an_outcome(cast):
    member = provision_for(cast, pupils=[cast.taught_pupil]).members.get()
    response = cast.client_for("ta").post(
        results_url(member),
        {
            "version": "1",
            "entry_value": "84",
            "entry_on": "2026-09-08",
            "exit_value": "91.5",
            "exit_on": "2026-11-30",
            "outcome_rating": "1",
            "outcome_comment": "Reads with more confidence",
        },
    )
    member.refresh_from_db()
    assert response.status_code == 302
    assert member.entry_value == decimal.Decimal("84") and member.exit_value == decimal.Decimal("91.5")
    assert member.outcome_rating == 1 and member.version == 2
    event = AuditEvent.objects.get(pupil=cast.taught_pupil, object_type="provision.member")
    assert event.changes["outcome_rating"] == [None, 1]


def test_a_score_without_its_date_or_a_word_for_a_number_is_named(cast):
    member = provision_for(cast, pupils=[cast.taught_pupil]).members.get()
    response = cast.client_for("ta").post(
        results_url(member), {"version": "1", "entry_value": "84", "exit_value": "lots"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the date of the entry assessment" in page
    assert "at exit must be a number" in page
    member.refresh_from_db()
    assert member.entry_value is None


def test_a_stale_save_is_refused_and_changes_nothing(cast):
    member = provision_for(cast, pupils=[cast.taught_pupil]).members.get()
    member.__class__.objects.filter(pk=member.pk).update(version=3)
    response = cast.client_for("ta").post(results_url(member), {"version": "2", "outcome_rating": "2"})
    member.refresh_from_db()
    assert response.status_code == 409 and member.outcome_rating is None


def test_a_teacher_who_does_not_deliver_it_cannot_record_results(cast):
    member = provision_for(cast, pupils=[cast.taught_pupil]).members.get()
    assert cast.client_for("teacher").get(results_url(member)).status_code == 404


def test_the_sendco_edits_the_outcome_scale_and_it_is_offered_for_ratings(cast):
    client = cast.client_for("sendco")
    url = reverse("provision:outcome-scale", kwargs={"urn": cast.school.urn})
    assert "-2, Much less than expected" in client.get(url).content.decode()
    response = client.post(url, {"levels": "1, Not met\n2, Partly met\n3, Met"})
    assert response.status_code == 302
    assert OutcomeScale.objects.get(school=cast.school).choices == [(1, "Not met"), (2, "Partly met"), (3, "Met")]
    assert AuditEvent.objects.filter(object_type="provision.outcomescale").exists()
    member = provision_for(cast, pupils=[cast.taught_pupil]).members.get()
    choices = client.get(results_url(member)).context["form"].fields["outcome_rating"].choices
    assert [value for value, _ in choices] == [1, 2, 3]


def test_a_scale_line_without_a_number_is_named(cast):
    url = reverse("provision:outcome-scale", kwargs={"urn": cast.school.urn})
    response = cast.client_for("sendco").post(url, {"levels": "-1, Worse\nbetter"})
    assert response.status_code == 400
    assert "Line 2 must start with a whole number" in response.content.decode()
    assert not OutcomeScale.objects.exists()


def test_pupils_whose_time_ended_without_an_outcome_are_due_for_review_on_the_dashboards(cast):
    ended = provision_for(cast, name="Finished group", pupils=[cast.taught_pupil], ends_on=datetime.date(2026, 10, 23))
    running = provision_for(cast, name="Running group", pupils=[cast.untaught_pupil])
    running.members.update(left_on=datetime.date(2026, 10, 9))
    provision_for(cast, name="Still going", pupils=[cast.looked_after_pupil])
    for role in ("sendco", "ta"):
        home = cast.client_for(role).get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
        panel = next(panel for panel in home.context["panels"] if panel.key == "provision-outcomes")
        assert {item.label for item in panel.items} == {cast.taught_pupil.full_name, cast.untaught_pupil.full_name}
    # Rated through the page, as the TA does: the SENDCo's next view no longer lists the pupil.
    member = ended.members.get()
    rated = cast.client_for("ta").post(results_url(member), {"version": member.version, "outcome_rating": "0"})
    assert rated.status_code == 302
    home = cast.client_for("sendco").get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    panel = next(panel for panel in home.context["panels"] if panel.key == "provision-outcomes")
    assert panel.count == 1


def test_the_home_pages_cached_panels_hold_no_group_or_pupil_name_and_show_both(cast):
    from django.core.cache import cache

    ended = provision_for(
        cast, name="Zebedee's reading", pupils=[cast.taught_pupil], ends_on=datetime.date(2026, 10, 23)
    )
    url = reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn})
    for _ in range(2):  # worked out, then from the cache
        home = cast.client_for("sendco").get(url)
        panels = {panel.key: panel for panel in home.context["panels"]}
        [outcome] = panels["provision-outcomes"].items
        assert (outcome.label, outcome.hint) == (cast.taught_pupil.full_name, ended.name)
        assert [item.label for item in panels["provision-review"].items] == [ended.name]
    assert not [key for key, stored in cache._cache.items() if b"Zebedee" in stored or b"Taught" in stored]
