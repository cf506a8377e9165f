"""Chart geometry for the HTML report, computed in Python and drawn as inline SVG.

Only numbers and labels come out of here; the template escapes every label.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from wsguard.report.values import Trend

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip


class Tick(NamedTuple):
    position: float
    label: str


MARKERS = ("circle", "square", "triangle", "diamond", "cross")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4")


class Point(NamedTuple):
    x: float
    y: float
    value: int
    label: str  # the week


class Line(NamedTuple):
    name: str
    color: str
    points: str  # "x,y x,y …" for <polyline points=…>
    last: int
    marker: str  # one of MARKERS: equal series stay told apart
    dash: str  # stroke-dasharray ("" solid)
    dots: tuple[Point, ...] = ()


class Column(NamedTuple):
    """Commit attempts the guard stopped in one week, drawn as a bar under the lines."""

    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


class LineChart(NamedTuple):
    width: int
    height: int
    left: int
    bottom: int  # y of the x axis
    right: int  # x of the plot's right edge
    top: int
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    blocked: tuple[Column, ...] = ()


class Bar(NamedTuple):
    label: str
    value: int
    y: float
    length: float


class BarChart(NamedTuple):
    width: int
    height: int
    left: int
    bar_height: int
    bars: tuple[Bar, ...]


def nice_max(value: int) -> int:
    """The smallest 1, 2, 5 × 10^k at or above ``value`` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return max(step * factor, 1)
        step *= 10


def line_chart(trend: Trend, *, width: int = 760, height: int = 280) -> LineChart:
    """Open detections per repo at each week's end, one marker and dash per series, and the
    commits the guard stopped each week as bars (on the same count axis)."""
    left, right, top, bottom = 48, width - 40, 16, height - 40
    count = len(trend.weeks)
    blocked = trend.blocked or (0,) * count
    top_value = nice_max(max((max(s.values) for s in trend.series), default=0))
    top_value = nice_max(max(top_value, max(blocked, default=0)))

    def x(i: int) -> float:
        return left + (right - left) * (i / (count - 1) if count > 1 else 0.5)

    def y(v: int) -> float:
        return bottom - (bottom - top) * v / top_value

    def week(i: int) -> str:
        return trend.weeks[i].strftime("%b %d")

    lines = tuple(
        Line(
            s.repo,
            PALETTE[i % len(PALETTE)],
            " ".join(f"{x(j):.1f},{y(v):.1f}" for j, v in enumerate(s.values)),
            s.values[-1] if s.values else 0,
            MARKERS[i % len(MARKERS)],
            DASHES[(i // len(MARKERS) + i) % len(DASHES)],
            tuple(Point(x(j), y(v), v, week(j)) for j, v in enumerate(s.values)),
        )
        for i, s in enumerate(trend.series)
    )
    every = max(1, -(-count // 8))  # at most ~8 week labels, the last always among them
    shown = [i for i in range(count) if (count - 1 - i) % every == 0]
    x_ticks = tuple(Tick(x(i), week(i)) for i in shown)
    y_ticks = tuple(Tick(y(v), str(v)) for v in _steps(top_value))
    step = (right - left) / max(count - 1, 1)
    bar = min(step * 0.5, 18)
    columns = tuple(
        Column(x(i) - bar / 2, y(n), bar, bottom - y(n), n, week(i))
        for i, n in enumerate(blocked)
        if n
    )
    return LineChart(width, height, left, bottom, right, top, lines, x_ticks, y_ticks, columns)


def _steps(top: int) -> list[int]:
    step = max(1, top // 4) if top % 4 == 0 else max(1, top // 5) if top % 5 == 0 else top
    return list(range(0, top + 1, step))


def bar_chart(
    counts: Sequence[tuple[str, int]], *, width: int = 760, bar_height: int = 22
) -> BarChart:
    left = 200
    top_value = max((v for _, v in counts), default=0) or 1
    usable = width - left - 60
    bars = tuple(
        Bar(label, value, i * (bar_height + 6), usable * value / top_value)
        for i, (label, value) in enumerate(counts)
    )
    return BarChart(width, max(len(bars), 1) * (bar_height + 6), left, bar_height, bars)
