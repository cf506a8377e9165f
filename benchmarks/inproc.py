"""Work the suite does in a separate Python process, so the suite itself imports no
wsguard internals (an API change then fails one case, not the whole run).

    python -m benchmarks.inproc record REPO EMPTY_DB
        scan REPO (--all-files), then time one ``record_or_spool`` call on a fresh
        copy of EMPTY_DB; prints ``{"seconds": s, "findings": n}``. The process's
        imports and the scan are not timed; the call is the first of its process,
        as in ``wsguard check``.
    python -m benchmarks.inproc populate-report ROWS PATH
    python -m benchmarks.inproc populate-tasks PATH
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path


def record(repo: Path, empty_db: Path) -> dict[str, float | int]:
    from wsguard import check as checking
    from wsguard.check import load
    from wsguard.store.recorder import record_or_spool
    from wsguard.workspace import Options

    repo = repo.resolve()
    config, root = load(Options(), repo)
    target = checking.Target("all")
    started = time.perf_counter()
    scan = checking.scan(config, root, repo, target)
    meta = checking.scan_meta(target, repo, time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "workspace.db"
        shutil.copyfile(empty_db, db)
        start = time.perf_counter()
        outcome = record_or_spool(f"sqlite:///{db}", scan, [r.info() for r in config.rules], meta)
        seconds = time.perf_counter() - start
    if not outcome.recorded:
        raise SystemExit(f"not recorded: {outcome.notes}")
    return {"seconds": seconds, "findings": len(scan.findings)}


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "record":
        print(json.dumps(record(Path(args[0]), Path(args[1]))))
    elif command == "populate-report":
        from benchmarks.populate import populate_detections
        from wsguard.clock import utcnow

        populate_detections(f"sqlite:///{args[1]}", int(args[0]), utcnow())
    elif command == "populate-tasks":
        from benchmarks.tracker_bench import populate

        populate(f"sqlite:///{args[0]}")
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
