"""Security checks as tests: safe YAML only, no shell, no SQL built from f-strings,
and a database password never printed."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from wsguard.cli import cli

PACKAGE = Path(__file__).resolve().parents[2] / "wsguard"
SOURCES = sorted(PACKAGE.rglob("*.py"))
SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader"}
SQL_SINKS = {"text", "exec_driver_sql", "execute", "executemany", "executescript", "rows"}
# f-string SQL whose interpolated values are not user data (integers from our own code).
# Each allowed f-string interpolates only constants, ints or placeholders ("?", ":name").
ALLOWED_FSTRING_SQL = {
    ("store/db.py", "PRAGMA busy_timeout"),
    ("store/sql.py", "PRAGMA busy_timeout"),
    ("store/fastpath.py", "{base} LIMIT 1"),
    # ``marks`` is ``sql.in_list``'s "(:name0, :name1, …)": placeholders only.
    ("store/detections.py", "IN {marks}"),
    # ``with_repos`` is a constant CTE, or one with the :repo placeholder.
    ("report/data.py", "repos + _PERIOD"),
    # ``cells`` is "(:k0, :lo0, :hi0), …": placeholders only.
    ("report/trend.py", "AS (VALUES {cells})"),
    # DDL naming the migration's own constant tables, indexes and views.
    ("store/migrations/versions/0006_seed_views.py", " RENAME "),
    ("store/migrations/versions/0006_seed_views.py", "CREATE VIEW {name} AS"),
    ("store/migrations/versions/0006_seed_views.py", "DROP VIEW {name}"),
}


def _calls() -> Iterator[tuple[str, ast.Call]]:
    for path in SOURCES:
        tree = ast.parse(path.read_text("utf-8"), str(path))
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield rel, node


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def test_sources_were_found() -> None:
    assert len(SOURCES) > 50


def test_yaml_only_through_safe_loaders() -> None:
    bad = []
    for rel, call in _calls():
        name = _name(call.func)
        if name in {"unsafe_load", "full_load", "unsafe_load_all", "full_load_all"}:
            bad.append(f"{rel}:{call.lineno} yaml.{name}")
        if name in {"load", "load_all"} and isinstance(call.func, ast.Attribute):
            owner = call.func.value
            if isinstance(owner, ast.Name) and owner.id == "yaml":
                loader = next((k.value for k in call.keywords if k.arg == "Loader"), None)
                loader = loader or (call.args[1] if len(call.args) > 1 else None)
                if loader is None or _name(loader) not in SAFE_LOADERS:
                    bad.append(f"{rel}:{call.lineno} yaml.{name} without a safe Loader")
    for path in SOURCES:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if "class " in line and "Loader" in line and "yaml." in line:
                base = line.split("(", 1)[1]
                if not any(safe in base for safe in SAFE_LOADERS):
                    bad.append(f"{path.relative_to(PACKAGE)}:{n} a loader not built on SafeLoader")
    assert not bad, bad


def test_no_shell_and_no_eval() -> None:
    bad = []
    for rel, call in _calls():
        for kw in call.keywords:
            if kw.arg == "shell" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                bad.append(f"{rel}:{call.lineno} shell=")
        if isinstance(call.func, ast.Name) and call.func.id in {"eval", "exec"}:
            bad.append(f"{rel}:{call.lineno} {call.func.id}()")
        if _name(call.func) == "system" and isinstance(call.func, ast.Attribute):
            bad.append(f"{rel}:{call.lineno} os.system")
    assert not bad, bad


def test_no_sql_from_f_strings() -> None:
    bad = []
    for rel, call in _calls():
        if _name(call.func) not in SQL_SINKS or not call.args:
            continue
        first = call.args[0]
        if isinstance(first, ast.JoinedStr) or (
            isinstance(first, ast.BinOp) and isinstance(first.op, (ast.Mod, ast.Add))
        ):
            text = ast.unparse(first)
            if not any(rel == f and marker in text for f, marker in ALLOWED_FSTRING_SQL):
                bad.append(f"{rel}:{call.lineno} {text[:60]}")
        if _name(first) == "format" and isinstance(first, ast.Call):
            bad.append(f"{rel}:{call.lineno} str.format SQL")
    assert not bad, bad


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_password_masked_when_the_server_is_unreachable() -> None:
    url = f"postgresql+psycopg://ada:s3cr3t-pw@127.0.0.1:{_closed_port()}/ws"
    result = CliRunner().invoke(cli, ["--db", url, "task", "list"])
    assert result.exit_code != 0
    assert "s3cr3t-pw" not in result.output
    assert "***" in result.output and "Traceback" not in result.output


def test_password_masked_in_the_hook_spool_note(tmp_path: Path) -> None:
    from tests.helpers import git, write
    from tests.workspace_fixture import commit, make_workspace

    ws = make_workspace(tmp_path / "ws")
    core = ws.repo("meridian-core")
    write(core, "src/meridian_core/x.py", "import pandas\n")
    git(core, "add", "-A")
    url = f"postgresql+psycopg://ada:s3cr3t-pw@127.0.0.1:{_closed_port()}/ws"
    result = commit(core, "x", env={"WSGUARD_DB": url})
    assert result.code == 1 and "spooled" in result.output, result.output
    assert "s3cr3t-pw" not in result.output and "***" in result.output


def test_password_masked_in_a_bad_url() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wsguard",
            "--db",
            "postgresql+nodriver://u:s3cr3t-pw@h/d",
            "task",
            "list",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "s3cr3t-pw" not in proc.stdout + proc.stderr
