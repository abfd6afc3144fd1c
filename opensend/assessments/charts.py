"""Server-drawn line charts of standardised scores: coordinates computed here, drawn as SVG by
templates/assessments/_score_chart.html. No script and no style attributes, so the page keeps its
strict Content-Security-Policy; the table beside each chart is the accessible version."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.dateformat import format as format_date

from .models import AVERAGE_HIGH, AVERAGE_LOW

Y_MIN = 40
Y_MAX = 160
Y_TICKS = (40, 55, 70, 85, 100, 115, 130, 145, 160)  # one standard deviation apart

WIDTH = 720
HEIGHT = 300
PLOT_LEFT = 52
PLOT_RIGHT = WIDTH - 24
PLOT_TOP = 16
PLOT_BOTTOM = HEIGHT - 44
# Room at each end of the date axis, so the first and last points are not on the frame.
X_INSET = 28
MIN_LABEL_GAP = 84


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: int
    taken_on: datetime.date

    @property
    def label_y(self) -> float:
        # Above the point, or below it when the point is at the top of the plot.
        return self.y - 10 if self.y - 10 > PLOT_TOP + 8 else self.y + 20


@dataclass(frozen=True)
class ScoreChart:
    points: list[ChartPoint]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def band_top(self) -> float:
        return y_position(AVERAGE_HIGH)

    @property
    def band_height(self) -> float:
        return y_position(AVERAGE_LOW) - y_position(AVERAGE_HIGH)

    @property
    def x_label_y(self) -> int:
        return self.plot_bottom + 20


def y_position(score: float) -> float:
    """Where a score sits on the plot; scores beyond 40 or 160 sit on the edge (the table has them)."""
    clamped = min(max(score, Y_MIN), Y_MAX)
    return round(PLOT_TOP + (Y_MAX - clamped) / (Y_MAX - Y_MIN) * (PLOT_BOTTOM - PLOT_TOP), 1)


def _x_positions(dates: Sequence[datetime.date]) -> list[float]:
    first, last = min(dates), max(dates)
    span = (last - first).days
    left, right = PLOT_LEFT + X_INSET, PLOT_RIGHT - X_INSET
    if span == 0:
        return [(left + right) / 2 for _ in dates]
    return [left + (day - first).days / span * (right - left) for day in dates]


def _date_ticks(points: list[ChartPoint]) -> list[Tick]:
    """A label under each sitting, leaving out any that would overlap the one before."""
    ticks: list[Tick] = []
    for point in points:
        label = format_date(point.taken_on, "M Y")
        if ticks and (point.x - ticks[-1].position < MIN_LABEL_GAP or ticks[-1].label == label):
            if point is points[-1] and len(ticks) > 1:
                ticks[-1] = Tick(point.x, label)  # the latest sitting matters more than the one before it
            continue
        ticks.append(Tick(point.x, label))
    return ticks


def score_chart(test_name: str, scores: Sequence[tuple[datetime.date, int]]) -> ScoreChart | None:
    """A chart of (date taken, standardised score) in date order, or None when there is nothing to draw."""
    ordered = sorted(scores)
    if not ordered:
        return None
    xs = _x_positions([day for day, _ in ordered])
    points = [
        ChartPoint(x=round(x, 1), y=y_position(value), value=value, taken_on=day)
        for x, (day, value) in zip(xs, ordered, strict=True)
    ]
    described = "; ".join(f"{value} on {format_date(day, 'j F Y')}" for day, value in ordered)
    summary = (
        f"Line chart of standardised scores for {test_name}: {described}. "
        f"The shaded band is the average range, {AVERAGE_LOW} to {AVERAGE_HIGH}."
    )
    return ScoreChart(
        points=points,
        y_ticks=[Tick(y_position(value), str(value)) for value in Y_TICKS],
        x_ticks=_date_ticks(points),
        summary=summary,
    )
