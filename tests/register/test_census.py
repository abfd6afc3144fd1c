"""The census SEN validation rules (statutory-rules.md 3.4), each with a pupil who passes and a pupil
who fails it; then the Census check page and the census_check command over a school's pupils."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.register.census import CensusNeed, CensusPupil, Severity, check, check_pupil
from opensend.register.models import BaseMembership

from ..factories import PupilFactory, enrol
from .helpers import give_sen, place_in_base

MAINSTREAM = "PS"


def pupil(provision: str | None, *needs: tuple[str, int | None], unit: bool | None = False, resourced=False):
    return CensusPupil(
        key="p",
        provision=provision,
        needs=tuple(CensusNeed(code, rank) for code, rank in needs),
        sen_unit_indicator=unit,
        resourced_provision_indicator=resourced,
    )


def rules_failed(census_pupil: CensusPupil, phase: str = MAINSTREAM) -> list[str]:
    return [issue.rule.number for issue in check_pupil(census_pupil, phase=phase)]


def test_a_pupil_with_no_sen_and_no_needs_passes_every_rule():
    assert rules_failed(pupil("N")) == []


def test_a_pupil_on_sen_support_with_a_primary_and_secondary_need_passes_every_rule():
    assert rules_failed(pupil("K", ("SLCN", 1), ("SEMH", 2))) == []


def test_a_pupil_with_an_ehc_plan_in_the_resourced_provision_passes_every_rule():
    assert rules_failed(pupil("E", ("ASD", 1), resourced=True)) == []


def test_2120_a_pupil_with_no_provision_fails():
    assert rules_failed(pupil(None)) == ["2120"]
    assert rules_failed(pupil("")) == ["2120"]


def test_2310_a_provision_that_is_not_n_k_or_e_fails():
    assert rules_failed(pupil("X")) == ["2310"]


def test_2115_the_discontinued_statement_code_fails_and_asks_for_e():
    issues = check_pupil(pupil("S", ("ASD", 1)), phase=MAINSTREAM)
    assert [issue.rule.number for issue in issues] == ["2115"]
    assert "re-code it as 'E'" in issues[0].rule.text


def test_2125_needs_recorded_with_provision_n_fail():
    assert rules_failed(pupil("N", ("MLD", 1))) == ["2125"]


def test_2125_a_place_in_a_base_with_provision_n_fails():
    assert rules_failed(pupil("N", resourced=True)) == ["2125"]


def test_2130_a_ranked_need_without_a_valid_type_fails():
    assert rules_failed(pupil("K", ("SLCN", 1), ("", 2))) == ["2130"]
    assert rules_failed(pupil("K", ("SLCN", 1), ("BESD", 2))) == ["2130"]


def test_2140_a_need_without_a_rank_fails():
    assert rules_failed(pupil("K", ("SLCN", None))) == ["2140"]


def test_2140_ranks_with_a_gap_fail():
    assert rules_failed(pupil("K", ("SLCN", 1), ("SEMH", 3))) == ["2140"]


def test_2160_a_single_need_that_is_not_rank_1_fails():
    assert rules_failed(pupil("K", ("SLCN", 2))) == ["2160"]


def test_2165_two_needs_with_the_same_rank_fail():
    assert rules_failed(pupil("K", ("SLCN", 1), ("SEMH", 1))) == ["2165"]


def test_2166_more_than_two_needs_is_a_query_not_an_error():
    issues = check_pupil(pupil("K", ("SLCN", 1), ("SEMH", 2), ("SPLD", 3)), phase=MAINSTREAM)
    assert [(issue.rule.number, issue.rule.severity) for issue in issues] == [("2166", Severity.QUERY)]


def test_2170_sen_support_without_a_need_fails():
    assert rules_failed(pupil("K")) == ["2170"]


def test_2170_an_ehc_plan_without_a_need_fails():
    assert rules_failed(pupil("E")) == ["2170"]


def test_2175_nsa_with_an_ehc_plan_fails():
    assert rules_failed(pupil("E", ("NSA", 1))) == ["2175"]


def test_2175_nsa_with_sen_support_passes():
    assert rules_failed(pupil("K", ("NSA", 1))) == []


def test_2230_a_pupil_with_sen_and_no_sen_unit_indicator_fails():
    assert rules_failed(pupil("K", ("SLCN", 1), unit=None)) == ["2230"]


def test_2250_a_pupil_with_sen_and_no_resourced_provision_indicator_fails():
    assert rules_failed(pupil("E", ("ASD", 1), resourced=None)) == ["2250"]


def test_2230_and_2250_do_not_apply_to_pupils_without_sen():
    assert rules_failed(pupil("N", unit=None, resourced=None)) == []


@pytest.mark.parametrize("phase", ["SP", "PR"])
def test_5049_and_5050_indicators_are_not_required_from_special_schools_and_prus(phase):
    assert rules_failed(pupil("E", ("SLD", 1), unit=None, resourced=None), phase=phase) == []
    assert rules_failed(pupil("E", ("SLD", 1), unit=True, resourced=True), phase=phase) == ["5049", "5050"]


def test_2180_a_pupil_in_a_special_school_without_sen_is_a_query():
    issues = check_pupil(pupil("N", unit=None, resourced=None), phase="SP")
    assert [(issue.rule.number, issue.is_error) for issue in issues] == [("2180", False)]


def test_check_lists_errors_before_queries():
    pupils = [
        CensusPupil("a", "K", (CensusNeed("SLCN", 1), CensusNeed("SEMH", 2), CensusNeed("MLD", 3))),
        CensusPupil("b", "K"),
    ]
    assert [(issue.key, issue.rule.number) for issue in check(pupils, phase=MAINSTREAM)] == [
        ("b", "2170"),
        ("a", "2166"),
    ]


# --- the page and the command, over the database -----------------------------------------------------


def census_url(cast) -> str:
    return reverse("register:census", kwargs={"urn": cast.school.urn})


def test_every_pupil_on_roll_without_a_provision_is_listed_under_2120(cast):
    report = cast.client_for("sendco").get(census_url(cast)).context["report"]
    assert report.pupils_checked == 3
    assert sorted((item.pupil["legal_surname"], item.issue.rule.number) for item in report.issues) == [
        ("Cared", "2120"),
        ("Elsewhere", "2120"),
        ("Taught", "2120"),
    ]


def test_the_page_links_each_failing_pupil_to_their_sen_section(cast):
    give_sen(cast.looked_after_pupil, cast.school, "N")
    give_sen(cast.untaught_pupil, cast.school, "N")
    give_sen(cast.taught_pupil, cast.school, "K")
    response = cast.client_for("sendco").get(census_url(cast))
    sen_url = reverse("register:sen", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert f'href="{sen_url}"'.encode() in response.content
    assert b"2170" in response.content
    assert [item.issue.rule.number for item in response.context["report"].issues] == ["2170"]


def test_the_school_administrator_is_linked_to_the_pupil_record_not_the_sen_section(cast):
    give_sen(cast.taught_pupil, cast.school, "K")
    response = cast.client_for("school-admin").get(census_url(cast))
    record_url = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert f'href="{record_url}"'.encode() in response.content
    assert b"/sen/" not in response.content


def test_a_place_in_a_base_the_school_does_not_have_fails_2250(cast):
    give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    place_in_base(cast.taught_pupil, cast.school, BaseMembership.Kind.RESOURCED_PROVISION)
    report = cast.client_for("sendco").get(census_url(cast)).context["report"]
    failed = [item for item in report.issues if item.pupil["pk"] == cast.taught_pupil.pk]
    assert [item.issue.rule.number for item in failed] == ["2250"]
    assert "has none set up" in failed[0].issue.detail


def test_the_page_takes_the_same_number_of_queries_for_3_pupils_and_30(cast):
    def queries() -> int:
        client = cast.client_for("sendco")
        client.get(census_url(cast))  # sessions and caches warm, as for a person using the page
        with CaptureQueriesContext(connection) as captured:
            assert client.get(census_url(cast)).status_code == 200
        return len(captured)

    few = queries()
    for number in range(27):
        extra = PupilFactory(trust=cast.trust, legal_surname=f"Extra{number:02d}")
        enrol(extra, cast.school)
        give_sen(extra, cast.school, "K", "SLCN", "SEMH", "MLD")
    assert queries() == few


def run_census_check(urn: str) -> str:
    out = StringIO()
    call_command("census_check", "--school", urn, stdout=out)
    return out.getvalue()


def test_the_command_exits_with_status_1_and_names_the_rule_when_there_is_an_error(cast):
    give_sen(cast.looked_after_pupil, cast.school, "N")
    give_sen(cast.untaught_pupil, cast.school, "N")
    give_sen(cast.taught_pupil, cast.school, "K")
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("census_check", "--school", cast.school.urn, stdout=out)
    assert raised.value.returncode == 1
    assert f"2170 error Taught, Tia ({cast.taught_pupil.upn})" in out.getvalue()


def test_the_command_exits_0_when_there_are_only_queries(cast):
    give_sen(cast.looked_after_pupil, cast.school, "N")
    give_sen(cast.untaught_pupil, cast.school, "N")
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN", "SEMH", "MLD")
    output = run_census_check(cast.school.urn)
    assert "2166 query" in output
    assert "0 errors, 1 query" in output


def test_the_command_says_so_when_everything_passes(cast):
    for each in (cast.looked_after_pupil, cast.untaught_pupil, cast.taught_pupil):
        give_sen(each, cast.school, "N")
    assert "0 errors, 0 queries: ready for the census." in run_census_check(cast.school.urn)


def test_the_command_refuses_an_unknown_school(db):
    with pytest.raises(CommandError, match="No school with URN 999999"):
        run_census_check("999999")
