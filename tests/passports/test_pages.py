"""The passport pages: the current passport and its history, old versions and what changed, the
edit form, and the photo behind its access check."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.passports.models import PassportPhoto

from .helpers import ABOUT_TIA, HELPS_TIA, image_bytes, make_passport


def passport_url(pupil) -> str:
    return reverse("passports:passport", kwargs={"pupil_id": pupil.public_id})


def edit_url(pupil) -> str:
    return reverse("passports:edit", kwargs={"pupil_id": pupil.public_id})


def form_data(based_on: int, **sections) -> dict:
    return {"based_on": based_on, "about_me": ABOUT_TIA, "helps_me": HELPS_TIA, "voice_method": ""} | sections


def test_the_passport_page_shows_the_current_version_and_every_version_in_the_history(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=1, helps_me="Old advice.")
    make_passport(cast.taught_pupil, cast.school, cast["teacher"], number=2)
    response = cast.client_for("ta").get(passport_url(cast.taught_pupil))
    assert response.context["passport"].number == 2
    assert [version.number for version in response.context["versions"]] == [2, 1]
    assert "One instruction at a time." in response.content.decode()


def test_viewing_a_passport_is_audited(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"])
    cast.client_for("ta").get(passport_url(cast.taught_pupil))
    event = AuditEvent.objects.get(pupil=cast.taught_pupil, action=AuditEvent.Action.VIEW)
    assert (event.actor, event.summary) == (cast["ta"], "Viewed pupil passport")


def test_the_passport_is_a_section_of_the_pupil_record_for_send_readers(cast):
    response = cast.client_for("ta").get(reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert passport_url(cast.taught_pupil) in [tab["url"] for tab in response.context["record_tabs"]]


def test_an_old_version_stays_readable_with_what_changed_since_the_one_before(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=1, helps_me="Old advice.")
    make_passport(cast.taught_pupil, cast.school, cast["teacher"], number=2)
    make_passport(cast.taught_pupil, cast.school, cast["teacher"], number=3, strengths="Drawing.")
    url = reverse("passports:version", kwargs={"pupil_id": cast.taught_pupil.public_id, "passport_version": 2})
    response = cast.client_for("teacher").get(url)
    comparison = response.context["comparison"]
    assert response.context["version"].number == 2
    assert [change.heading for change in comparison.changed] == ["What helps me"]
    assert "This is an old version" in response.content.decode()


def test_a_version_that_does_not_exist_is_not_found(cast):
    url = reverse("passports:version", kwargs={"pupil_id": cast.taught_pupil.public_id, "passport_version": 9})
    assert cast.client_for("sendco").get(url).status_code == 404


def test_the_edit_form_starts_from_the_current_version(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=1)
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=2, strengths="Drawing.")
    form = cast.client_for("teacher").get(edit_url(cast.taught_pupil)).context["form"]
    assert (form["based_on"].value(), form["strengths"].value()) == (2, "Drawing.")


def test_saving_the_form_makes_the_next_version(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"])
    response = cast.client_for("teacher").post(edit_url(cast.taught_pupil), form_data(1, strengths="Drawing."))
    assert response.status_code == 302
    assert cast.taught_pupil.passport_versions.first().strengths == "Drawing."


def test_saving_a_form_opened_before_someone_else_saved_is_refused_with_409(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=1)
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=2, strengths="Their change.")
    response = cast.client_for("teacher").post(edit_url(cast.taught_pupil), form_data(1, strengths="Mine."))
    assert response.status_code == 409
    assert "Someone else saved a newer version" in response.content.decode()
    assert cast.taught_pupil.passport_versions.count() == 2


def test_a_teacher_cannot_edit_the_passport_of_a_pupil_they_do_not_teach(cast):
    response = cast.client_for("teacher").post(edit_url(cast.untaught_pupil), form_data(0))
    assert response.status_code == 404


def test_the_photo_is_served_to_people_who_may_see_the_passport_and_never_cached(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], photo=True)
    url = reverse("passports:photo", kwargs={"pupil_id": cast.taught_pupil.public_id, "passport_version": 1})
    response = cast.client_for("ta").get(url)
    assert (response["Content-Type"], response.content[:4]) == ("image/png", b"\x89PNG")
    assert "no-store" in response["Cache-Control"]


def test_the_photo_of_a_pupil_outside_a_persons_scope_is_not_found(cast):
    make_passport(cast.untaught_pupil, cast.school, cast["sendco"], photo=True)
    url = reverse("passports:photo", kwargs={"pupil_id": cast.untaught_pupil.public_id, "passport_version": 1})
    assert cast.client_for("teacher").get(url).status_code == 404


def test_a_passport_page_shows_the_photo_through_the_checked_view(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], photo=True)
    html = cast.client_for("teacher").get(passport_url(cast.taught_pupil)).content.decode()
    photo_url = reverse("passports:photo", kwargs={"pupil_id": cast.taught_pupil.public_id, "passport_version": 1})
    assert f'src="{photo_url}" alt="Photo of Tia"' in html


def test_uploading_a_photo_keeps_a_re_encoded_copy(cast):
    upload = SimpleUploadedFile("tia.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    cast.client_for("teacher").post(edit_url(cast.taught_pupil), form_data(0, photo=upload))
    photo = PassportPhoto.objects.get(pupil=cast.taught_pupil)
    assert (photo.content_type, bytes(photo.content)[:3]) == ("image/jpeg", b"\xff\xd8\xff")


def test_a_photo_upload_that_is_not_an_image_is_refused(cast):
    upload = SimpleUploadedFile("tia.png", b"<script>alert(1)</script>", content_type="image/png")
    response = cast.client_for("teacher").post(edit_url(cast.taught_pupil), form_data(0, photo=upload))
    assert response.status_code == 400
    assert "The photo must be a JPEG or PNG image." in response.content.decode()
    assert not cast.taught_pupil.passport_versions.exists()


def test_a_file_that_starts_like_a_png_but_is_not_one_is_refused(cast):
    upload = SimpleUploadedFile("tia.png", b"\x89PNG\r\n\x1a\n" + b"not really" * 20, content_type="image/png")
    response = cast.client_for("teacher").post(edit_url(cast.taught_pupil), form_data(0, photo=upload))
    assert response.status_code == 400
    assert not PassportPhoto.objects.exists()


def test_a_photo_larger_than_2_mb_is_refused(cast):
    upload = SimpleUploadedFile("tia.png", image_bytes() + b"\0" * (2 * 1024 * 1024), content_type="image/png")
    response = cast.client_for("teacher").post(edit_url(cast.taught_pupil), form_data(0, photo=upload))
    assert response.status_code == 400
    assert "The photo must be smaller than 2 MB." in response.content.decode()
