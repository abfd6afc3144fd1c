"""The family contact log: logging contacts with the pupil's own parents and carers, follow-ups on
the author's dashboard until done, the log a page at a time, the co-production record, and parents'
communication needs where staff contact the family."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.accounts.models import Role
from opensend.audit.models import AuditEvent
from opensend.dashboards.chronology import pupil_chronology
from opensend.family import digest, services
from opensend.family.models import FamilyContact
from opensend.family.subject_access import family_contacts
from tests.conftest import give_mfa
from tests.factories import ContactFactory, MembershipFactory, PupilFactory, UserFactory, enrol

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def parts(name: str, day: datetime.date) -> dict:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


@pytest.fixture
def mum(cast):
    return ContactFactory(pupil=cast.taught_pupil, name="Ada Bell", relationship="mother")


def log(cast, carer, *, on=None, by="sendco", **fields) -> FamilyContact:
    return FamilyContact.objects.create(
        pupil=carer.pupil,
        school=cast.school,
        contact_with=carer,
        method=fields.pop("method", FamilyContact.Method.CALL),
        contacted_on=on or TODAY - DAY,
        by=cast[by],
        said=fields.pop("said", "Talked about reading"),
        **fields,
    )


def log_url(pupil, name: str = "pupil") -> str:
    return reverse(f"family:{name}", kwargs={"pupil_id": pupil.public_id})


def test_logging_a_call_with_a_follow_up_is_audited(cast, mum):
    response = cast.client_for("assistant-sendco").post(
        log_url(cast.taught_pupil, "add"),
        {
            "contact_with": mum.pk,
            "method": "call",
            **parts("contacted_on", TODAY),
            "said": "Asked about the referral",
            "agreed": "School will chase it",
            "follow_up": "Ring back with the date",
            **parts("follow_up_by", TODAY + 7 * DAY),
        },
    )
    assert response.status_code == 302
    entry = FamilyContact.objects.get()
    assert (entry.by, entry.contact_with, entry.follow_up_by) == (cast["assistant-sendco"], mum, TODAY + 7 * DAY)
    event = AuditEvent.objects.get(object_type="family.familycontact", action="create")
    assert event.changes["said"] == [None, "Asked about the referral"]


def test_a_follow_up_needs_a_date(cast, mum):
    response = cast.client_for("sendco").post(
        log_url(cast.taught_pupil, "add"),
        {"contact_with": mum.pk, "method": "email", **parts("contacted_on", TODAY), "said": "x", "follow_up": "Ring"},
    )
    assert response.status_code == 400
    assert b"Enter the date to follow up by" in response.content


def test_only_the_pupils_own_parents_and_carers_can_be_contacted(cast):
    stranger = ContactFactory(pupil=PupilFactory(trust=cast.trust))
    with pytest.raises(ValidationError):
        services.contact_record(
            actor=cast["sendco"],
            pupil=cast.taught_pupil,
            school=cast.school,
            contact_with=stranger,
            method="call",
            contacted_on=TODAY,
            said="x",
        )


def test_the_log_pages_newest_first_in_a_fixed_number_of_queries(cast, mum, django_assert_max_num_queries):
    log(cast, mum, on=TODAY - 100 * DAY, said="The very first call")
    client = cast.client_for("sendco")
    client.get(log_url(cast.taught_pupil))
    with CaptureQueriesContext(connection) as one:
        client.get(log_url(cast.taught_pupil))
    for day in range(1, 31):
        log(cast, mum, on=TODAY - day * DAY, said=f"Call number {day}")

    with django_assert_max_num_queries(len(one)):
        first = client.get(log_url(cast.taught_pupil)).content.decode()

    assert "Call number 1<" in first and "Call number 25<" in first and "Call number 26<" not in first
    after = first.split("after=")[1].split('"')[0]
    second = client.get(log_url(cast.taught_pupil) + f"?after={after}").content.decode()
    assert "Call number 26<" in second and "The very first call" in second and "Call number 25<" not in second


def test_an_open_follow_up_is_on_its_authors_dashboard_until_done(cast, mum):
    entry = log(cast, mum, follow_up="Send the reading list", follow_up_by=TODAY - DAY)
    dashboard = reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn})
    client = cast.client_for("sendco")
    assert "Send the reading list" in client.get(dashboard).content.decode()
    assert "Send the reading list" not in cast.client_for("head").get(dashboard).content.decode()

    done = reverse(
        "family:follow-up-done", kwargs={"pupil_id": cast.taught_pupil.public_id, "entry_id": entry.public_id}
    )
    assert client.post(done).status_code == 302

    entry.refresh_from_db()
    assert entry.follow_up_done_on == TODAY
    assert "Send the reading list" not in client.get(dashboard).content.decode()
    assert AuditEvent.objects.filter(object_type="family.familycontact", action="update").exists()


def test_the_digest_lists_open_follow_ups_by_initials(cast, mum):
    log(cast, mum, follow_up="Send the reading list", follow_up_by=TODAY + DAY)
    log(cast, mum, follow_up="Done already", follow_up_by=TODAY - DAY, follow_up_done_on=TODAY - DAY)
    items = digest.follow_ups_open(cast["sendco"], TODAY)
    assert len(items) == 1 and cast.taught_pupil.legal_surname not in items[0].text
    assert digest.follow_ups_open(cast["teacher"], TODAY) == []


def test_the_co_production_record_counts_contacts_per_pupil_in_the_period(cast, mum):
    log(cast, mum, on=TODAY - 2 * DAY, method="call")
    log(cast, mum, on=TODAY - 3 * DAY, method="email")
    log(cast, mum, on=TODAY - 4 * DAY, method="email")
    log(cast, mum, on=TODAY - 60 * DAY, method="letter")
    url = reverse("family:co-production", kwargs={"urn": cast.school.urn})
    start = TODAY - 10 * DAY
    page = cast.client_for("head").get(url, {**parts("starts_on", start), **parts("ends_on", TODAY)})
    assert page.status_code == 200
    row = page.content.decode().split(cast.taught_pupil.full_name)[1].split("</tr>")[0]
    numbers = [cell.split(">")[-1] for cell in row.split("</td>")[:-1]]
    # All, then by method in order: call, email, meeting, letter, home-school book, text, other.
    assert numbers[:8] == ["3", "1", "2", "0", "0", "0", "0", "0"]


def test_communication_needs_are_saved_audited_and_shown_where_staff_contact_the_family(cast, mum):
    client = cast.client_for("sendco")
    response = client.post(
        reverse("family:needs", kwargs={"pupil_id": cast.taught_pupil.public_id, "carer_id": mum.pk}),
        {"language": "Polish", "interpreter_needed": "on", "preferred_contact": "phone", "accessibility_needs": ""},
    )
    assert response.status_code == 302
    mum.refresh_from_db()
    assert (mum.language, mum.interpreter_needed, mum.preferred_contact) == ("Polish", True, "phone")
    assert AuditEvent.objects.get(object_type="pupils.contact").changes["language"] == ["", "Polish"]
    meetings = reverse("plans:meetings", kwargs={"pupil_id": cast.taught_pupil.public_id})
    page = client.get(meetings).content.decode()
    assert "Communicating with the family" in page and "Language: Polish" in page
    assert "Language: Polish" in client.get(log_url(cast.taught_pupil, "add")).content.decode()


def test_the_chronology_says_the_family_was_contacted_but_not_what_was_said(cast, mum):
    log(cast, mum, said="Private family matter")
    events = pupil_chronology(cast.taught_pupil, kind="Family", access=reader(cast, "sendco"))
    assert [event.title for event in events] == ["Phone call with Ada Bell"]
    assert "Private" not in events[0].detail
    # The pupil's teacher, who may not read the contact log, does not see that it happened either.
    assert pupil_chronology(cast.taught_pupil, kind="Family", access=reader(cast, "teacher")) == []


def reader(cast, role: str):
    return policy.school_for_user(cast[role], cast.school.urn, Capability.SEN_READ)


def test_the_subject_access_export_holds_the_log(cast, mum):
    log(cast, mum, said="Talked about reading")
    [table] = family_contacts(cast.taught_pupil, cast.school)
    assert table.rows[0]["What was said"] == "Talked about reading"


def test_the_co_production_record_pages_in_a_fixed_number_of_queries(cast, mum, django_assert_max_num_queries):
    log(cast, mum)
    client = cast.client_for("sendco")
    url = reverse("family:co-production", kwargs={"urn": cast.school.urn})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(60):
        pupil = PupilFactory(trust=cast.trust, legal_surname=f"Family{number:02d}")
        enrol(pupil, cast.school)
        log(cast, ContactFactory(pupil=pupil))
    with django_assert_max_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert page.count('scope="row" class="govuk-table__header"><a') == 50
    assert "after=" in page


def other_school_sendco(cast):
    """A SENDCo at Birchwood, where the taught pupil is now enrolled too (a move within the trust)."""
    enrol(cast.taught_pupil, cast.other_school, nc_year="7")
    sendco = UserFactory(email="sendco@birchwood.test")
    MembershipFactory(user=sendco, school=cast.other_school, role=Role.SENDCO)
    give_mfa(sendco)
    client = Client()
    client.force_login(sendco)
    return client


def test_another_school_of_the_trust_neither_reads_nor_closes_this_schools_contacts(cast, mum):
    entry = log(cast, mum, said="Private to Oakfield", follow_up="Ring back", follow_up_by=TODAY + DAY)
    client = other_school_sendco(cast)

    page = client.get(log_url(cast.taught_pupil))
    assert page.status_code == 200
    assert "Private to Oakfield" not in page.content.decode()
    done = reverse(
        "family:follow-up-done", kwargs={"pupil_id": cast.taught_pupil.public_id, "entry_id": entry.public_id}
    )
    assert client.post(done).status_code == 404
    entry.refresh_from_db()
    assert entry.follow_up_done_on is None


def test_saving_communication_needs_over_a_change_made_meanwhile_is_refused(cast, mum):
    url = reverse("family:needs", kwargs={"pupil_id": cast.taught_pupil.public_id, "carer_id": mum.pk})
    client = cast.client_for("sendco")
    seen = client.get(url).content.decode().split('name="seen" value="')[1].split('"')[0]
    mum.language = "Welsh"
    mum.save()  # a colleague's edit, saved while this form was open
    needs = {"language": "Polish", "preferred_contact": "phone", "accessibility_needs": ""}

    response = client.post(url, {**needs, "seen": seen})

    assert response.status_code == 409
    assert "Someone else changed these communication needs" in response.content.decode()
    mum.refresh_from_db()
    assert mum.language == "Welsh"
    fresh = response.content.decode().split('name="seen" value="')[1].split('"')[0]
    assert client.post(url, {**needs, "seen": fresh}).status_code == 302


def test_opening_communication_needs_and_the_co_production_record_is_audited(cast, mum):
    log(cast, mum)
    client = cast.client_for("sendco")
    client.get(reverse("family:needs", kwargs={"pupil_id": cast.taught_pupil.public_id, "carer_id": mum.pk}))
    client.get(reverse("family:co-production", kwargs={"urn": cast.school.urn}))
    views = AuditEvent.objects.filter(action="view", pupil=cast.taught_pupil, actor=cast["sendco"])
    assert set(views.values_list("summary", flat=True)) == {
        "Viewed communication needs of Ada Bell",
        "Viewed the co-production record",
    }
