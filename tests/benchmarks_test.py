"""The benchmark suite's workspace generator: seeded, and its violations are real findings."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import curves, scaling, synth
from benchmarks.timing import BenchError, Samples


def _tree(repo: Path) -> dict[str, bytes]:
    files = synth.git(repo, "ls-files").split()
    return {f: (repo / f).read_bytes() for f in files}


def test_same_arguments_same_workspace(tmp_path: Path) -> None:
    a = synth.make_workspace(tmp_path / "a", repos=1, files=30, share=0.2, seed=3)
    b = synth.make_workspace(tmp_path / "b", repos=1, files=30, share=0.2, seed=3)
    c = synth.make_workspace(tmp_path / "c", repos=1, files=30, share=0.2, seed=4)
    ra, rb, rc = a.repos[0].path, b.repos[0].path, c.repos[0].path
    assert _tree(ra) == _tree(rb)
    assert synth.git(ra, "rev-parse", "HEAD") == synth.git(rb, "rev-parse", "HEAD")
    assert _tree(ra) != _tree(rc)
    assert a.rules.read_bytes() == b.rules.read_bytes()
    for path, source in _tree(ra).items():
        if path.endswith(".py"):
            ast.parse(source, path)


def test_share_of_violations_is_what_wsguard_finds(tmp_path: Path) -> None:
    ws = synth.make_workspace(tmp_path / "ws", repos=1, files=30, share=0.1, per_file=2)
    repo = ws.repos[0]
    modules = [f for f in repo.files if not f.endswith("__init__.py")]
    assert repo.expected == 2 * round(0.1 * len(modules)) > 0
    done = subprocess.run(
        [sys.executable, "-m", "wsguard", "check", "--all-files", "--format", "json",
         "--no-record"],
        cwd=repo.path, env=synth.git_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["data"]["findings"]
    assert {f["rule"] for f in findings} == {synth.RULE_ID}
    assert len(findings) == repo.expected
    assert not (ws.root / "workspace.db").exists()


def _series(lines: dict[str, list[float]], sizes: list[int], **kw: object) -> curves.Series:
    points = tuple(
        curves.Point(size, {name: Samples((s * 0.9, s, s * 1.1)) for name, s in
                            ((n, v[i]) for n, v in lines.items())}, 1.0)
        for i, size in enumerate(sizes)
    )  # fmt: skip
    return curves.Series("k", "title", "file", tuple(lines), points, **kw)  # type: ignore[arg-type]


def test_growth_is_the_least_squares_line() -> None:
    assert curves.fit([(1, 0.1), (3, 0.3), (5, 0.5)]) == pytest.approx((0.0, 0.1))
    assert curves.fit([(2, 0.1)]) is None
    series = _series({"a": [0.050, 0.150, 1.050]}, [0, 100, 1000], per=1000)
    (line,) = curves.growth(series)
    assert line.startswith("a: 50.0 ms + 1.00 s per 1,000 files")
    speed = _series({"b": [1.0, 0.5]}, [1, 2], speedup=True)
    assert curves.growth(speed) == ["b: speed-up over 1 file: 2.00× with 2 files"]


def test_table_has_a_row_per_size_and_failures_say_why() -> None:
    series = _series({"a": [0.01, 0.02]}, [1, 10])
    broken = series.points[1]._replace(results={"a": BenchError("exited 2")})
    text = curves.table(series._replace(points=(series.points[0], broken)))
    rows = text.splitlines()
    assert [c.strip() for c in rows[0].split("|")[1:-1]] == ["files", "a", "load (1 min)"]
    assert "10.0 ms (9.0 ms–11.0 ms)" in rows[2]
    assert "error: exited 2" in rows[3]


def test_plot_from_given_numbers(tmp_path: Path) -> None:
    series = [_series({"a": [0.01, 0.03], "b": [0.02, 0.02]}, [1, 100]),
              _series({"c": [1.0, 0.6]}, [1, 2], speedup=True, log=False)]  # fmt: skip
    png = curves.plot(series, tmp_path / "out" / "s.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_scaling_quick_measures_every_series(tmp_path: Path) -> None:
    """The real thing at tiny sizes: each series measured at increasing sizes, a PNG."""
    png = tmp_path / "scaling.png"
    measured = scaling.main(["--quick", "--plot", str(png), "--work", str(tmp_path / "w")])
    assert [s.key for s in measured] == list(scaling.SERIES)
    for series in measured:
        sizes = [p.size for p in series.points]
        assert len(sizes) >= 2 and sizes == sorted(set(sizes)), series.key
        for point in series.points:
            assert all(isinstance(r, Samples) for r in point.results.values()), point
    assert png.stat().st_size > 10_000
