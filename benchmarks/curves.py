"""Scaling curves: measured points, a Markdown table and a fitted growth per series,
and one PNG with a panel per series. Pure: everything here works on given numbers.

A :class:`Series` is one input varied (staged files, rules, files, cores,
detections) with one or more lines measured at each size (the gated hook and the
full check, wsguard and lint-imports, SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from benchmarks.table import fmt_time
from benchmarks.timing import BenchError, Samples


class Point(NamedTuple):
    """Every line's result at one size, and the machine's load right after."""

    size: int
    results: Mapping[str, Samples | BenchError]
    load: float  # 1-minute load average when the point was measured


class Series(NamedTuple):
    key: str  # what --only names it
    title: str
    x: str  # what the size counts, singular: "staged file"
    lines: tuple[str, ...]
    points: tuple[Point, ...]
    per: int = 1  # the fitted slope is given per this many units of x
    speedup: bool = False  # report the first size's median over each later one's
    log: bool = True  # log-log axes in the plot
    note: str = ""


def medians(series: Series, line: str) -> list[tuple[int, float]]:
    """(size, median seconds) of one line, sizes where it was measured."""
    got = ((p.size, p.results.get(line)) for p in series.points)
    return [(size, r.median) for size, r in got if isinstance(r, Samples)]


def fit(points: Sequence[tuple[int, float]]) -> tuple[float, float] | None:
    """Least-squares ``(intercept, slope)`` of seconds over size; None under two sizes."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return mean_y - slope * mean_x, slope


def _plural(x: str, count: int) -> str:
    return x if count == 1 else f"{x}s"


def growth(series: Series) -> list[str]:
    """One sentence per line: the fitted cost per unit (or the speed-up)."""
    out = []
    for line in series.lines:
        pts = medians(series, line)
        if series.speedup:
            if len(pts) < 2:
                continue
            (base_x, base), *rest = pts
            ups = ", ".join(
                f"{base / y:.2f}× with {x} {_plural(series.x, x)}" for x, y in rest if y > 0
            )
            out.append(f"{line}: speed-up over {base_x} {series.x}: {ups}")
            continue
        fitted = fit(pts)
        if fitted is None:
            continue
        intercept, slope = fitted
        unit = series.x if series.per == 1 else f"{series.per:,} {_plural(series.x, 2)}"
        lo, hi = pts[0][0], pts[-1][0]
        sign = "+" if slope >= 0 else "−"
        out.append(
            f"{line}: {fmt_time(max(intercept, 0.0))} {sign} {fmt_time(abs(slope) * series.per)} "
            f"per {unit} (least squares over {lo:,}–{hi:,}; "
            f"{lo:,} → {hi:,}: {pts[-1][1] / pts[0][1]:.1f}× the time)"
        )
    return out


def _cell(result: Samples | BenchError | None) -> str:
    if result is None:
        return "–"
    if isinstance(result, BenchError):
        return f"error: {result}".replace("|", "/")
    text = fmt_time(result.median)
    if len(result.seconds) > 1:
        text += f" ({fmt_time(result.low)}–{fmt_time(result.high)})"
    return text


def table(series: Series) -> str:
    """A Markdown table: a row per size, a column per line (median (min–max)), the load."""
    head = (_plural(series.x, 2), *series.lines, "load (1 min)")
    rows = [head] + [
        (f"{p.size:,}", *(_cell(p.results.get(line)) for line in series.lines), f"{p.load:.1f}")
        for p in series.points
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]

    def fmt(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(rows[0]), rule, *(fmt(r) for r in rows[1:])])


def report(series: Series) -> str:
    """A series as printed: title, table, fitted growth, note."""
    parts = [f"### {series.title}", "", table(series), ""]
    parts += [f"- {g}" for g in growth(series)]
    if series.note:
        parts += ["", series.note]
    return "\n".join(parts)


def plot(all_series: Sequence[Series], path: Path) -> Path:
    """One panel per series (median and min–max of each line), written as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    plain = FuncFormatter(lambda value, _: f"{value:g}")  # 200, not 2×10²
    short = FuncFormatter(lambda value, _: f"{value / 1000:g}k" if value >= 1000 else f"{value:g}")

    shown = [s for s in all_series if s.points]
    cols = min(3, max(1, len(shown)))
    rows = max(1, -(-len(shown) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4.2 * rows), squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax, series in zip(flat, shown, strict=False):
        for line in series.lines:
            got = [(p.size, p.results.get(line)) for p in series.points]
            pts = [(x, r) for x, r in got if isinstance(r, Samples)]
            if not pts:
                continue
            xs = [x for x, _ in pts]
            mid = [r.median * 1000 for _, r in pts]
            err = [
                [(r.median - r.low) * 1000 for _, r in pts],
                [(r.high - r.median) * 1000 for _, r in pts],
            ]
            ax.errorbar(xs, mid, yerr=err, marker="o", capsize=3, label=line)
        if series.log:
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(plain)
            ax.yaxis.set_minor_formatter(NullFormatter())
        else:
            ax.set_ylim(bottom=0)
        ax.set_xticks([p.size for p in series.points])
        ax.xaxis.set_major_formatter(short)  # 1k 2k: close ticks on a log axis stay apart
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_title(series.title, fontsize=10)
        ax.set_xlabel(_plural(series.x, 2))
        ax.set_ylabel("ms (median, min–max)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    spare = flat[len(shown) :]
    if spare:  # how busy the machine was, point by point, in the order measured
        ax, step = spare.pop(0), 0
        for series in shown:
            steps = range(step, step + len(series.points))
            ax.plot(list(steps), [p.load for p in series.points], marker=".", label=series.key)
            step += len(series.points)
        ax.set_title("load average (1 min) after each point", fontsize=10)
        ax.set_xlabel("points, in the order measured")
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    for ax in spare:
        ax.axis("off")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
