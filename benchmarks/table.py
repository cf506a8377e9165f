"""The suite's one table: a row per case, wsguard beside ruff and import-linter."""

from __future__ import annotations

from typing import NamedTuple

from benchmarks.timing import BenchError, Samples

Result = Samples | BenchError | str | None  # str: why there is no measurement

HEADER = ("case", "wsguard median (min–max)", "ruff median", "lint-imports median", "ratio(s)",
          "note")  # fmt: skip


class Row(NamedTuple):
    case: str
    wsguard: Result
    ruff: Result = None
    lint_imports: Result = None
    ratios: str = ""
    note: str = ""


def fmt_time(seconds: float) -> str:
    ms = seconds * 1000
    if ms < 100:
        return f"{ms:.1f} ms"
    if ms < 1000:
        return f"{ms:.0f} ms"
    return f"{seconds:.2f} s"


def _cell(result: Result, spread: bool) -> str:
    if result is None:
        return "–"
    if isinstance(result, str):
        return result
    if isinstance(result, BenchError):
        return f"error: {result}".replace("|", "/")
    text = fmt_time(result.median)
    if spread and len(result.seconds) > 1:
        text += f" ({fmt_time(result.low)}–{fmt_time(result.high)})"
    return text


def median(result: Result) -> float | None:
    return result.median if isinstance(result, Samples) else None


def ratio(mine: Result, theirs: Result, name: str) -> str:
    """``0.25× name`` (wsguard's median over theirs), or nothing when either is missing."""
    a, b = median(mine), median(theirs)
    return f"{a / b:.2f}× {name}" if a is not None and b else ""


def target(label: str, mine: Result, limit: float | None) -> str:
    """``target ≤ 80 ms: met`` (or missed), for a limit in seconds."""
    value = median(mine)
    if value is None or limit is None:
        return f"target {label}: not measured"
    return f"target {label}: {'met' if value <= limit else 'missed'}"


def render(rows: list[Row]) -> str:
    """A Markdown pipe table, columns padded so it also reads well in a terminal."""
    cells = [HEADER] + [
        (
            r.case,
            _cell(r.wsguard, True),
            _cell(r.ruff, False),
            _cell(r.lint_imports, False),
            r.ratios,
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]

    def line(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(c) for c in cells[1:])])
