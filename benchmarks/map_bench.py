"""Benchmark: the architecture map of a 50-repo workspace with 200 files of scan data each.

    .venv/bin/python -m benchmarks.map_bench [--repos N] [--files N] [--runs N] [--work DIR]

Writes a rules.yaml declaring N repos (their packages, ten ``layers`` rules of five
tiers) and a database holding what full scans of them would have recorded: per
repo, ``files`` files with a detection each (a tenth of them breaking a layer),
the uses between repos (``repo_dependencies``), and a few placements and
states. Times ``build_report`` + the SVG map in this process (the map's share
alone too), then ``wsguard report --format svg`` as a whole process.
Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

MAP_TARGET_S = 1.0
TIERS = ("app", "service", "domain", "lib", "base")


def repo_names(repos: int) -> list[str]:
    return [f"{TIERS[i % len(TIERS)]}-{i // len(TIERS):02d}-platform" for i in range(repos)]


def write_rules(root: Path, names: list[str]) -> Path:
    lines = ["version: 1", "repos:"]
    for name in names:
        lines += [f"  {name}:", f"    packages: [{name.replace('-', '_')}]"]
    lines.append("rules:")
    for start in range(0, len(names), len(TIERS)):
        group = sorted(
            names[start : start + len(TIERS)], key=lambda n: TIERS.index(n.split("-")[0])
        )
        if len(group) < 2:
            continue
        lines += [
            f"  - id: layers-{start // len(TIERS):02d}",
            "    kind: layers",
            "    message: lower tiers must not import higher ones",
            f"    layers: [{', '.join(group)}]",
        ]
    path = root / "rules.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def populate(db: Path, names: list[str], files: int, seed: int = 19) -> None:
    from wsguard.store.db import Database

    with Database(f"sqlite:///{db}"):
        pass  # the schema, at head
    rng = random.Random(seed)
    now = datetime(2026, 12, 1, 12, 0)
    conn = sqlite3.connect(db)
    detections = []
    for name in names:
        for f in range(files):
            layer = f % 10 == 0
            rule = f"layers-{names.index(name) // len(TIERS):02d}" if layer else "no-pandas"
            seen = now - timedelta(days=rng.randint(0, 120))
            status = "open" if rng.random() < 0.4 else "resolved"
            detections.append((
                rule, name, f"src/{name.replace('-', '_')}/m{f:03d}.py", 3, 1,
                f"{name}-{f}", "message", "error", status, seen, seen,
                seen + timedelta(days=3) if status == "resolved" else None, "{}",
            ))  # fmt: skip
    conn.executemany(
        "INSERT INTO drift_detections (rule_id, repo, path, line, col, fingerprint, message, "
        "severity, status, first_seen, last_seen, resolved_at, extra) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        detections,
    )
    uses = set()
    for name in names:
        for target in rng.sample(names, 4):
            if target != name:
                uses.add((name, target, "import", rng.randint(1, files // 4), rng.randint(1, 20)))
                if rng.random() < 0.5:
                    uses.add((name, target, "declared", 1, 1))
    conn.executemany(
        "INSERT INTO repo_dependencies (repo, target, kind, total, files, recorded_at) "
        f"VALUES (?, ?, ?, ?, ?, '{now.isoformat(' ')}')",
        sorted(uses),
    )
    for i in range(10):
        conn.execute(
            "INSERT INTO component_placements (component, repo, extra) VALUES (?, ?, '{}')",
            (f"Component{i}", rng.choice(names)),
        )
        conn.execute(
            "INSERT INTO architecture_states (component, current_repo, target_repo, extra) "
            "VALUES (?, ?, ?, '{}')",
            (f"Moving{i}", rng.choice(names), rng.choice(names)),
        )
    conn.commit()
    conn.close()


def in_process(root: Path, db: Path, runs: int) -> tuple[list[float], list[float]]:
    from wsguard.report import mapsvg
    from wsguard.report.build import build_report
    from wsguard.report.mapdata import gather_map
    from wsguard.report.maplayout import layout
    from wsguard.rules.config import load_config
    from wsguard.store.sql import open_reader
    from wsguard.workspace import Options

    opts = Options(db=f"sqlite:///{db}", rules=str(root / "rules.yaml"), workspace=str(root))
    config = load_config(root / "rules.yaml")
    whole, alone = [], []
    for _ in range(runs + 1):
        started = time.perf_counter()
        data = build_report(opts)
        mapsvg.render(data.map, standalone=True)
        whole.append(time.perf_counter() - started)
        reader = open_reader(f"sqlite:///{db}")
        assert reader is not None
        started = time.perf_counter()
        with reader:
            arch = gather_map(reader, config, (), data.drift.open_by)
        layout(arch)
        mapsvg.render(arch, standalone=True)
        alone.append(time.perf_counter() - started)
    return whole[1:], alone[1:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=50)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.work or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        names = repo_names(args.repos)
        write_rules(root, names)
        db = root / "workspace.db"
        db.unlink(missing_ok=True)
        populate(db, names, args.files)
        whole, alone = in_process(root, db, args.runs)
        url = f"sqlite:///{db}"
        out = str(root / "map.svg")
        cmd = [sys.executable, "-m", "wsguard", "--workspace", str(root), "--db", url,
               "report", "--format", "svg", "-o", out]  # fmt: skip
        process = []
        for _ in range(args.runs + 1):
            started = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            process.append(time.perf_counter() - started)
        process = process[1:]
    size = f"{args.repos} repos × {args.files} files"
    for label, values in (
        (f"map alone (gather, layout, SVG), {size}", alone),
        (f"build_report + SVG map, {size}", whole),
        (f"wsguard report --format svg (process), {size}", process),
    ):
        median = statistics.median(values)
        verdict = "met" if median <= MAP_TARGET_S else "missed"
        print(f"| {label} | {median * 1000:.0f} ms ({min(values) * 1000:.0f}–"
              f"{max(values) * 1000:.0f}) | ≤ 1 s: {verdict} |")  # fmt: skip


if __name__ == "__main__":
    main()
