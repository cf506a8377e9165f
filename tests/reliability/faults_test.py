"""Faults: a locked or read-only SQLite file, a process killed mid-write, a PostgreSQL
server gone mid-run. The commit is always decided, nothing is lost or half-written."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.helpers import git, write
from tests.reliability.helpers import sqlite_rows
from tests.reliability.proxy import Proxy
from tests.workspace_fixture import Workspace, commit
from wsguard import spool

LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.rollback()
"""


def violate(ws: Workspace, name: str) -> Path:
    core = ws.repo("meridian-core")
    write(core, f"src/meridian_core/{name}.py", "import pandas\n")
    git(core, "add", "-A")
    return core


def clean_commit(ws: Workspace, env: dict[str, str], name: str = "ok") -> str:
    core = ws.repo("meridian-core")
    git(core, "reset", "-q")
    write(core, f"src/meridian_core/{name}.py", "import os\n")
    git(core, "add", f"src/meridian_core/{name}.py")
    result = commit(core, "clean", env=env)
    assert result.code == 0, result.output
    return result.output


def spooled_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "spooled" in line]


def test_locked_past_the_timeout_spools_then_records(workspace: Workspace) -> None:
    env = {"WSGUARD_DB_TIMEOUT": "1"}
    clean_commit(workspace, env, "first")  # the database exists
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(workspace.db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
        started = time.perf_counter()
        result = commit(violate(workspace, "locked"), "while locked", env=env)
        elapsed = time.perf_counter() - started
    finally:
        locker.communicate("", timeout=10)
    assert result.code == 1 and "commit blocked" in result.output, result.output
    assert len(spooled_lines(result.output)) == 1, result.output
    assert "database is locked" in result.output and "Traceback" not in result.output
    assert elapsed < 10  # the 1 s timeout, not the default 15 s
    assert sqlite_rows(workspace.db, "SELECT count(*) FROM drift_detections") == [(0,)]
    later = clean_commit(workspace, env, "after")
    assert "recorded 1 spooled check" in later
    assert sqlite_rows(workspace.db, "SELECT path, status FROM drift_detections") == [
        ("src/meridian_core/locked.py", "blocked")  # a blocked attempt, spooled
    ]


def test_read_only_database_spools_and_loses_nothing(workspace: Workspace) -> None:
    clean_commit(workspace, {}, "first")
    url = f"sqlite:///file:{workspace.db}?mode=ro&uri=true"
    result = commit(violate(workspace, "ro"), "read-only", env={"WSGUARD_DB": url})
    assert result.code == 1 and "commit blocked" in result.output, result.output
    assert len(spooled_lines(result.output)) == 1, result.output
    assert "readonly" in result.output and "Traceback" not in result.output
    pending = list(spool.pending(url, []))
    assert [f.path for _, scan, _ in pending for f in scan.findings] == ["src/meridian_core/ro.py"]
    assert sqlite_rows(workspace.db, "SELECT count(*) FROM drift_detections") == [(0,)]


def test_corrupt_database_spools_without_a_traceback(workspace: Workspace) -> None:
    clean_commit(workspace, {}, "first")
    workspace.db.write_bytes(b"not a database at all " * 400)
    for suffix in ("-wal", "-shm"):
        Path(f"{workspace.db}{suffix}").unlink(missing_ok=True)
    result = commit(violate(workspace, "corrupt"), "corrupt database")
    assert result.code == 1 and "commit blocked" in result.output, result.output
    assert len(spooled_lines(result.output)) == 1, result.output
    assert "file is not a database" in result.output and "Traceback" not in result.output
    assert "internal error" not in result.output


TASKS = 2000


def big_import(folder: Path, tasks: int) -> None:
    folder.mkdir()
    records = [
        {
            "id": f"WS-TASK-{n:05d}",
            "title": f"task {n} " + "x" * 200,
            "priority": "MEDIUM",
            "status": "pending",
            "repos_affected": ["meridian-core"],
            "dependencies": [],
            "related_files": [],
        }
        for n in range(1, tasks + 1)
    ]
    (folder / "WORKSPACE-TASKS.json").write_text(
        json.dumps({"schema_version": 1, "tasks": records}), encoding="utf-8"
    )


def kill_while_writing(cmd: list[str], db: Path, cwd: Path, wal_bytes: int) -> int:
    """SIGKILL ``cmd`` once its write-ahead log holds ``wal_bytes``: mid-transaction."""
    wal = Path(f"{db}-wal")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size >= wal_bytes:
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=10)


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.mark.parametrize("wal_bytes", [200_000])
def test_sigkill_during_import_is_all_or_nothing(tmp_path: Path, wal_bytes: int) -> None:
    db = tmp_path / "ws.db"
    folder = tmp_path / "export"
    big_import(folder, TASKS)
    cmd = [sys.executable, "-m", "wsguard", "--db", str(db), "import", "--dir", str(folder)]
    subprocess.run(
        [sys.executable, "-m", "wsguard", "--db", str(db), "db", "upgrade"],
        check=True,
        capture_output=True,
    )
    code = kill_while_writing(cmd, db, tmp_path, wal_bytes)
    assert code == -signal.SIGKILL, "the import finished before it was killed"
    assert integrity(db) == "ok"
    count = sqlite_rows(db, "SELECT count(*) FROM tasks")[0][0]
    assert count in (0, TASKS), f"half an import: {count} tasks (exit {code})"
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert sqlite_rows(db, "SELECT count(*) FROM tasks") == [(TASKS,)]
    assert integrity(db) == "ok"


FILES = 300


def test_sigkill_during_scan_leaves_a_consistent_database(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    for n in range(FILES):
        write(core, f"src/meridian_core/gen/m{n}.py", "import numpy\n" + "x = 1\n" * 50)
    git(core, "add", "-A")
    assert commit(core, "lots", env={"WSGUARD_SKIP": "1"}).code == 0
    cmd = [sys.executable, "-m", "wsguard", "--workspace", str(workspace.root), "scan"]
    upgrade = [*cmd[:-1], "db", "upgrade"]
    subprocess.run(upgrade, cwd=workspace.root, check=True, capture_output=True)
    code = kill_while_writing(cmd, workspace.db, workspace.root, 100_000)
    assert code == -signal.SIGKILL, "the scan finished before it was killed"
    assert integrity(workspace.db) == "ok"
    count = sqlite_rows(workspace.db, "SELECT count(*) FROM drift_detections")[0][0]
    runs = sqlite_rows(workspace.db, "SELECT count(*) FROM scan_runs")[0][0]
    # A repo's scan is one transaction: its detections and its run land together.
    assert (count, runs) in {(0, 0), (0, 1), (0, 2), (0, 3), (FILES, 1), (FILES, 2), (FILES, 3)}
    rerun = subprocess.run(cmd, cwd=workspace.root, capture_output=True, text=True)
    assert rerun.returncode == 1 and "Traceback" not in rerun.stdout + rerun.stderr
    assert sqlite_rows(workspace.db, "SELECT count(*) FROM drift_detections") == [(FILES,)]


def test_postgresql_gone_spools_then_flushes(workspace: Workspace, pg_url: str) -> None:
    with Proxy(5432) as proxy:
        url = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
        env = {"WSGUARD_DB": url}
        clean_commit(workspace, env, "first")
        proxy.stop()  # the server goes away; same URL
        result = commit(violate(workspace, "pgdown"), "server down", env=env)
        assert result.code == 1 and "commit blocked" in result.output, result.output
        assert len(spooled_lines(result.output)) == 1, result.output
        assert "Traceback" not in result.output
        proxy.start()
        later = clean_commit(workspace, env, "after")
        assert "recorded 1 spooled check" in later
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT path, status FROM drift_detections")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("src/meridian_core/pgdown.py", "blocked")]


def test_postgresql_connection_cut_mid_transaction(workspace: Workspace, pg_url: str) -> None:
    """Connections dropped while the hook talks to the server: spooled, flushed later."""
    with Proxy(5432, cut_after_bytes=6000) as proxy:
        url = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
        env = {"WSGUARD_DB": url}
        result = commit(violate(workspace, "cut"), "cut mid-way", env=env)
        assert result.code == 1 and "commit blocked" in result.output, result.output
        assert "Traceback" not in result.output
        assert len(spooled_lines(result.output)) == 1, result.output
        proxy.cut_after_bytes = None
        later = clean_commit(workspace, env, "after")
        assert "recorded 1 spooled check" in later
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT path, status FROM drift_detections")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("src/meridian_core/cut.py", "blocked")]


def _no_file_growth() -> None:
    import resource

    # Every file write past the first byte fails (EFBIG), as on a full disk: the database
    # (its WAL), the spool in the cache, the compiled-rules cache. Pipes are not files.
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, 1))


@pytest.mark.parametrize(("body", "code"), [("import os\n", 0), ("import pandas\n", 1)])
def test_full_disk_still_decides_the_commit(
    workspace: Workspace, tmp_path: Path, body: str, code: int
) -> None:
    """Database and ~/.cache on a full disk: a clean commit passes, a bad one is blocked."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    clean_commit(workspace, env, "first")  # the database exists, at its schema
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/full.py", body)
    git(core, "add", "-A")
    proc = subprocess.run(
        [sys.executable, "-m", "wsguard", "check"],
        cwd=core,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        preexec_fn=_no_file_growth,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == code, output
    assert "could not be spooled either" in output and "not recorded" in output, output
    assert "internal error" not in output and "Traceback" not in output
    assert not list((tmp_path / "cache").rglob("*.tmp"))


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (
            '{"repo": "meridian-core", "findings": [], "files_scanned": 1, "meta": {"at": "2025-13'
            '-45T99"}}',
            "month must be in 1..12",
        ),
        ('{"repo": "meridian-core", "findings": [], "files_sc', "Unterminated string"),
        ('{"repo": "meridian-core", "findings": [{"nope": 1}], "files_scanned": 1}', "nope"),
        ("\udcff", "utf-8"),
    ],
)
def test_a_bad_spool_file_is_quarantined_and_named(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, why: str
) -> None:
    """Once, a malformed timestamp failed every later run; a truncated file was skipped
    forever without a word. Now: moved aside, named in a warning, and the run goes on."""
    env = {"WSGUARD_SPOOL_DIR": str(tmp_path / "spool")}
    monkeypatch.setenv("WSGUARD_SPOOL_DIR", env["WSGUARD_SPOOL_DIR"])
    clean_commit(workspace, env, "first")
    url = f"sqlite:///{workspace.db}"
    folder = spool.spool_dir(url)
    folder.mkdir(parents=True)
    bad = folder / "20250101T000000000000-deadbeef.json"
    bad.write_bytes(content.encode("utf-8", "surrogateescape"))
    result = commit(violate(workspace, "after"), "after", env={**env, "WSGUARD_DB": url})
    assert result.code == 1 and "commit blocked" in result.output, result.output
    moved = folder / spool.QUARANTINE / bad.name
    assert f"moved to {moved}" in result.output and why in result.output, result.output
    assert moved.is_file() and not bad.exists()
    assert "Traceback" not in result.output and "internal error" not in result.output
    again = clean_commit(workspace, {**env, "WSGUARD_DB": url}, "again")
    assert "unreadable" not in again  # said once: the file is out of the way
