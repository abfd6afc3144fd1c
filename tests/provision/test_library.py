"""The intervention library as people use it: the school's own records, the trust library a school
copies from, changes audited, stale edits refused, archiving with a reason, costs only to those who
may see them."""

from __future__ import annotations

import decimal

import pytest
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.provision.models import Intervention
from opensend.provision.selectors import PAGE_SIZE

from .factories import InterventionFactory

VALID = {
    "name": "Precision teaching: number bonds",
    "broad_area": "cognition-learning",
    "wave": "3",
    "description": "Daily one-minute probes on a small set of facts.",
    "intended_outcome": "Recalls number bonds to 10 fluently.",
    "evidence_note": "",
    "evidence_strength": "",
    "typical_group_size": "1",
    "session_minutes": "10",
    "sessions_per_week": "5",
    "duration_weeks": "8",
    "staff_skill": "",
    "measure": "count",
    "measure_name": "Correct in one minute",
    "resources": "",
    "resources_cost": "12.50",
}


def url(name: str, cast, intervention=None) -> str:
    kwargs = {"urn": cast.school.urn}
    if intervention is not None:
        kwargs["intervention_id"] = intervention.public_id
    return reverse(f"provision:{name}", kwargs=kwargs)


def test_the_library_lists_the_schools_own_interventions_by_name(cast):
    InterventionFactory(school=cast.school, name="Talk Boost")
    InterventionFactory(school=cast.school, name="Lego therapy")
    InterventionFactory(school=cast.other_school, name="Birchwood only")
    response = cast.client_for("ta").get(url("library", cast))
    names = [row.name for row in response.context["page"].rows]
    assert names == ["Lego therapy", "Talk Boost"]


def test_the_library_pages_by_name_in_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for number in range(PAGE_SIZE + 5):
        InterventionFactory(school=cast.school, name=f"Group {number:02d}")
    client = cast.client_for("sendco")
    with django_assert_max_num_queries(8):
        first = client.get(url("library", cast))
    after = first.context["page"].next_after
    second = client.get(url("library", cast) + f"?after={after}")
    names = [row.name for row in second.context["page"].rows]
    assert names == [f"Group {number:02d}" for number in range(PAGE_SIZE, PAGE_SIZE + 5)]
    back = client.get(url("library", cast) + f"?before={second.context['page'].rows[0].public_id}")
    assert [row.name for row in back.context["page"].rows][-1] == f"Group {PAGE_SIZE - 1:02d}"


def test_the_sendco_adds_an_intervention_and_the_audit_records_it(cast):
    response = cast.client_for("sendco").post(url("intervention-add", cast), VALID)
    intervention = Intervention.objects.get(name=VALID["name"])
    assert response.status_code == 302
    assert intervention.school == cast.school and intervention.resources_cost == decimal.Decimal("12.50")
    event = AuditEvent.objects.get(object_type="provision.intervention", action=AuditEvent.Action.CREATE)
    assert event.actor == cast["sendco"] and event.changes["name"] == [None, VALID["name"]]


def test_a_missing_field_is_named_and_nothing_is_saved(cast):
    response = cast.client_for("sendco").post(url("intervention-add", cast), VALID | {"name": "", "wave": ""})
    assert response.status_code == 400
    assert "Enter the name of the intervention" in response.content.decode()
    assert "Choose the wave" in response.content.decode()
    assert not Intervention.objects.exists()


def test_a_second_intervention_with_the_same_name_is_refused(cast):
    InterventionFactory(school=cast.school, name=VALID["name"].upper())
    response = cast.client_for("sendco").post(url("intervention-add", cast), VALID)
    assert response.status_code == 400
    assert "already an intervention called this" in response.content.decode()


def test_an_edit_is_saved_with_what_changed(cast):
    intervention = InterventionFactory(school=cast.school, name="Talk Boost", session_minutes=20)
    data = VALID | {"name": "Talk Boost", "session_minutes": "30", "version": "1"}
    response = cast.client_for("assistant-sendco").post(url("intervention-edit", cast, intervention), data)
    intervention.refresh_from_db()
    assert response.status_code == 302
    assert intervention.session_minutes == 30 and intervention.version == 2
    event = AuditEvent.objects.get(object_type="provision.intervention", action=AuditEvent.Action.UPDATE)
    assert event.changes["session_minutes"] == [20, 30]


def test_a_stale_edit_is_refused_with_409_and_changes_nothing(cast):
    intervention = InterventionFactory(school=cast.school, name="Talk Boost", version=3)
    data = VALID | {"name": "Renamed", "version": "2"}
    response = cast.client_for("sendco").post(url("intervention-edit", cast, intervention), data)
    intervention.refresh_from_db()
    assert response.status_code == 409
    assert intervention.name == "Talk Boost"


def test_the_assistant_never_sees_or_changes_the_cost(cast):
    intervention = InterventionFactory(school=cast.school, name="Talk Boost", resources_cost=decimal.Decimal("40"))
    client = cast.client_for("assistant-sendco")
    assert "Cost of resources" not in client.get(url("intervention", cast, intervention)).content.decode()
    form_page = client.get(url("intervention-edit", cast, intervention))
    assert "resources_cost" not in form_page.context["form"].fields
    client.post(url("intervention-edit", cast, intervention), VALID | {"name": "Talk Boost", "version": "1"})
    intervention.refresh_from_db()
    assert intervention.resources_cost == decimal.Decimal("40")


@pytest.mark.parametrize("role", ["sendco", "head", "business-manager"])
def test_those_who_may_see_costs_see_the_cost(cast, role):
    intervention = InterventionFactory(school=cast.school, resources_cost=decimal.Decimal("85.50"))
    assert "£85.50" in cast.client_for(role).get(url("intervention", cast, intervention)).content.decode()


def test_archiving_needs_a_reason_and_takes_it_out_of_the_library(cast):
    intervention = InterventionFactory(school=cast.school, name="Old scheme")
    client = cast.client_for("sendco")
    refused = client.post(url("intervention-archive", cast, intervention), {"version": "1", "reason": ""})
    assert refused.status_code == 400
    client.post(url("intervention-archive", cast, intervention), {"version": "1", "reason": "Replaced by Talk Boost"})
    intervention.refresh_from_db()
    assert intervention.archive_reason == "Replaced by Talk Boost"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ARCHIVE, object_type="provision.intervention").exists()
    assert list(client.get(url("library", cast)).context["page"].rows) == []


def test_a_school_copies_from_the_trust_library_and_may_then_change_its_copy(cast):
    shared = InterventionFactory(school=None, trust=cast.trust, name="Shared phonics")
    client = cast.client_for("sendco")
    trust_page = client.get(url("library", cast) + "?library=trust")
    assert [row.name for row in trust_page.context["page"].rows] == ["Shared phonics"]
    response = client.post(url("intervention-copy", cast, shared))
    copy = Intervention.objects.get(school=cast.school, name="Shared phonics")
    assert response.status_code == 302 and response["Location"] == url("intervention", cast, copy)
    assert copy.copied_from == shared
    assert client.get(url("intervention-edit", cast, copy)).status_code == 200


def test_the_trust_library_cannot_be_changed_from_a_school(cast):
    shared = InterventionFactory(school=None, trust=cast.trust, name="Shared phonics")
    assert cast.client_for("sendco").get(url("intervention-edit", cast, shared)).status_code == 404


def test_sharing_puts_a_copy_in_the_trust_library_for_the_other_schools(cast):
    own = InterventionFactory(school=cast.school, name="Lego therapy")
    cast.client_for("sendco").post(url("intervention-share", cast, own))
    shared = Intervention.objects.get(school__isnull=True, trust=cast.trust)
    assert shared.name == "Lego therapy" and shared.copied_from == own


def test_another_schools_intervention_answers_404(cast):
    theirs = InterventionFactory(school=cast.other_school)
    assert cast.client_for("sendco").get(url("intervention", cast, theirs)).status_code == 404
