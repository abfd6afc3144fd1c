"""Reading a pupil's assessment results for pages and for other features (concerns, the chronology)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from opensend.pupils.models import Pupil

from .charts import ScoreChart, score_chart
from .models import AssessmentResult


@dataclass(frozen=True)
class TestHistory:
    """Every sitting of one test by one pupil, oldest first, with its chart."""

    test_name: str
    results: list[AssessmentResult]
    chart: ScoreChart | None

    @property
    def anchor(self) -> str:
        return f"test-{self.results[0].public_id}"


def active_results(pupil: Pupil) -> QuerySet[AssessmentResult]:
    return (
        AssessmentResult.objects.active()
        .filter(pupil=pupil)
        .select_related("assessor", "school")
        .order_by("taken_on", "pk")
    )


def results_by_test(pupil: Pupil) -> list[TestHistory]:
    """The pupil's results grouped by test (names compared ignoring case), most recently taken first."""
    groups: dict[str, list[AssessmentResult]] = {}
    for result in active_results(pupil):
        groups.setdefault(result.test_name.strip().casefold(), []).append(result)
    histories = []
    for results in groups.values():
        name = results[-1].test_name  # the latest spelling
        scores = [(r.taken_on, r.standardised_score) for r in results if r.standardised_score is not None]
        histories.append(TestHistory(test_name=name, results=results, chart=score_chart(name, scores)))
    return sorted(histories, key=lambda history: history.results[-1].taken_on, reverse=True)
