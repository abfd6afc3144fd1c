"""Frameworks and top-up applications: recorded through the services with their audit, refused
when stale or inconsistent, archived with a reason; the pages for each role; the evidence drawn from
the pupil's record; the renewal panel on the SENDCo's dashboard; the chronology, shown only to those
who see funding; the subject access export."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opensend.access.policy import access_at
from opensend.audit.models import AuditEvent
from opensend.dashboards.chronology import pupil_chronology
from opensend.dashboards.panels import panels_for
from opensend.funding import services
from opensend.funding.models import Application, Status
from opensend.funding.subject_access import funding as funding_export

from ..ehc.factories import LocalAuthorityFactory, PlanFactory
from ..provision.factories import provision_for
from .factories import application_for, framework_for

D = datetime.date
pytestmark = pytest.mark.django_db


def _values(band, **fields):
    return {
        "local_authority": band.framework.local_authority,
        "band": band,
        "amount_asked": Decimal("6000.00"),
        "status": Status.DRAFT,
        "starts_on": D(2026, 9, 1),
        "ends_on": D(2027, 8, 31),
    } | fields


def test_an_application_is_recorded_with_its_provision_and_audited(cast):
    band = framework_for(cast.school).bands.get()
    provision = provision_for(cast, pupils=[cast.taught_pupil])
    application = services.application_create(
        actor=cast["sendco"],
        school=cast.school,
        pupil=cast.taught_pupil,
        values=_values(band, provisions=[provision]),
    )
    assert list(application.provisions.all()) == [provision]
    event = AuditEvent.objects.get(object_id=str(application.pk), action=AuditEvent.Action.CREATE)
    assert event.pupil == cast.taught_pupil and event.changes["provisions"] == [None, [str(provision.pk)]]


def test_provision_the_pupil_is_not_in_is_refused(cast):
    band = framework_for(cast.school).bands.get()
    other = provision_for(cast, pupils=[cast.untaught_pupil])
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=cast["sendco"], school=cast.school, pupil=cast.taught_pupil, values=_values(band, provisions=[other])
        )
    assert "provisions" in refused.value.error_dict


def test_a_band_of_another_authoritys_framework_is_refused(cast):
    band = framework_for(cast.school).bands.get()
    other = LocalAuthorityFactory(trust=cast.school.trust)
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=cast["sendco"],
            school=cast.school,
            pupil=cast.taught_pupil,
            values=_values(band, local_authority=other),
        )
    assert "band" in refused.value.error_dict


def test_an_award_needs_its_amount_and_dates(cast):
    band = framework_for(cast.school).bands.get()
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=cast["sendco"],
            school=cast.school,
            pupil=cast.taught_pupil,
            values=_values(band, status=Status.AWARDED),
        )
    assert {"amount_awarded", "submitted_on", "decided_on"} <= set(refused.value.error_dict)


def test_a_stale_edit_is_refused_and_a_change_is_audited_before_and_after(cast):
    application = application_for(cast.taught_pupil, cast.school)
    changed = services.application_update(
        actor=cast["sendco"],
        school=cast.school,
        application=application,
        expected_version=application.version,
        values={"status": Status.SUBMITTED, "submitted_on": D(2026, 6, 1)},
    )
    assert changed.version == application.version + 1
    event = AuditEvent.objects.filter(object_id=str(application.pk), action=AuditEvent.Action.UPDATE).get()
    assert event.changes["status"] == ["draft", "submitted"]
    with pytest.raises(services.StaleEditError):
        services.application_update(
            actor=cast["sendco"],
            school=cast.school,
            application=application,
            expected_version=application.version,
            values={"notes": "Late"},
        )


def test_archiving_keeps_the_reason_and_leaves_the_lists(cast):
    application = application_for(cast.taught_pupil, cast.school)
    services.application_archive(
        actor=cast["sendco"], school=cast.school, application=application, expected_version=1, reason="Entered twice"
    )
    application.refresh_from_db()
    assert application.is_archived and application.archive_reason == "Entered twice"
    client = cast.client_for("sendco")
    url = reverse("funding:application", kwargs={"urn": cast.school.urn, "application_id": application.public_id})
    assert client.get(url).status_code == 404


def test_the_sendco_records_an_application_through_the_page(cast):
    band = framework_for(cast.school).bands.get()
    client = cast.client_for("sendco")
    url = reverse("funding:application-add", kwargs={"pupil_id": cast.taught_pupil.public_id})
    response = client.post(
        url,
        {
            "local_authority": band.framework.local_authority.public_id,
            "band": band.pk,
            "amount_asked": "6500",
            "status": Status.SUBMITTED,
            "starts_on-day": "1",
            "starts_on-month": "9",
            "starts_on-year": "2026",
            "ends_on-day": "31",
            "ends_on-month": "8",
            "ends_on-year": "2027",
            "submitted_on-day": "1",
            "submitted_on-month": "6",
            "submitted_on-year": "2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get(pupil=cast.taught_pupil)
    assert application.amount_asked == Decimal("6500") and application.status == Status.SUBMITTED


def test_a_framework_and_its_bands_are_kept_by_the_school(cast):
    local_authority = LocalAuthorityFactory(trust=cast.school.trust)
    framework = services.framework_create(
        actor=cast["assistant-sendco"],
        school=cast.school,
        values={"local_authority": local_authority, "name": "Matrix bands"},
    )
    services.band_add(
        actor=cast["assistant-sendco"], school=cast.school, framework=framework, values={"code": "Band 2"}
    )
    with pytest.raises(ValidationError):
        services.band_add(actor=cast["sendco"], school=cast.school, framework=framework, values={"code": "band 2"})
    page = cast.client_for("head").get(
        reverse("funding:framework", kwargs={"urn": cast.school.urn, "framework_id": framework.public_id})
    )
    assert "Band 2" in page.content.decode() and "Not published" in page.content.decode()


def test_the_evidence_comes_from_the_record_and_only_to_those_who_read_it(cast):
    provision_for(cast, pupils=[cast.taught_pupil])
    application = application_for(cast.taught_pupil, cast.school)
    url = reverse("funding:application", kwargs={"urn": cast.school.urn, "application_id": application.public_id})
    sendco = cast.client_for("sendco").get(url)
    assert sendco.context["evidence"].cost is not None
    assert "assess-plan-do-review cycle" in sendco.content.decode()
    assistant = cast.client_for("assistant-sendco").get(url)
    assert assistant.context["evidence"].cost is None  # the assistant does not see costs
    manager = cast.client_for("business-manager").get(url)
    assert manager.status_code == 200 and manager.context["evidence"] is None
    assert AuditEvent.objects.filter(
        actor=cast["business-manager"], pupil=cast.taught_pupil, summary="Viewed a top-up funding application"
    ).exists()


def test_a_renewal_due_soon_is_on_the_sendcos_dashboard(cast):
    today = timezone.localdate()
    application_for(
        cast.taught_pupil,
        cast.school,
        status=Status.AWARDED,
        amount_awarded=Decimal("6000"),
        submitted_on=today - datetime.timedelta(days=300),
        decided_on=today - datetime.timedelta(days=280),
        starts_on=today - datetime.timedelta(days=270),
        ends_on=today + datetime.timedelta(days=95),
        renewal_on=today + datetime.timedelta(days=20),
    )
    panels = {panel.key: panel for panel in panels_for(cast["sendco"], access_at(cast["sendco"], cast.school))}
    assert panels["funding-renewals"].count == 1
    assert "renewal due soon" in panels["funding-renewals"].items[0].hint
    teacher = {panel.key for panel in panels_for(cast["teacher"], access_at(cast["teacher"], cast.school))}
    assert "funding-renewals" not in teacher


def test_the_chronology_shows_funding_only_to_those_who_see_it(cast):
    application_for(
        cast.taught_pupil,
        cast.school,
        status=Status.AWARDED,
        amount_awarded=Decimal("6000"),
        submitted_on=D(2026, 6, 1),
        decided_on=D(2026, 7, 1),
    )
    sendco = access_at(cast["sendco"], cast.school)
    titles = [event.title for event in pupil_chronology(cast.taught_pupil, access=sendco)]
    assert any(title.startswith("Top-up funding applied for") for title in titles)
    assert any(title.endswith(": awarded") for title in titles)
    teacher = access_at(cast["teacher"], cast.school)
    assert not [e for e in pupil_chronology(cast.taught_pupil, access=teacher) if e.kind == "Funding"]
    url = reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id})
    page = cast.client_for("teacher").get(url).content.decode()
    assert "Top-up" not in page and ">Funding<" not in page
    assert "Top-up funding applied for" in cast.client_for("sendco").get(url).content.decode()


def test_the_pupil_record_section_is_for_the_funding_roles_only(cast):
    url = reverse("funding:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id})
    record = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert url in cast.client_for("sendco").get(record).content.decode()
    assert url not in cast.client_for("teacher").get(record).content.decode()


def test_the_subject_access_export_holds_the_applications(cast):
    application_for(cast.taught_pupil, cast.school, notes="Band asked with EP report")
    [table] = funding_export(cast.taught_pupil)
    assert table.rows[0]["Notes"] == "Band asked with EP report"


def test_a_pupil_with_a_plan_offers_its_section_f_lines(cast):
    plan = PlanFactory(pupil=cast.taught_pupil, school=cast.school)
    line = plan.provision_lines.create(description="Weekly speech and language therapy")
    framework_for(cast.school)
    page = cast.client_for("sendco").get(
        reverse("funding:application-add", kwargs={"pupil_id": cast.taught_pupil.public_id})
    )
    assert line.description in page.content.decode()


def test_archiving_a_framework_and_a_band_keeps_their_reason(cast):
    framework = framework_for(cast.school, bands=(("Band A", "3000"), ("Band B", "")))
    band = framework.bands.get(code="Band B")
    client = cast.client_for("assistant-sendco")
    urn = cast.school.urn
    band_url = reverse(
        "funding:band-archive", kwargs={"urn": urn, "framework_id": framework.public_id, "band_id": band.pk}
    )
    assert client.post(band_url, {"reason": "Withdrawn by the LA"}).status_code == 302
    band.refresh_from_db()
    assert band.is_archived and band.archive_reason == "Withdrawn by the LA"
    url = reverse("funding:framework-archive", kwargs={"urn": urn, "framework_id": framework.public_id})
    assert client.post(url, {"version": framework.version - 1, "reason": "Replaced"}).status_code == 409
    assert client.post(url, {"version": framework.version, "reason": "Replaced"}).status_code == 302
    framework.refresh_from_db()
    assert framework.is_archived and framework.archive_reason == "Replaced"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ARCHIVE, school=cast.school).count() == 2


def test_the_menu_takes_each_role_to_the_funding_it_may_see(cast):
    pupils = reverse("pupils:list", kwargs={"urn": cast.school.urn})
    for role, page in (("sendco", "funding:view"), ("assistant-sendco", "funding:applications")):
        links = {item.label: item.url for item in cast.client_for(role).get(pupils).context["nav_items"]}
        assert links["Funding"] == reverse(page, kwargs={"urn": cast.school.urn})
    teacher = cast.client_for("teacher").get(pupils).context["nav_items"]
    assert "Funding" not in {item.label for item in teacher}
