"""How well provision worked: pure arithmetic over pupils' entry and exit data, attendance and
outcome ratings, so each figure can be tested with worked numbers and its formula shown on the
page. Numbers under SMALL_NUMBER are marked: a median of three pupils says little."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .models import Measure

SMALL_NUMBER = 5
# Standardised scores are scaled to a mean of 100 and a standard deviation of 15.
STANDARDISED_SD = 15
DAYS_PER_MONTH = 365.25 / 12
AGE_MEASURES = {Measure.READING_AGE, Measure.SPELLING_AGE}

FORMULAS = {
    "ratio_gain": "Ratio gain = months of reading or spelling age gained ÷ months between the entry and exit "
    "assessments. 1 is the progress expected of any pupil; 2 or more is useful progress.",
    "effect_standardised": "Effect size = mean change in standardised score ÷ 15 (the standard deviation "
    "standardised scores are scaled to).",
    "effect_other": "Effect size = mean change ÷ standard deviation of the entry scores.",
}


@dataclass(frozen=True)
class PupilResult:
    entry: Decimal
    exit: Decimal
    days: int | None  # between the entry and exit assessments

    @property
    def change(self) -> Decimal:
        return self.exit - self.entry

    @property
    def ratio_gain(self) -> float | None:
        if not self.days or self.days <= 0:
            return None
        return float(self.change) / (self.days / DAYS_PER_MONTH)


@dataclass(frozen=True)
class Impact:
    measure: str
    pupils: int  # with both entry and exit data
    median_change: float | None
    lowest_change: float | None
    highest_change: float | None
    median_ratio_gain: float | None
    effect_size: float | None
    effect_formula: str
    attendance_rate: float | None  # of the sessions logged while the pupils were in the provision
    rated: int
    at_or_above_expected: int  # outcome rating 0 or more

    @property
    def small_number(self) -> bool:
        return self.pupils < SMALL_NUMBER

    @property
    def attendance_percent(self) -> int | None:
        return None if self.attendance_rate is None else round(self.attendance_rate * 100)


def effect_size(measure: str, results: Sequence[PupilResult]) -> tuple[float | None, str]:
    """The effect size the measure allows, with its formula; none for ages (ratio gain instead)."""
    if not results or measure in AGE_MEASURES or measure == Measure.NONE:
        return None, ""
    mean_change = statistics.fmean(float(result.change) for result in results)
    if measure == Measure.STANDARDISED_SCORE:
        return mean_change / STANDARDISED_SD, FORMULAS["effect_standardised"]
    if len(results) < 2:
        return None, ""
    spread = statistics.stdev(float(result.entry) for result in results)
    if spread == 0:
        return None, ""
    return mean_change / spread, FORMULAS["effect_other"]


def impact(
    measure: str,
    results: Sequence[PupilResult],
    *,
    attended: int,
    counted: int,
    ratings: Iterable[int | None],
) -> Impact:
    changes = [float(result.change) for result in results]
    gains = [gain for gain in (result.ratio_gain for result in results) if gain is not None]
    rated = [rating for rating in ratings if rating is not None]
    effect, formula = effect_size(measure, results)
    return Impact(
        measure=measure,
        pupils=len(results),
        median_change=statistics.median(changes) if changes else None,
        lowest_change=min(changes) if changes else None,
        highest_change=max(changes) if changes else None,
        median_ratio_gain=statistics.median(gains) if gains and measure in AGE_MEASURES else None,
        effect_size=effect,
        effect_formula=formula,
        attendance_rate=attended / counted if counted else None,
        rated=len(rated),
        at_or_above_expected=sum(1 for rating in rated if rating >= 0),
    )


def results_of(members) -> list[PupilResult]:
    """Members with both entry and exit data, as results."""
    return [
        PupilResult(
            member.entry_value,
            member.exit_value,
            (member.exit_on - member.entry_on).days if member.entry_on and member.exit_on else None,
        )
        for member in members
        if member.entry_value is not None and member.exit_value is not None
    ]


# --- The chart: one horizontal bar per row, from zero, negative to the left -----------------------

WIDTH = 520
ROW_HEIGHT = 34
LABEL_WIDTH = 170
PLOT_RIGHT = WIDTH - 50


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float

    @property
    def text_x(self) -> float:
        return self.x + self.width + 6 if self.value >= 0 else self.x - 6

    @property
    def anchor(self) -> str:
        return "start" if self.value >= 0 else "end"


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    zero_x: float
    height: int
    summary: str
    width: int = WIDTH
    label_width: int = LABEL_WIDTH


def bar_chart(rows: Sequence[tuple[str, float]], *, what: str) -> BarChart | None:
    """Bars for (label, value) rows, scaled to the largest value either side of zero."""
    if not rows:
        return None
    low = min(0.0, *(value for _, value in rows))
    high = max(0.0, *(value for _, value in rows))
    span = (high - low) or 1.0
    plot_left, plot_width = LABEL_WIDTH + 30, PLOT_RIGHT - LABEL_WIDTH - 30
    zero_x = plot_left + (0 - low) / span * plot_width
    bars = []
    for index, (label, value) in enumerate(rows):
        end = plot_left + (value - low) / span * plot_width
        bars.append(Bar(label, value, min(zero_x, end), 10 + index * ROW_HEIGHT, abs(end - zero_x)))
    summary = f"{what}: " + "; ".join(f"{label} {value:+.1f}" for label, value in rows)
    return BarChart(bars, zero_x, 20 + len(rows) * ROW_HEIGHT, summary)
