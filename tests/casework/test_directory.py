"""The directory of services and professionals: a school's own entries, and those shared across its
trust, which every school uses and only the school that shared them changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.casework.models import Service, ServiceKind
from opensend.core.pagination import KeysetPage

from ..access_matrix import R
from ..conftest import give_mfa
from ..factories import MembershipFactory, UserFactory
from .factories import ServiceFactory

pytestmark = pytest.mark.django_db

FORM = {
    "kind": ServiceKind.EDUCATIONAL_PSYCHOLOGY,
    "name": "Riverside Educational Psychology Service",
    "phone": "01234 567890",
    "email": "eps@riverside.example.gov.uk",
    "referral_route": "Consultation request form, signed by the parent",
    "waiting_weeks": "14",
}


def directory_url(school) -> str:
    return reverse("casework:directory", kwargs={"urn": school.urn})


def test_the_sendco_adds_a_service_to_the_schools_directory(cast):
    response = cast.client_for("sendco").post(reverse("casework:service-add", kwargs={"urn": cast.school.urn}), FORM)
    service = Service.objects.get()
    assert response.status_code == 302
    assert (service.school, service.owner, service.waiting_weeks) == (cast.school, cast.school, 14)
    assert AuditEvent.objects.filter(object_type="casework.service", action=AuditEvent.Action.CREATE).exists()
    page = cast.client_for("head").get(directory_url(cast.school)).content.decode()
    assert "Riverside Educational Psychology Service" in page and "14 weeks" in page


def test_a_waiting_time_of_no_weeks_is_refused_naming_the_field(cast):
    response = cast.client_for("sendco").post(
        reverse("casework:service-add", kwargs={"urn": cast.school.urn}), FORM | {"waiting_weeks": "0"}
    )
    assert response.status_code == 400
    assert "Usual waiting time in weeks must be 1 or more" in response.content.decode()


def test_a_shared_service_is_used_by_every_school_of_the_trust_and_changed_only_by_its_own(cast):
    cast.client_for("sendco").post(
        reverse("casework:service-add", kwargs={"urn": cast.school.urn}), FORM | {"shared": "on"}
    )
    shared = Service.objects.get()
    assert shared.school is None and shared.trust == cast.trust
    birch_sendco = UserFactory(email="sendco@birchwood.test")
    MembershipFactory(user=birch_sendco, school=cast.other_school, role=R.SENDCO)
    give_mfa(birch_sendco)
    client = Client()
    client.force_login(birch_sendco)
    assert "Riverside Educational Psychology Service" in client.get(directory_url(cast.other_school)).content.decode()
    edit = reverse("casework:service-edit", kwargs={"urn": cast.other_school.urn, "service_id": shared.public_id})
    assert client.get(edit).status_code == 404


def test_another_schools_own_service_is_not_in_the_directory(cast):
    theirs = ServiceFactory(school=cast.other_school, name="Birchwood counselling")
    assert "Birchwood counselling" not in cast.client_for("sendco").get(directory_url(cast.school)).content.decode()
    url = reverse("casework:service", kwargs={"urn": cast.school.urn, "service_id": theirs.public_id})
    assert cast.client_for("sendco").get(url).status_code == 404


def test_the_directory_takes_the_same_queries_for_3_services_as_for_40(cast, django_assert_max_num_queries):
    client = cast.client_for("sendco")
    for _ in range(3):
        ServiceFactory(school=cast.school)
    client.get(directory_url(cast.school))
    with django_assert_max_num_queries(15) as few:
        client.get(directory_url(cast.school))
    for _ in range(37):
        ServiceFactory(school=cast.school)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(directory_url(cast.school))
    page: KeysetPage = response.context["page"]
    assert len(page.rows) == 25 and page.next_after is not None
    second = client.get(directory_url(cast.school), {"after": page.next_after})
    assert len(second.context["page"].rows) == 15


def test_professionals_belong_to_their_service(cast):
    service = ServiceFactory(school=cast.school)
    response = cast.client_for("assistant-sendco").post(
        reverse("casework:professional-add", kwargs={"urn": cast.school.urn, "service_id": service.public_id}),
        {"name": "Dr Priya Shah", "job_title": "Educational psychologist", "email": "p.shah@example.gov.uk"},
    )
    assert response.status_code == 302
    assert [str(p) for p in service.professionals.all()] == ["Dr Priya Shah, Educational psychologist"]
