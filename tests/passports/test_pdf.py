"""Passports as A4 PDFs: one page per pupil, for one pupil or a class, only pupils the person may
see, every download audited, and nothing fetched from outside our own files."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.passports.documents import LocalOnlyFetcher, PassportPage, RefusedFetch, render_passports
from opensend.passports.models import SECTION_FIELDS, SECTION_MAX_LENGTH, SECTION_MAX_LINES
from tests.factories import GroupMembershipFactory, TeachingGroupFactory

from .helpers import make_passport, pdf_page_count


def pupil_pdf_url(pupil) -> str:
    return reverse("passports:pupil-pdf", kwargs={"pupil_id": pupil.public_id})


def group_pdf_url(school, group) -> str:
    return reverse("passports:group-pdf", kwargs={"urn": school.urn, "group_id": group.public_id})


def test_a_pupils_passport_downloads_as_a_one_page_pdf_named_without_the_pupils_name(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], photo=True)
    response = cast.client_for("teacher").get(pupil_pdf_url(cast.taught_pupil))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="passport-{cast.taught_pupil.public_id}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert pdf_page_count(response.content) == 1


def test_a_pupil_without_a_passport_has_no_pdf(cast):
    assert cast.client_for("sendco").get(pupil_pdf_url(cast.taught_pupil)).status_code == 404


def test_downloading_a_passport_is_audited_as_an_export(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"])
    cast.client_for("ta").get(pupil_pdf_url(cast.taught_pupil))
    event = AuditEvent.objects.get(pupil=cast.taught_pupil, action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.object_type) == (cast["ta"], "passports.passportversion")


def test_a_class_downloads_as_one_pdf_with_a_page_for_each_pupil_with_a_passport(cast):
    make_passport(cast.looked_after_pupil, cast.school, cast["sendco"])
    make_passport(cast.untaught_pupil, cast.school, cast["sendco"], photo=True)
    response = cast.client_for("sendco").get(group_pdf_url(cast.school, cast.other_group))
    assert response["Content-Disposition"] == f'attachment; filename="passports-{cast.other_group.public_id}.pdf"'
    assert pdf_page_count(response.content) == 2


def test_a_class_pdf_leaves_out_pupils_the_person_may_not_see(cast):
    maths_set = TeachingGroupFactory(school=cast.school, name="Y3 Maths 1", kind="teaching")
    for pupil in (cast.taught_pupil, cast.untaught_pupil):
        GroupMembershipFactory(group=maths_set, pupil=pupil)
        make_passport(pupil, cast.school, cast["sendco"])
    response = cast.client_for("teacher").get(group_pdf_url(cast.school, maths_set))
    assert pdf_page_count(response.content) == 1
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).values_list("pupil", flat=True)
    assert list(exported) == [cast.taught_pupil.pk]


def test_downloading_a_class_audits_an_export_for_each_pupil(cast):
    make_passport(cast.looked_after_pupil, cast.school, cast["sendco"])
    make_passport(cast.untaught_pupil, cast.school, cast["sendco"])
    cast.client_for("sendco").get(group_pdf_url(cast.school, cast.other_group))
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).values_list("pupil", flat=True)
    assert sorted(exported) == sorted([cast.looked_after_pupil.pk, cast.untaught_pupil.pk])


def test_a_class_without_passports_gets_a_page_saying_so(cast):
    response = cast.client_for("sendco").get(group_pdf_url(cast.school, cast.other_group))
    assert (response.status_code, pdf_page_count(response.content)) == (200, 1)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_group_of_another_school_is_not_found(cast):
    birch_group = TeachingGroupFactory(school=cast.other_school, name="8 Oak")
    GroupMembershipFactory(group=birch_group, pupil=cast.other_school_pupil)
    response = cast.client_for("sendco").get(group_pdf_url(cast.school, birch_group))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        ("Wonderful mathematical understanding sometimes disappears whenever interruptions happen. " * 9)[
            :SECTION_MAX_LENGTH
        ],
        "\n".join(["I need a quiet space and a movement break now."] * SECTION_MAX_LINES)[:SECTION_MAX_LENGTH],
    ],
    ids=["longest", "most lines"],
)
def test_a_passport_with_every_section_full_still_fits_on_one_page(cast, text):
    full = dict.fromkeys(SECTION_FIELDS, text)
    version = make_passport(
        cast.taught_pupil, cast.school, cast["sendco"], photo=True, voice_method="talked", voice_note="x" * 200, **full
    )
    pdf = render_passports([PassportPage(cast.taught_pupil, version, "Year 3", "3 Oak")], school=cast.school, title="")
    assert pdf_page_count(pdf) == 1


@pytest.mark.parametrize(
    "url", ["https://example.org/tracker.png", "file:///etc/passwd", "passport-photo:999", "data:text/css,body{}"]
)
def test_the_pdf_fetches_nothing_but_our_own_files_and_the_photos_given(url):
    with pytest.raises(RefusedFetch):
        LocalOnlyFetcher({}).fetch(url)
