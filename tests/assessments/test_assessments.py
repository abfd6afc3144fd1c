"""Recording assessment results and reading them over time as a chart with a table."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.assessments.charts import Y_MAX, Y_MIN, score_chart, y_position
from opensend.assessments.models import AssessmentResult
from opensend.audit.models import AuditEvent

YARC = "York Assessment of Reading for Comprehension (YARC)"


def tab_url(pupil) -> str:
    return reverse("assessments:pupil", kwargs={"pupil_id": pupil.public_id})


def add_url(pupil) -> str:
    return reverse("assessments:add", kwargs={"pupil_id": pupil.public_id})


def a_result(cast, **fields) -> AssessmentResult:
    values = {
        "pupil": cast.taught_pupil,
        "school": cast.school,
        "test_name": YARC,
        "taken_on": datetime.date(2026, 3, 2),
        "standardised_score": 78,
        "assessor": cast["sendco"],
    }
    return AssessmentResult.objects.create(**(values | fields))


def form_data(cast, **changes) -> dict:
    data = {
        "test_name": YARC,
        "taken_on": "2026-10-05",
        "raw_score": "31",
        "standardised_score": "82",
        "percentile": "12",
        "age_equivalent_years": "7",
        "age_equivalent_months": "4",
        "assessor": str(cast["teacher"].pk),
        "assessor_name": "",
        "notes": "Read slowly but accurately.",
    }
    return data | changes


def test_a_teacher_records_a_result_for_a_pupil_they_teach(cast):
    response = cast.client_for("teacher").post(add_url(cast.taught_pupil), form_data(cast))
    assert response.status_code == 302
    result = AssessmentResult.objects.get(pupil=cast.taught_pupil)
    assert (result.standardised_score, result.percentile, result.age_equivalent_months) == (82, 12, 88)
    assert result.assessor == cast["teacher"]
    assert result.recorded_by == cast["teacher"]


def test_recording_a_result_is_audited(cast):
    cast.client_for("teacher").post(add_url(cast.taught_pupil), form_data(cast))
    event = AuditEvent.objects.get(action="create", object_type="assessments.assessmentresult")
    assert event.pupil == cast.taught_pupil
    assert event.changes["standardised_score"] == [None, 82]


def test_a_result_needs_at_least_one_score(cast):
    data = form_data(
        cast, raw_score="", standardised_score="", percentile="", age_equivalent_years="", age_equivalent_months=""
    )
    response = cast.client_for("teacher").post(add_url(cast.taught_pupil), data)
    assert response.status_code == 400
    assert "Enter at least one result" in response.content.decode()
    assert not AssessmentResult.objects.exists()


def test_an_assessor_from_outside_the_school_is_recorded_by_name(cast):
    data = form_data(cast, assessor="", assessor_name="Dr J Patel, educational psychologist")
    cast.client_for("sendco").post(add_url(cast.taught_pupil), data)
    result = AssessmentResult.objects.get()
    assert result.assessor is None
    assert result.assessed_by == "Dr J Patel, educational psychologist"


def test_a_result_dated_in_the_future_is_refused(cast):
    response = cast.client_for("teacher").post(add_url(cast.taught_pupil), form_data(cast, taken_on="2099-01-01"))
    assert response.status_code == 400
    assert not AssessmentResult.objects.exists()


def test_a_teacher_cannot_record_a_result_for_a_pupil_they_do_not_teach(cast):
    response = cast.client_for("teacher").post(add_url(cast.untaught_pupil), form_data(cast))
    assert response.status_code == 404
    assert not AssessmentResult.objects.exists()


def test_a_ta_reads_results_but_cannot_record_them(cast):
    a_result(cast)
    client = cast.client_for("ta")
    assert client.get(tab_url(cast.taught_pupil)).status_code == 200
    assert client.post(add_url(cast.taught_pupil), form_data(cast)).status_code == 404


def test_changing_a_result_is_audited_with_before_and_after(cast):
    result = a_result(cast)
    url = reverse("assessments:edit", kwargs={"result_id": result.public_id})
    data = form_data(cast, taken_on="2026-03-02", standardised_score="80", version="1")
    response = cast.client_for("sendco").post(url, data)
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.standardised_score, result.version) == (80, 2)
    event = AuditEvent.objects.get(action="update", object_type="assessments.assessmentresult")
    assert event.changes["standardised_score"] == [78, 80]


def test_a_change_from_a_stale_version_is_refused_with_409(cast):
    result = a_result(cast)
    AssessmentResult.objects.filter(pk=result.pk).update(version=2)
    url = reverse("assessments:edit", kwargs={"result_id": result.public_id})
    response = cast.client_for("sendco").post(url, form_data(cast, standardised_score="99", version="1"))
    assert response.status_code == 409
    result.refresh_from_db()
    assert result.standardised_score == 78


def test_archiving_keeps_the_result_with_the_reason_and_takes_it_off_the_page(cast):
    result = a_result(cast)
    url = reverse("assessments:archive", kwargs={"result_id": result.public_id})
    response = cast.client_for("sendco").post(url, {"reason": "Entered against the wrong pupil"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.is_archived
    assert result.archive_reason == "Entered against the wrong pupil"
    assert AuditEvent.objects.filter(action="archive", object_id=str(result.pk)).exists()
    page = cast.client_for("sendco").get(tab_url(cast.taught_pupil)).content.decode()
    assert YARC not in page


def test_viewing_the_results_is_audited(cast):
    cast.client_for("ta").get(tab_url(cast.taught_pupil))
    event = AuditEvent.objects.get(action="view", actor=cast["ta"])
    assert event.summary == "Viewed assessment results"


def test_results_show_as_a_tab_of_the_pupil_record(cast):
    response = cast.client_for("teacher").get(
        reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    )
    assert tab_url(cast.taught_pupil) in response.content.decode()


def _chart_and_table_scores(html: str) -> tuple[list[str], list[str]]:
    chart = re.search(r"<svg class=\"app-chart\".*?</svg>", html, re.S).group(0)
    in_chart = re.findall(r'class="app-chart__value"[^>]*>(\d+)<', chart)
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    in_table = re.findall(r'app-standardised-score">(\d+)<', table)
    return in_chart, in_table


def test_the_chart_and_the_table_show_the_same_scores_in_date_order(cast):
    for day, score in (
        (datetime.date(2025, 10, 1), 72),
        (datetime.date(2026, 3, 2), 78),
        (datetime.date(2026, 10, 5), 86),
    ):
        a_result(cast, taken_on=day, standardised_score=score)
    html = cast.client_for("sendco").get(tab_url(cast.taught_pupil)).content.decode()
    in_chart, in_table = _chart_and_table_scores(html)
    assert in_chart == in_table == ["72", "78", "86"]


def test_the_chart_is_an_image_with_a_summary_of_every_score(cast):
    a_result(cast, taken_on=datetime.date(2025, 10, 1), standardised_score=72)
    a_result(cast, taken_on=datetime.date(2026, 3, 2), standardised_score=78)
    html = cast.client_for("sendco").get(tab_url(cast.taught_pupil)).content.decode()
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg
    assert "72 on 1 October 2025; 78 on 2 March 2026" in svg
    assert "style=" not in re.search(r"<svg.*?</svg>", html, re.S).group(0)


def test_each_test_has_its_own_chart(cast):
    a_result(cast, test_name=YARC, standardised_score=80)
    a_result(cast, test_name="British Picture Vocabulary Scale (BPVS)", standardised_score=92)
    html = cast.client_for("sendco").get(tab_url(cast.taught_pupil)).content.decode()
    assert html.count('<svg class="app-chart"') == 2


def test_a_test_without_standardised_scores_has_a_table_and_no_chart(cast):
    a_result(cast, test_name="Boxall Profile", standardised_score=None, raw_score=41)
    html = cast.client_for("sendco").get(tab_url(cast.taught_pupil)).content.decode()
    assert "<svg" not in html
    assert "Boxall Profile" in html
    assert ">41<" in html


def test_the_results_page_takes_the_same_number_of_queries_for_1_result_and_many(cast):
    client = cast.client_for("sendco")
    a_result(cast)
    client.get(tab_url(cast.taught_pupil))
    with CaptureQueriesContext(connection) as one:
        client.get(tab_url(cast.taught_pupil))
    for index in range(12):
        a_result(
            cast, test_name=f"Test {index % 4}", taken_on=datetime.date(2025, 1 + index, 1), assessor=cast["teacher"]
        )
    with CaptureQueriesContext(connection) as many:
        client.get(tab_url(cast.taught_pupil))
    assert len(one) == len(many)


def test_scores_beyond_the_axis_sit_on_its_edge():
    assert y_position(Y_MIN - 20) == y_position(Y_MIN)
    assert y_position(Y_MAX + 20) == y_position(Y_MAX)


def test_the_average_band_spans_85_to_115():
    chart = score_chart("YARC", [(datetime.date(2026, 1, 5), 100)])
    assert chart.band_top == y_position(115)
    assert chart.band_top + chart.band_height == pytest.approx(y_position(85))


def test_a_single_result_sits_in_the_middle_of_the_date_axis():
    chart = score_chart("YARC", [(datetime.date(2026, 1, 5), 100)])
    assert chart.points[0].x == pytest.approx((chart.plot_left + chart.plot_right) / 2)


def test_later_results_sit_further_right():
    chart = score_chart("YARC", [(datetime.date(2026, 6, 1), 90), (datetime.date(2025, 6, 1), 80)])
    assert [point.value for point in chart.points] == [80, 90]
    assert chart.points[0].x < chart.points[1].x
