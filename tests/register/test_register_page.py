"""The register page: every pupil on roll with provision, needs, monitoring and base; its filters; its
counts beside the national figures; keyset pages at a fixed query count; and the overviews' numbers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opensend.core.school_cache import school_changed
from opensend.pupils.models import Pupil
from opensend.register import national
from opensend.register.models import SenNeed
from opensend.register.selectors import PAGE_SIZE
from opensend.schools.models import YearGroup

from ..factories import PupilFactory, TeachingGroupFactory, enrol
from .helpers import give_school_a_base, give_sen, monitor, place_in_base


def register_url(cast) -> str:
    return reverse("register:list", kwargs={"urn": cast.school.urn})


def surnames(response) -> list[str]:
    return [row["legal_surname"] for row in response.context["page"].rows]


@pytest.fixture
def register(cast):
    """Taught: SEN support (SLCN, then SEMH), FSM. Cared: EHC plan (ASD) in the Nest. Elsewhere: no SEN,
    monitored, a boy with EAL. Fourth: in year 4 with pupil premium, no provision recorded."""
    give_school_a_base(cast.school)
    Pupil.objects.filter(pk=cast.taught_pupil.pk).update(free_school_meals=True)
    Pupil.objects.filter(pk=cast.untaught_pupil.pk).update(sex="M", english_additional_language=True)
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN", "SEMH")
    give_sen(cast.looked_after_pupil, cast.school, "E", "ASD")
    place_in_base(cast.looked_after_pupil, cast.school)
    give_sen(cast.untaught_pupil, cast.school, "N")
    monitor(cast.untaught_pupil, cast.school)
    fourth = PupilFactory(trust=cast.trust, legal_surname="Fourth", pupil_premium=True)
    enrol(fourth, cast.school, nc_year="4", group=TeachingGroupFactory(school=cast.school, name="4 Elm"))
    return cast


def test_the_register_opens_on_the_pupils_with_sen_and_counts_the_whole_roll(register):
    response = register.client_for("sendco").get(register_url(register))

    assert surnames(response) == ["Cared", "Taught"]
    assert response.context["stats"].total == 4
    html = response.content.decode()
    assert "Listing the pupils with SEN (EHC plan or SEN support)." in html
    assert '<a class="govuk-link" href="?provision=all">List everyone on roll</a>' in html
    assert '<option value="SEN" selected>All SEN (E and K)</option>' in html


def test_the_whole_roll_is_one_filter_away(register):
    response = register.client_for("sendco").get(register_url(register), {"provision": "all"})

    assert surnames(response) == ["Cared", "Elsewhere", "Fourth", "Taught"]
    assert response.context["stats"].total == 4
    assert "Listing the pupils with SEN" not in response.content.decode()


def test_the_register_lists_every_pupil_on_roll_with_provision_needs_and_flags(register):
    response = register.client_for("sendco").get(register_url(register), {"provision": "all"})
    rows = {row["legal_surname"]: row for row in response.context["page"].rows}
    assert list(rows) == ["Cared", "Elsewhere", "Fourth", "Taught"]
    taught = rows["Taught"]
    assert (taught["provision"], [need.code for need in taught["needs"]]) == ("K", ["SLCN", "SEMH"])
    assert [need.area_label for need in taught["needs"]] == [
        "Communication and interaction",
        "Social, emotional and mental health",
    ]
    assert rows["Cared"]["bases"] == ["The Nest"]
    assert rows["Elsewhere"]["monitored"] is True
    assert rows["Fourth"]["provision_label"] == "Not recorded"


def test_each_name_links_to_the_pupils_sen_section(register):
    response = register.client_for("sendco").get(register_url(register))
    url = reverse("register:sen", kwargs={"pupil_id": register.taught_pupil.public_id})
    assert f'href="{url}"'.encode() in response.content


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"provision": "K"}, ["Taught"]),
        ({"provision": "E"}, ["Cared"]),
        ({"provision": "SEN"}, ["Cared", "Taught"]),
        ({"provision": "N"}, ["Elsewhere"]),
        ({"provision": "none"}, ["Fourth"]),
        ({"need": "SEMH"}, ["Taught"]),
        ({"need": "ASD"}, ["Cared"]),
        ({"area": "semh"}, ["Taught"]),
        ({"area": "communication-interaction"}, ["Cared", "Taught"]),
        ({"base": "resourced"}, ["Cared"]),
        ({"monitoring": "on"}, ["Elsewhere"]),
        ({"provision": "all", "pupil_premium": "on"}, ["Fourth"]),
        ({"free_school_meals": "on"}, ["Taught"]),
        ({"provision": "all", "english_additional_language": "on"}, ["Elsewhere"]),
        ({"looked_after": "on"}, ["Cared"]),
        ({"provision": "all", "sex": "M"}, ["Elsewhere"]),
        ({"provision": "SEN", "area": "semh"}, ["Taught"]),
        ({"pupil_premium": "on"}, []),  # with no provision chosen, the pupils with SEN
        ({"free_school_meals": "on", "provision": ""}, ["Taught"]),
    ],
)
def test_filters_narrow_the_register(register, query, expected):
    assert surnames(register.client_for("sendco").get(register_url(register), query)) == expected


def test_filters_by_year_group_and_group(register):
    client = register.client_for("sendco")
    year4 = YearGroup.objects.get(school=register.school, nc_year="4")
    group = register.school.groups.get(name="4 Elm")
    assert surnames(client.get(register_url(register), {"year_group": year4.pk, "provision": "all"})) == ["Fourth"]
    assert surnames(client.get(register_url(register), {"group": group.pk, "provision": "all"})) == ["Fourth"]


def test_the_base_filter_is_offered_only_where_the_school_has_a_base(cast):
    response = cast.client_for("sendco").get(register_url(cast))
    assert "base" not in response.context["form"].fields


def test_counts_and_percentages_by_provision_sit_beside_the_national_figures(register):
    stats = register.client_for("sendco").get(register_url(register)).context["stats"]
    shares = {share.code: (share.count, share.percent, share.national) for share in stats.provision}
    assert shares["E"] == (1, 25.0, national.PROVISION["E"])
    assert shares["K"] == (1, 25.0, national.PROVISION["K"])
    assert shares["SEN"] == (2, 50.0, national.PROVISION["SEN"])
    assert shares["none"][:2] == (1, 25.0)
    assert national.PROVISION["E"].period == "England, January 2026"


def test_the_national_figures_are_labelled_with_their_census(register):
    html = register.client_for("sendco").get(register_url(register)).content.decode()
    assert "England, January 2026" in html
    assert "6.0%" in html


def test_counts_by_primary_need_and_broad_area_follow_the_filter(register):
    stats = register.client_for("sendco").get(register_url(register), {"provision": "SEN"}).context["stats"]
    needs = {row.code: (row.ehc_plan.count, row.sen_support.count, row.all_sen.percent) for row in stats.needs}
    assert needs == {"ASD": (1, 0, 50.0), "SLCN": (0, 1, 50.0)}
    areas = {row.code: row.all_sen.count for row in stats.areas}
    assert areas["communication-interaction"] == 2
    assert areas["semh"] == 0  # SEMH is Taught's secondary need, not the primary
    asd = next(row for row in stats.needs if row.code == "ASD")
    assert asd.national_ehc_plan.percent == national.EHC_PLAN_PRIMARY_NEED["ASD"]


def test_a_filter_from_another_school_shows_nothing(register):
    other_group = TeachingGroupFactory(school=register.other_school, name="8X")
    response = register.client_for("sendco").get(register_url(register), {"group": other_group.pk})
    assert surnames(response) == ["Cared", "Taught"]  # not a choice here: ignored, and the register opens as usual


def add_pupils_with_sen(cast, count: int) -> None:
    for number in range(count):
        pupil = PupilFactory(trust=cast.trust, legal_surname=f"Many{number:03d}")
        enrol(pupil, cast.school, group=cast.group)
        give_sen(pupil, cast.school, "K", "SLCN", "SEMH")


def test_keyset_pages_cover_every_pupil_once_in_order(register):
    add_pupils_with_sen(register, PAGE_SIZE + 7)
    client = register.client_for("sendco")
    seen, query = [], {"provision": "all"}
    while True:
        page = client.get(register_url(register), query).context["page"]
        seen += [row["legal_surname"] for row in page.rows]
        if not page.next_after:
            break
        query = {"provision": "all", "after": page.next_after}
    assert len(seen) == PAGE_SIZE + 7 + 4
    assert seen == sorted(seen, key=str.casefold)


def test_the_previous_page_goes_back_to_the_same_rows(register):
    add_pupils_with_sen(register, PAGE_SIZE + 7)
    client = register.client_for("sendco")
    first = client.get(register_url(register)).context["page"]
    second = client.get(register_url(register), {"after": first.next_after}).context["page"]
    back = client.get(register_url(register), {"before": second.previous_before}).context["page"]
    assert [row["pk"] for row in back.rows] == [row["pk"] for row in first.rows]


def test_the_page_cursor_is_an_opaque_id_not_a_name(register):
    add_pupils_with_sen(register, PAGE_SIZE + 1)
    response = register.client_for("sendco").get(register_url(register))
    cursor = response.context["page"].next_after
    assert Pupil.objects.filter(public_id=cursor).exists()
    assert f"after={cursor}".encode() in response.content


def queries_for_register(cast, query: dict) -> int:
    client = cast.client_for("sendco")
    client.get(register_url(cast), query)  # sessions and caches warm, as for a person using the page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(register_url(cast), query).status_code == 200
    return len(captured)


def test_the_register_takes_the_same_number_of_queries_for_1_row_and_a_full_page(register):
    give_school_a_base(register.school)
    one_row = queries_for_register(register, {"provision": "K"})
    for number in range(PAGE_SIZE + 5):
        pupil = PupilFactory(trust=register.trust, legal_surname=f"Many{number:03d}")
        enrol(pupil, register.school, group=register.group)
        give_sen(pupil, register.school, "K", "SLCN", "SEMH", "MLD")
        place_in_base(pupil, register.school)
    assert queries_for_register(register, {"provision": "K"}) == one_row
    assert queries_for_register(register, {"provision": "K", "after": _cursor(register)}) == one_row


def test_opening_on_the_pupils_with_sen_takes_no_more_queries_than_a_chosen_filter(register):
    chosen = queries_for_register(register, {"provision": "K"})
    assert queries_for_register(register, {}) == chosen
    assert queries_for_register(register, {"provision": "all"}) == chosen


def _cursor(cast) -> str:
    return str(Pupil.objects.filter(legal_surname="Many010").values_list("public_id", flat=True).get())


plans_installed = pytest.mark.skipif(
    not apps.is_installed("opensend.plans"), reason="parents' meetings come with the plans feature"
)


@plans_installed
def test_sen_support_pupils_show_the_parents_meetings_held_this_academic_year(register):
    meeting = apps.get_model("plans", "ParentMeeting")
    today = timezone.localdate()
    for held_on, kind in [
        (today, "sen-support-review"),
        (today - datetime.timedelta(days=1), "sen-support-review"),
        (today - datetime.timedelta(days=400), "sen-support-review"),  # last year
        (today, "other"),
    ]:
        meeting.objects.create(
            pupil=register.taught_pupil,
            school=register.school,
            held_on=held_on,
            kind=kind,
            other_attendees="Mum, class teacher",
            recorded_by=register["sendco"],
        )
    rows = {
        row["legal_surname"]: row["meetings"]
        for row in register.client_for("sendco").get(register_url(register), {"provision": "all"}).context["page"].rows
    }
    assert rows == {"Cared": None, "Elsewhere": None, "Fourth": None, "Taught": 2}


def test_sen_support_pupils_show_no_meetings_while_meetings_are_not_recorded(register, monkeypatch):
    real_get_model = apps.get_model

    def without_plans(app_label, model_name=None, **kwargs):
        if app_label == "plans":
            raise LookupError("No installed app with label 'plans'.")
        return real_get_model(app_label, model_name, **kwargs)

    monkeypatch.setattr(apps, "get_model", without_plans)
    response = register.client_for("sendco").get(register_url(register))
    assert b"not recorded in OpenSEND yet" in response.content
    meetings = {row["legal_surname"]: row["meetings"] for row in response.context["page"].rows}
    assert meetings["Taught"] == 0


# --- the overviews: numbers only, small numbers suppressed ----------------------------------------


def overview_url(cast) -> str:
    return reverse("dashboards:school-overview", kwargs={"urn": cast.school.urn})


def test_the_school_overview_shows_register_counts_with_small_numbers_suppressed(register):
    summary = register.client_for("governor").get(overview_url(register)).context["summary"]
    rows = {row.label: row.value for row in summary["register"].provision}
    assert (rows["EHC plan"].shown, rows["EHC plan"].percent_shown) == ("fewer than 6", "")
    assert rows["All SEN"].shown == "fewer than 6"


def test_the_school_overview_shows_counts_of_six_or_more(register):
    add_pupils_with_sen(register, 6)
    summary = register.client_for("governor").get(overview_url(register)).context["summary"]
    support = next(row.value for row in summary["register"].provision if row.label == "SEN support")
    assert (support.shown, support.percent_shown) == ("7", "70.0%")


def test_no_count_from_1_to_5_appears_in_the_overviews_characteristics_or_register(register):
    Pupil.objects.filter(pk=register.taught_pupil.pk).update(english_additional_language=True)
    html = register.client_for("governor").get(overview_url(register)).content.decode()
    # Everything above the year groups, whose head counts the school publishes anyway.
    counted = html[html.index("Characteristics") : html.index("Pupils by year group")]
    assert "fewer than 6" in counted
    for count in range(1, 6):
        assert f">{count}</td>" not in counted
    assert "25.0%" not in counted  # nor the percentage that would give the count away (1 of 4)
    assert "50.0%" not in counted


def test_the_overviews_name_no_pupil(register):
    pages = [
        register.client_for("governor").get(overview_url(register)),
        register.client_for("trust-lead").get(
            reverse("dashboards:trust-overview", kwargs={"trust_id": register.trust.public_id})
        ),
    ]
    for response in pages:
        for pupil in (register.taught_pupil, register.looked_after_pupil, register.untaught_pupil):
            assert pupil.legal_surname.encode() not in response.content
        assert b"Fourth" not in response.content


def test_the_trust_overview_has_register_numbers_per_school(register):
    add_pupils_with_sen(register, 6)
    response = register.client_for("trust-lead").get(
        reverse("dashboards:trust-overview", kwargs={"trust_id": register.trust.public_id})
    )
    by_school = {row["name"]: row["register"] for row in response.context["schools"]}
    oakfield = {row.label: row.value.shown for row in by_school["Oakfield Primary"].provision}
    assert oakfield == {"EHC plan": "fewer than 6", "SEN support": "7", "All SEN": "8"}
    assert {row.label: row.value.shown for row in by_school["Birchwood Academy"].provision} == {
        "EHC plan": "0",
        "SEN support": "0",
        "All SEN": "0",
    }


def with_sen_shown(response) -> str:
    return re.search(r"<strong>(\d+)</strong> with SEN", response.content.decode()).group(1)


def test_the_counts_follow_a_change_of_provision_at_once(register):
    client = register.client_for("sendco")
    assert with_sen_shown(client.get(register_url(register))) == "2"
    assert with_sen_shown(client.get(register_url(register))) == "2"
    status = register.untaught_pupil.sen_statuses.get(end_date__isnull=True)
    response = client.post(
        reverse("register:provision-change", kwargs={"pupil_id": register.untaught_pupil.public_id}),
        {
            "provision": "K",
            "start_date": timezone.localdate().strftime("%d/%m/%Y"),
            "reason": "Agreed at the review meeting",
            "parents_notified_on": timezone.localdate().strftime("%d/%m/%Y"),
            "parents_notified_by": "meeting",
            "current": status.pk,
        },
    )
    assert response.status_code == 302
    assert with_sen_shown(client.get(register_url(register))) == "3"


def test_the_counts_are_kept_between_pages_of_the_register(register):
    client = register.client_for("sendco")
    client.get(register_url(register))
    with CaptureQueriesContext(connection) as again:
        client.get(register_url(register), {"provision": ""})
    with CaptureQueriesContext(connection) as other_filters:
        client.get(register_url(register), {"provision": "K"})
    assert len(other_filters) == len(again) + 1


def test_a_pupil_with_medical_needs_is_flagged_on_the_register(register):
    Pupil.objects.filter(pk=register.taught_pupil.pk).update(medical_needs="Asthma: inhaler in her bag.")
    response = register.client_for("sendco").get(register_url(register))
    flags = {row["legal_surname"]: [label for label, _ in row["flags"]] for row in response.context["page"].rows}
    assert flags["Taught"] == ["Medical", "FSM"]
    assert "Medical" not in flags["Cared"]


def test_the_flags_show_as_coloured_tags(register):
    Pupil.objects.filter(pk=register.taught_pupil.pk).update(medical_needs="Asthma: inhaler in her bag.")
    page = register.client_for("sendco").get(register_url(register)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--purple">Looked after</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Medical</strong>' in page


def test_each_row_shows_its_cells_as_people_read_them(register):
    page = register.client_for("sendco").get(register_url(register), {"provision": "all"}).content.decode()
    taught = page[page.index(">Taught, Tia<") :].split("</tr>")[0]
    assert "<strong>SLCN</strong>" in taught
    assert taught.index("SLCN") < taught.index("SEMH")
    assert "Communication and interaction" in taught
    assert '<strong class="govuk-tag govuk-tag--turquoise">SEN support</strong>' in taught
    assert '<span class="app-nowrap">since ' in taught
    assert "0 of 3" in taught
    fourth = page[page.index("Fourth, ") :].split("</tr>")[0]
    assert '<strong class="govuk-tag govuk-tag--red">Not recorded</strong>' in fourth
    assert "Year 4<br>4 Elm" in fourth
    elsewhere = page[page.index("Elsewhere, ") :].split("</tr>")[0]
    assert "No SEN" in elsewhere and "of 3" not in elsewhere


def test_a_sen_pupil_without_a_need_is_shown_as_such(register):
    SenNeed.objects.filter(pupil=register.looked_after_pupil).delete()
    page = register.client_for("sendco").get(register_url(register)).content.decode()
    cared = page[page.index("Cared, ") :].split("</tr>")[0]
    assert '<strong class="govuk-tag govuk-tag--red">No need recorded</strong>' in cared


def test_names_and_groups_in_rows_are_escaped(register):
    Pupil.objects.filter(pk=register.taught_pupil.pk).update(legal_surname="<b>Bold</b>", preferred_forename='"Ti"')
    page = register.client_for("sendco").get(register_url(register)).content.decode()
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;, &quot;Ti&quot; (Tia)" in page


def test_the_filter_form_shows_what_was_asked_for_page_after_page(register):
    client = register.client_for("sendco")
    plain = client.get(register_url(register)).content.decode()
    assert '<option value="K" selected>' not in plain
    chosen = client.get(register_url(register), {"provision": "K"}).content.decode()
    assert '<option value="K" selected>' in chosen
    assert "Clear filters" in chosen
    assert '<option value="K" selected>' not in client.get(register_url(register)).content.decode()


def test_a_new_group_appears_in_the_filter_once_the_school_changes(register):
    client = register.client_for("sendco")
    assert "5 Yew" not in client.get(register_url(register)).content.decode()
    TeachingGroupFactory(school=register.school, name="5 Yew")
    school_changed(register.school.pk)  # as the MIS import that brings groups does
    assert "5 Yew" in client.get(register_url(register)).content.decode()
