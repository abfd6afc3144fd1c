"""The pupil list, search, record, edit and archive pages as people use them."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.pupils.models import Pupil
from opensend.pupils.selectors import PAGE_SIZE

from ..factories import PupilFactory, TeachingGroupFactory, enrol
from .helpers import post_edit


def list_url(cast) -> str:
    return reverse("pupils:list", kwargs={"urn": cast.school.urn})


def names_on(response) -> list[str]:
    return [row["legal_surname"] for row in response.context["page"].rows]


def test_the_list_is_ordered_by_surname(cast):
    response = cast.client_for("sendco").get(list_url(cast))
    assert names_on(response) == ["Cared", "Elsewhere", "Taught"]


def test_a_teacher_sees_only_their_class_in_the_list(cast):
    response = cast.client_for("teacher").get(list_url(cast))
    assert names_on(response) == ["Taught"]


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"looked_after": "on"}, ["Cared"]),
        ({"sex": "M"}, ["Elsewhere"]),
        ({"free_school_meals": "on"}, ["Taught"]),
        ({"english_additional_language": "on"}, ["Elsewhere"]),
        ({"pupil_premium": "on"}, ["Cared", "Taught"]),
    ],
)
def test_filters_narrow_the_list(cast, query, expected):
    Pupil.objects.filter(pk=cast.untaught_pupil.pk).update(sex="M", english_additional_language=True)
    Pupil.objects.filter(pk=cast.taught_pupil.pk).update(free_school_meals=True, pupil_premium=True)
    Pupil.objects.filter(pk=cast.looked_after_pupil.pk).update(pupil_premium=True)
    response = cast.client_for("sendco").get(list_url(cast), query)
    assert names_on(response) == expected


def test_filter_by_year_group_and_group(cast):
    year4 = PupilFactory(trust=cast.trust, legal_surname="Fourth")
    group = TeachingGroupFactory(school=cast.school, name="4 Elm")
    enrolment = enrol(year4, cast.school, nc_year="4", group=group)
    client = cast.client_for("sendco")
    assert names_on(client.get(list_url(cast), {"year_group": enrolment.year_group_id})) == ["Fourth"]
    assert names_on(client.get(list_url(cast), {"group": group.pk})) == ["Fourth"]


def test_a_filter_from_another_school_shows_nothing_rather_than_leaking(cast):
    foreign_group = TeachingGroupFactory(school=cast.other_school, name="8B2")
    response = cast.client_for("sendco").get(list_url(cast), {"group": foreign_group.pk})
    assert names_on(response) == ["Cared", "Elsewhere", "Taught"]  # an unknown choice is ignored, not obeyed


def _fill_school(cast, count: int) -> None:
    year = cast.taught_pupil.enrolments.get().year_group
    pupils = [
        Pupil(
            trust=cast.trust,
            legal_surname=f"Zed{index:03d}",
            legal_forename="Zoe",
            date_of_birth=datetime.date(2018, 1, 1),
            sex="F",
        )
        for index in range(count)
    ]
    for pupil in pupils:
        pupil.save()
        pupil.enrolments.create(school=cast.school, year_group=year, admission_date=datetime.date(2022, 9, 1))


def test_keyset_pages_cover_every_pupil_once_in_order(cast):
    _fill_school(cast, 120)
    client = cast.client_for("sendco")
    seen: list[str] = []
    response = client.get(list_url(cast))
    while True:
        seen.extend(names_on(response))
        after = response.context["page"].next_after
        if not after:
            break
        response = client.get(list_url(cast), {"after": after})
    assert len(seen) == 123
    assert seen == sorted(seen, key=str.casefold)
    assert len(set(seen)) == 123


def test_previous_page_goes_back_to_the_same_rows(cast):
    _fill_school(cast, 120)
    client = cast.client_for("sendco")
    first = client.get(list_url(cast))
    second = client.get(list_url(cast), {"after": first.context["page"].next_after})
    back = client.get(list_url(cast), {"before": second.context["page"].previous_before})
    assert names_on(back) == names_on(first)
    assert back.context["page"].is_first


def test_the_page_cursor_is_an_opaque_id_not_a_name(cast):
    _fill_school(cast, 60)
    response = cast.client_for("sendco").get(list_url(cast))
    cursor = response.context["page"].next_after
    assert "Zed" not in cursor
    assert Pupil.objects.filter(public_id=cursor).exists()


def _queries_for_list(cast) -> int:
    client = cast.client_for("sendco")
    client.get(list_url(cast))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(cast), {"pupil_premium": ""})
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_for_1_row_and_50(cast):
    Pupil.objects.exclude(pk=cast.taught_pupil.pk).update(
        archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    one_row = _queries_for_list(cast)
    _fill_school(cast, PAGE_SIZE + 10)
    fifty_rows = _queries_for_list(cast)
    assert one_row == fifty_rows
    assert fifty_rows <= 8


def test_the_record_takes_the_same_number_of_queries_whatever_it_holds(cast):
    client = cast.client_for("sendco")
    url = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    client.get(url)
    with CaptureQueriesContext(connection) as sparse:
        client.get(url)
    for index in range(5):
        cast.taught_pupil.contacts.create(name=f"Carer {index}", relationship="carer")
        TeachingGroupFactory(school=cast.school, name=f"Set {index}").pupil_memberships.create(pupil=cast.taught_pupil)
    with CaptureQueriesContext(connection) as full:
        client.get(url)
    assert len(sparse) == len(full)


def test_search_finds_a_pupil_by_name_through_post(cast):
    response = cast.client_for("sendco").post(reverse("pupils:search", kwargs={"urn": cast.school.urn}), {"q": "taug"})
    assert [row["legal_surname"] for row in response.context["results"]] == ["Taught"]


def test_search_needs_every_word_to_match(cast):
    url = reverse("pupils:search", kwargs={"urn": cast.school.urn})
    response = cast.client_for("sendco").post(url, {"q": "Tia Elsewhere"})
    assert response.context["results"] == []


def test_search_finds_a_pupil_by_upn(cast):
    url = reverse("pupils:search", kwargs={"urn": cast.school.urn})
    response = cast.client_for("sendco").post(url, {"q": cast.untaught_pupil.upn.lower()})
    assert [row["legal_surname"] for row in response.context["results"]] == ["Elsewhere"]


def test_search_stays_within_what_the_person_may_see(cast):
    url = reverse("pupils:search", kwargs={"urn": cast.school.urn})
    response = cast.client_for("teacher").post(url, {"q": "Elsewhere"})
    assert response.context["results"] == []


def test_search_by_get_is_refused_so_names_stay_out_of_urls(cast):
    response = cast.client_for("sendco").get(reverse("pupils:search", kwargs={"urn": cast.school.urn}), {"q": "Tia"})
    assert response.status_code == 405


def test_search_with_htmx_returns_only_the_results(cast):
    response = cast.client_for("sendco").post(
        reverse("pupils:search", kwargs={"urn": cast.school.urn}), {"q": "Taught"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in response.content
    assert b"Taught" in response.content


def test_the_record_shows_the_identity_bar(cast):
    response = cast.client_for("teacher").get(
        reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    )
    html = response.content.decode()
    assert "moj-identity-bar" in html
    assert cast.taught_pupil.upn in html
    assert "Change details" not in html  # a teacher may read, not edit, the core record


def test_the_identity_bar_shows_free_school_meals_and_eal_beside_pupil_premium(cast):
    Pupil.objects.filter(pk=cast.taught_pupil.pk).update(
        free_school_meals=True, english_additional_language=True, pupil_premium=True
    )
    url = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})

    bar = cast.client_for("teacher").get(url).content.decode().split("moj-identity-bar__details")[1].split("</div>")[0]

    assert ">Pupil premium</strong>" in bar
    assert '>FSM<span class="govuk-visually-hidden"> (free school meals)</span></strong>' in bar
    assert '>EAL<span class="govuk-visually-hidden"> (English as an additional language)</span></strong>' in bar


def test_the_identity_bar_leaves_out_free_school_meals_and_eal_when_they_do_not_apply(cast):
    url = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    html = cast.client_for("teacher").get(url).content.decode()
    assert ">FSM<" not in html and ">EAL<" not in html


def test_an_edit_saves_and_bumps_the_version(cast):
    response = post_edit(cast, "sendco", preferred_forename="Tee")
    assert response.status_code == 302
    cast.taught_pupil.refresh_from_db()
    assert cast.taught_pupil.preferred_forename == "Tee"
    assert cast.taught_pupil.version == 2


def test_a_stale_edit_is_refused_and_changes_nothing(cast):
    assert post_edit(cast, "sendco", preferred_forename="First").status_code == 302
    response = post_edit(cast, "head", preferred_forename="Second", version=1)
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    cast.taught_pupil.refresh_from_db()
    assert cast.taught_pupil.preferred_forename == "First"


def test_a_bad_upn_is_named_and_nothing_changes(cast):
    response = post_edit(cast, "sendco", upn="Z801200001001", preferred_forename="Changed")
    assert response.status_code == 400
    assert "Enter a valid UPN" in response.content.decode()
    cast.taught_pupil.refresh_from_db()
    assert cast.taught_pupil.preferred_forename == ""


def test_a_duplicate_upn_is_refused(cast):
    response = post_edit(cast, "sendco", upn=cast.untaught_pupil.upn)
    assert response.status_code == 400
    assert "already has this UPN" in response.content.decode()


def test_archiving_needs_a_reason(cast):
    url = reverse("pupils:archive", kwargs={"pupil_id": cast.taught_pupil.public_id})
    response = cast.client_for("sendco").post(url, {"reason": ""})
    assert response.status_code == 400
    cast.taught_pupil.refresh_from_db()
    assert not cast.taught_pupil.is_archived


def test_an_archived_pupil_leaves_the_list_but_is_not_deleted(cast):
    url = reverse("pupils:archive", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert cast.client_for("sendco").post(url, {"reason": "Duplicate record"}).status_code == 302
    assert "Taught" not in names_on(cast.client_for("sendco").get(list_url(cast)))
    archived = Pupil.objects.get(pk=cast.taught_pupil.pk)
    assert archived.archive_reason == "Duplicate record"
    assert archived.archived_by == cast["sendco"]


def test_a_group_created_by_an_import_appears_in_the_filter_at_once(cast, django_capture_on_commit_callbacks):
    from opensend.pupils.mis_import import import_pupils

    client = cast.client_for("sendco")
    client.get(list_url(cast))  # the filter choices are now cached
    row = f"{cast.taught_pupil.upn},Taught,Tia,,14/03/2018,F,3,3 Rowan,01/09/2022,N,N,N,N"
    header = (
        "UPN,Surname,Forename,Preferred Forename,DOB,Sex,NC Year,Reg Group,Admission Date,FSM,EAL,Pupil Premium,In Care"
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_pupils(school=cast.school, text=f"{header}\n{row}\n", actor=cast["sendco"])
    labels = [label for _, label in client.get(list_url(cast)).context["form"].fields["group"].choices]
    assert "3 Rowan" in labels


def test_each_row_shows_the_year_and_registration_group_at_this_school_now(cast):
    pupil = PupilFactory(trust=cast.trust, legal_surname="Mover")
    enrol(pupil, cast.other_school, nc_year="6")  # still on roll at another school of the trust
    left = enrol(pupil, cast.school, nc_year="4")
    left.leaving_date = datetime.date(2023, 7, 20)
    left.save()
    enrol(pupil, cast.school, nc_year="5", group=TeachingGroupFactory(school=cast.school, name="5 Elm"))
    TeachingGroupFactory(school=cast.school, name="0 Choir", kind="teaching").pupil_memberships.create(pupil=pupil)
    response = cast.client_for("sendco").get(list_url(cast))
    row = next(row for row in response.context["page"].rows if row["legal_surname"] == "Mover")
    assert (row["year_label"], row["registration_group"]) == ("Year 5", "5 Elm")


def test_each_row_shows_name_year_group_birth_date_and_tags_escaped(cast):
    Pupil.objects.filter(pk=cast.taught_pupil.pk).update(
        legal_surname="<i>Taught</i>", preferred_forename="Ti", date_of_birth=datetime.date(2018, 3, 9)
    )
    Pupil.objects.filter(pk=cast.looked_after_pupil.pk).update(pupil_premium=True)
    page = cast.client_for("sendco").get(list_url(cast)).content.decode()
    taught = page[page.index("&lt;i&gt;Taught&lt;/i&gt;, Ti (Tia)") :].split("</tr>")[0]
    assert "<i>" not in page
    assert '<td class="govuk-table__cell app-nowrap">9 Mar 2018</td>' in taught
    assert "3 Oak" in taught
    cared = page[page.index("Cared, Cai") :].split("</tr>")[0]
    assert (
        '<strong class="govuk-tag govuk-tag--purple">Looked after</strong> '
        '<strong class="govuk-tag govuk-tag--blue">PP</strong>'
    ) in cared
