"""The school and trust overviews: numbers that governors and trust leads see, never names."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from opensend.pupils.models import Pupil

from ..conftest import give_mfa
from ..factories import MembershipFactory, UserFactory


def test_the_school_overview_counts_pupils_and_characteristics(cast):
    Pupil.objects.filter(pk=cast.taught_pupil.pk).update(free_school_meals=True)
    response = cast.client_for("governor").get(reverse("dashboards:school-overview", kwargs={"urn": cast.school.urn}))
    summary = response.context["summary"]
    assert summary["total"] == 3
    fsm = next(item for item in summary["characteristics"] if item.label == "Free school meals")
    assert (fsm.count, fsm.percent) == (1, 33.3)


def test_the_overview_names_no_pupil(cast):
    html = (
        cast.client_for("governor").get(reverse("dashboards:school-overview", kwargs={"urn": cast.school.urn})).content
    )
    for pupil in (cast.taught_pupil, cast.looked_after_pupil, cast.untaught_pupil):
        assert pupil.legal_surname.encode() not in html


def test_the_trust_overview_has_a_row_per_school_and_no_names(cast):
    response = cast.client_for("trust-lead").get(
        reverse("dashboards:trust-overview", kwargs={"trust_id": cast.trust.public_id})
    )
    assert [(row["name"], row["total"]) for row in response.context["schools"]] == [
        ("Birchwood Academy", 1),
        ("Oakfield Primary", 3),
    ]
    assert b"Taught" not in response.content


def test_a_trust_lead_of_another_trust_gets_404(cast):
    stranger = UserFactory()
    other = MembershipFactory(user=stranger, school=None, role="trust-lead").trust
    give_mfa(stranger)
    client = Client()
    client.force_login(stranger)
    assert other != cast.trust
    response = client.get(reverse("dashboards:trust-overview", kwargs={"trust_id": cast.trust.public_id}))
    assert response.status_code == 404


def test_home_sends_each_role_to_its_first_page(cast):
    expectations = {
        "sendco": reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}),
        "school-admin": reverse("pupils:list", kwargs={"urn": cast.school.urn}),
        "governor": reverse("dashboards:school-overview", kwargs={"urn": cast.school.urn}),
        "trust-lead": reverse("dashboards:trust-overview", kwargs={"trust_id": cast.trust.public_id}),
    }
    for role, url in expectations.items():
        assert cast.client_for(role).get(reverse("home"))["Location"] == url


def test_someone_with_no_role_is_told_so(db):
    person = UserFactory()
    give_mfa(person)
    client = Client()
    client.force_login(person)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("no-access")
    assert response.status_code == 200
