"""Bringing a school's existing SEN register in with its pupils: the SEN columns of an MIS export,
checked with the register's and the census's own rules, written as dated history, audited."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.pupils import mis_import
from opensend.pupils.mis_import import ImportInvalid
from opensend.pupils.models import Pupil
from opensend.register.models import MonitoringEntry, SenNeed, SenStatus
from opensend.register.selectors import census_report

from ..pupils.test_import_views import upload
from ..pupils.test_mis_import import PUPIL_HEADER, csv_text, pupil_line, upn
from .helpers import give_sen, monitor

SIMS = ["SEN Provision", "Primary Need", "Secondary Need", "SEN Start Date"]


def sen_file(*lines: dict[str, str], header: list[str] = SIMS) -> str:
    return csv_text(list(lines), header=PUPIL_HEADER + header)


def run(cast, text: str, **kwargs) -> mis_import.ImportResult:
    return mis_import.import_pupils(school=cast.school, text=text, actor=cast["sendco"], **kwargs)


def problems(cast, text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportInvalid) as caught:
        run(cast, text)
    return [(error.row, error.field, error.message) for error in caught.value.errors]


def open_status(serial: int) -> SenStatus:
    return SenStatus.objects.get(pupil__upn=upn(serial), end_date__isnull=True)


def open_needs(serial: int) -> list[str]:
    needs = SenNeed.objects.filter(pupil__upn=upn(serial), end_date__isnull=True).order_by("rank")
    return list(needs.values_list("need_type", flat=True))


def register_state() -> dict[str, object]:
    return {
        "statuses": list(SenStatus.objects.order_by("pk").values()),
        "needs": list(SenNeed.objects.order_by("pk").values()),
        "monitoring": list(MonitoringEntry.objects.order_by("pk").values()),
        "audit": AuditEvent.objects.count(),
    }


def a_school_register() -> str:
    return sen_file(
        pupil_line(1, **{"SEN Provision": "K", "Primary Need": "SLCN", "Secondary Need": "SEMH"}),
        pupil_line(2, **{"SEN Provision": "E", "Primary Need": "ASD", "SEN Start Date": "01/09/2024"}),
        pupil_line(3, **{"SEN Provision": "N"}),
    )


# --- A first import --------------------------------------------------------------------------------


def test_a_first_import_brings_in_each_pupils_provision_and_ranked_needs(cast):
    result = run(cast, a_school_register())

    assert (open_status(1).provision, open_needs(1)) == ("K", ["SLCN", "SEMH"])
    assert (open_status(2).provision, open_needs(2)) == ("E", ["ASD"])
    assert (open_status(3).provision, open_needs(3)) == ("N", [])
    assert result.counts == {"register_added": 2, "register_left_on": 0, "register_taken_off": 0}


def test_the_provision_starts_on_the_sen_start_date_given_or_else_on_the_day_of_the_import(cast):
    run(cast, a_school_register())

    assert open_status(2).start_date == datetime.date(2024, 9, 1)
    assert SenNeed.objects.get(pupil__upn=upn(2)).start_date == datetime.date(2024, 9, 1)
    assert open_status(1).start_date == timezone.localdate()


def test_each_register_change_is_audited_with_who_ran_the_import(cast):
    run(cast, a_school_register())

    pupil = Pupil.objects.get(upn=upn(1))
    created = AuditEvent.objects.get(pupil=pupil, object_type="register.senstatus")
    assert (created.actor, created.action) == (cast["sendco"], AuditEvent.Action.CREATE)
    assert created.changes["provision"] == [None, "K"]
    assert created.summary == "SEN provision set to SEN support by MIS import"
    needs = AuditEvent.objects.get(pupil=pupil, summary="SEN needs changed by MIS import")
    assert needs.changes == {"needs": [[], ["SLCN", "SEMH"]]}


def test_the_census_check_has_no_2120_for_any_pupil_whose_row_carried_a_provision(cast):
    run(cast, a_school_register())

    report = census_report(cast.school)
    imported = set(Pupil.objects.filter(upn__in=[upn(1), upn(2), upn(3)]).values_list("pk", flat=True))
    missing_provision = {item.issue.key for item in report.issues if item.issue.rule.number == "2120"}
    assert imported and not imported & missing_provision
    assert not {item.issue.key for item in report.errors} & imported


@pytest.mark.parametrize(
    ("header", "values"),
    [
        (["SEN Status", "SEN Need 1", "SEN Need 2", "SEN Need 3"], ["K", "SpLD", "SLCN", "SEMH"]),  # Arbor
        (["SEN Provision", "Primary Need", "Secondary Need", "SEN Need 3"], ["k", "spld", "slcn", "semh"]),  # SIMS
        (["SEN_Status", "SEN Need 1", "SEN Need 2", "SEN Need 3"], ["SEN Support", "SPLD", "SLCN", "SEMH"]),
    ],
)
def test_sims_arbor_and_bromcom_headers_and_spellings_are_accepted(cast, header, values):
    run(cast, sen_file(pupil_line(1, **dict(zip(header, values, strict=True))), header=header))

    assert (open_status(1).provision, open_needs(1)) == ("K", ["SPLD", "SLCN", "SEMH"])


def test_joining_the_register_takes_the_pupil_off_the_monitoring_list(cast):
    run(cast, sen_file(pupil_line(1, **{"SEN Provision": "N", "SEN Start Date": "01/09/2025"})))
    entry = monitor(Pupil.objects.get(upn=upn(1)), cast.school)

    run(cast, sen_file(pupil_line(1, **{"SEN Provision": "K", "Primary Need": "MLD"})))

    entry.refresh_from_db()
    assert entry.ended_on == timezone.localdate()
    assert entry.end_reason == "Added to the SEN register"


# --- Importing again -------------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing_and_audits_nothing(cast):
    run(cast, a_school_register())
    before = register_state()

    result = run(cast, a_school_register())

    assert register_state() == before
    assert (result.updated, result.unchanged) == (0, 3)
    assert result.counts == {"register_added": 0, "register_left_on": 2, "register_taken_off": 0}


def test_a_change_closes_the_open_record_the_day_before_the_new_one_starts(cast):
    run(cast, a_school_register())
    first = open_status(1)

    changed = sen_file(
        pupil_line(1, **{"SEN Provision": "E", "Primary Need": "SLCN", "SEN Start Date": "2026-10-01"}),
        pupil_line(2, **{"SEN Provision": "N"}),
        pupil_line(3, **{"SEN Provision": "N"}),
    )
    SenStatus.objects.filter(pk=first.pk).update(start_date=datetime.date(2025, 9, 1))  # began last year
    result = run(cast, changed)

    first.refresh_from_db()
    assert first.end_date == datetime.date(2026, 9, 30)
    assert (open_status(1).provision, open_status(1).start_date) == ("E", datetime.date(2026, 10, 1))
    assert open_needs(1) == ["SLCN"]
    assert (open_status(2).provision, open_needs(2)) == ("N", [])
    assert result.counts == {"register_added": 0, "register_left_on": 1, "register_taken_off": 1}
    assert [change.fields for change in result.changes] == [
        ("sen_provision", "sen_needs"),
        ("sen_provision", "sen_needs"),
    ]
    ended = AuditEvent.objects.get(object_id=str(first.pk), summary="SEN provision K ended by MIS import")
    assert ended.changes == {"end_date": [None, "2026-09-30"]}


def test_a_file_without_the_sen_columns_leaves_the_register_as_it_is(cast):
    run(cast, a_school_register())
    before = register_state()

    result = run(cast, csv_text([pupil_line(1), pupil_line(2), pupil_line(3)]))

    assert register_state() == before
    assert result.counts == {}


def test_a_row_with_a_blank_provision_leaves_that_pupils_record_as_it_is(cast):
    run(cast, a_school_register())
    before = register_state()

    run(
        cast,
        sen_file(
            pupil_line(1, **{"SEN Provision": ""}), pupil_line(2, **{"SEN Provision": "E", "Primary Need": "ASD"})
        ),
    )

    assert register_state() == before


# --- Bad rows --------------------------------------------------------------------------------------


def test_s_is_refused_with_the_census_message_for_rule_2115(cast):
    assert problems(cast, sen_file(pupil_line(1, **{"SEN Provision": "S", "Primary Need": "ASD"}))) == [
        (2, "SEN Provision", "Code 'S' (statement of SEN) has been discontinued: re-code it as 'E'. (census rule 2115)")
    ]


def test_every_bad_row_and_field_is_named_and_nothing_is_written(cast):
    before = register_state()
    pupils_before = Pupil.objects.count()
    text = sen_file(
        pupil_line(1, **{"SEN Provision": "E", "Primary Need": "NSA"}),
        pupil_line(2, **{"SEN Provision": "N", "Primary Need": "ASD"}),
        pupil_line(3, **{"SEN Provision": "K", "Secondary Need": "ASD"}),
        pupil_line(4, **{"SEN Provision": "K", "Primary Need": "ASD", "Secondary Need": "ASD"}),
        pupil_line(5, **{"SEN Provision": "K", "Primary Need": "Dyslexia"}),
        pupil_line(6, **{"SEN Provision": "X"}),
        pupil_line(7, **{"SEN Provision": "K", "Primary Need": "MLD", "SEN Start Date": "01/01/2099"}),
        pupil_line(8, **{"SEN Provision": "", "Primary Need": "MLD"}),
        pupil_line(9, **{"SEN Provision": "K", "Primary Need": "MLD"}),
    )

    found = problems(cast, text)

    assert [(row, field) for row, field, _ in found] == [
        (2, "Primary Need"),
        (3, "Primary Need"),
        (4, "Primary Need"),
        (5, "Secondary Need"),
        (6, "Primary Need"),
        (7, "SEN Provision"),
        (8, "SEN Start Date"),
        (9, "Primary Need"),
    ]
    messages = [message for _, _, message in found]
    assert "census rule 2175" in messages[0]
    assert "census rule 2125" in messages[1]
    assert "census rule 2160" in messages[2]
    assert messages[3] == "ASD is already the Primary Need: each need is recorded once"
    assert messages[4].startswith("“Dyslexia” is not a DfE SEN type")
    assert messages[5] == "Write the SEN provision as N, K or E, not “X” (census rule 2310)"
    assert messages[6] == "The SEN start date is in the future"
    assert messages[7].startswith("SEN Provision is blank")
    assert register_state() == before
    assert Pupil.objects.count() == pupils_before


def test_needs_without_a_provision_column_are_refused(cast):
    header = ["Primary Need"]
    assert problems(cast, sen_file(pupil_line(1, **{"Primary Need": "ASD"}), header=header)) == [
        (1, "Primary Need", "The file has a Primary Need column but no SEN Provision column")
    ]


def test_a_start_date_before_the_current_provision_began_is_refused(cast):
    run(cast, a_school_register())

    found = problems(
        cast, sen_file(pupil_line(2, **{"SEN Provision": "K", "Primary Need": "ASD", "SEN Start Date": "01/01/2024"}))
    )

    assert found == [
        (2, "SEN Start Date", "The SEN start date must be after 01/09/2024, when the current provision (E) began")
    ]


def test_nsa_recorded_on_the_register_is_refused_for_a_move_to_an_ehc_plan_without_needs(cast):
    pupil = mis_import.import_pupils(school=cast.school, text=csv_text([pupil_line(1)]), actor=None)
    give_sen(Pupil.objects.get(upn=upn(1)), cast.school, "K", "NSA")

    found = problems(
        cast,
        sen_file(
            pupil_line(1, **{"SEN Provision": "E", "SEN Start Date": "01/10/2026"}),
            header=["SEN Provision", "SEN Start Date"],
        ),
    )

    assert pupil.created == 1
    assert [(row, field) for row, field, _ in found] == [(2, "SEN Provision")]
    assert "census rule 2175" in found[0][2]


# --- Where the summary is shown --------------------------------------------------------------------


def test_the_command_says_how_many_pupils_were_added_to_left_on_or_taken_off_the_register(cast, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(a_school_register(), encoding="utf-8")
    out = StringIO()

    call_command("import_pupils", str(path), "--school", cast.school.urn, stdout=out)

    assert "SEN register: 2 added, 0 left on, 0 taken off." in out.getvalue()


def test_the_web_import_shows_the_register_counts_and_writes_the_register(cast):
    response = upload(cast.client_for("school-admin"), cast, a_school_register())

    html = response.content.decode()
    assert "Pupils added to the SEN register" in html
    assert '<dd class="govuk-summary-list__value" id="count-register-added">2</dd>' in html
    assert '<dd class="govuk-summary-list__value" id="count-register-taken-off">0</dd>' in html
    assert open_status(2).provision == "E"


def test_a_check_only_upload_counts_the_register_changes_and_writes_nothing(cast):
    response = upload(cast.client_for("school-admin"), cast, a_school_register(), check_only=True)

    assert "Pupils that would be added to the SEN register" in response.content.decode()
    assert not SenStatus.objects.exists()


def test_the_upload_of_a_file_without_sen_columns_shows_no_register_counts(cast):
    response = upload(cast.client_for("school-admin"), cast, csv_text([pupil_line(1)]))

    assert "SEN register" not in response.content.decode()


def test_a_dry_run_on_the_command_line_says_what_the_register_would_become_and_writes_nothing(cast, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(a_school_register(), encoding="utf-8")
    out = StringIO()

    call_command("import_pupils", str(path), "--school", cast.school.urn, "--dry-run", stdout=out)

    assert "SEN register: would add 2, leave 0 on, take 0 off." in out.getvalue()
    assert not SenStatus.objects.exists()
