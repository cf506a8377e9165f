"""Work the suite does in a separate Python process, so the suite itself imports no
wsguard internals (an API change then fails one case, not the whole run).

    python -m benchmarks.inproc record REPO EMPTY_DB
        scan REPO (--all-files), then time one ``record_or_spool`` call on a fresh
        copy of EMPTY_DB; prints ``{"seconds": s, "findings": n}``. The process's
        imports and the scan are not timed; the call is the first of its process,
        as in ``wsguard check``.
    python -m benchmarks.inproc record-findings COUNT EMPTY_DB_OR_POSTGRES_URL
        one ``record_or_spool`` of COUNT synthetic findings (``record_bench.make_scan``)
        into a fresh database: a copy of EMPTY_DB, or a new schema of the PostgreSQL
        database (migrated, dropped afterwards); prints ``{"seconds": s, "findings": n}``.
        Only the call is timed, the first of its process.
    python -m benchmarks.inproc populate-report ROWS PATH
    python -m benchmarks.inproc populate-tasks PATH
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path


def record(repo: Path, empty_db: Path) -> dict[str, float | int]:
    from wsguard.check import load
    from wsguard.scan import scan as scan_repo
    from wsguard.scan import scan_meta
    from wsguard.store.recorder import record_or_spool
    from wsguard.values import Target
    from wsguard.workspace import Options

    repo = repo.resolve()
    config, root = load(Options(), repo)
    target = Target("all")
    started = time.perf_counter()
    scan = scan_repo(config, root, repo, target)
    meta = scan_meta(target, repo, time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "workspace.db"
        shutil.copyfile(empty_db, db)
        start = time.perf_counter()
        outcome = record_or_spool(f"sqlite:///{db}", scan, [r.info() for r in config.rules], meta)
        seconds = time.perf_counter() - start
    if not outcome.recorded:
        raise SystemExit(f"not recorded: {outcome.notes}")
    return {"seconds": seconds, "findings": len(scan.findings)}


def record_findings(count: int, target: str) -> dict[str, float | int]:
    from benchmarks import record_bench
    from wsguard.rules.config import load_config
    from wsguard.store.recorder import record_or_spool

    scan = record_bench.make_scan(count)
    infos = [r.info() for r in load_config(record_bench.PROJECT / "rules.yaml").rules]
    meta = {"mode": "all", "ref": None, "commit": "0" * 40, "author": "bench"}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WSGUARD_SPOOL_DIR"] = str(Path(tmp) / "spool")  # never the user's
        fresh: AbstractContextManager[str]
        if target.startswith("postgresql"):
            fresh = record_bench.pg_db(target)
        else:
            shutil.copyfile(target, Path(tmp) / "workspace.db")
            fresh = nullcontext(f"sqlite:///{Path(tmp) / 'workspace.db'}")
        with fresh as url:
            start = time.perf_counter()
            outcome = record_or_spool(url, scan, infos, meta)
            seconds = time.perf_counter() - start
    if not outcome.recorded:
        raise SystemExit(f"not recorded: {outcome.notes}")
    return {"seconds": seconds, "findings": len(scan.findings)}


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "record":
        print(json.dumps(record(Path(args[0]), Path(args[1]))))
    elif command == "record-findings":
        print(json.dumps(record_findings(int(args[0]), args[1])))
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
