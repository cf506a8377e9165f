"""Security checks as tests: safe YAML only, no shell, no SQL built from f-strings,
and a database password never printed."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
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
    ("store/lite.py", "PRAGMA busy_timeout"),
    ("store/lite.py", "{UNRESOLVED} LIMIT 1"),
    # ``marks`` is ``sql.in_list``'s "(:name0, :name1, …)": placeholders only.
    ("store/detections.py", "IN {marks}"),
    # ``with_repos`` is a constant CTE, or one with the :repo placeholder.
    ("report/data.py", "repos + _PERIOD"),
    # ``cells`` is "(:k0, :lo0, :hi0), …": placeholders only.
    ("report/trend.py", "AS (VALUES {cells})"),
    # The same weeks, and ``_BLOCKED`` with a constant repo condition (the :repo placeholder).
    ("report/trend.py", "week_rows + stopped"),
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


def _secret_urls() -> list[str]:
    """Every form a password takes in a database URL."""
    port = _closed_port()
    return [
        f"postgresql+psycopg://ada:s3cr3t-pw@127.0.0.1:{port}/ws",
        f"postgresql+psycopg://ada@127.0.0.1:{port}/ws?password=s3cr3t-pw",
        f"postgresql+psycopg://ada@127.0.0.1:{port}/ws?sslmode=disable&password=s3cr3t-pw",
        f"postgresql+psycopg://ada@127.0.0.1:{port}/ws?sslpassword=s3cr3t-pw",
    ]


@pytest.mark.parametrize("form", range(4))
def test_password_masked_when_the_server_is_unreachable(form: int) -> None:
    url = _secret_urls()[form]
    result = CliRunner().invoke(cli, ["--db", url, "task", "list"])
    assert result.exit_code != 0
    assert "s3cr3t-pw" not in result.output
    assert "***" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("form", [0, 1])
def test_password_masked_in_the_hook_spool_note(tmp_path: Path, form: int) -> None:
    from tests.helpers import git, write
    from tests.workspace_fixture import commit, make_workspace

    ws = make_workspace(tmp_path / "ws")
    core = ws.repo("meridian-core")
    write(core, "src/meridian_core/x.py", "import pandas\n")
    git(core, "add", "-A")
    url = _secret_urls()[form]
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


@pytest.mark.parametrize(
    "given",
    [
        "host=127.0.0.1 dbname=ws user=ada password=s3cr3t-pw",
        "dbname=ws password='s3cr3t-pw'",
        "ada:s3cr3t-pw@127.0.0.1/ws",
        "ws.db\npassword=s3cr3t-pw",
    ],
)
def test_what_is_neither_a_url_nor_a_path_is_refused(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A libpq DSN once became a database file in the repository, named after the password."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", given, "task", "list"])
    assert result.exit_code == 2, result.output
    assert "neither a URL nor a file path" in result.output
    assert "s3cr3t-pw" not in result.output
    assert list(tmp_path.rglob("*")) == []  # no database file anywhere


# A crafted rules.yaml: every user-controlled string tries to start a line that GitHub
# Actions would execute as a workflow command.
CRAFTED_RULES = [
    'version: 1\n"k\\n::add-mask::x": 1\nrules: []\n',
    "version: 1\nrules:\n  - id: r1\n    kind: forbidden-import\n    modules: [x]\n"
    '    "u\\n::error::x": 1\n',
    'version: 1\nrules:\n  - id: r1\n    kind: forbidden-pattern\n    pattern: "(\\n::error::x"\n',
    "version: 1\nrules:\n  - id: r1\n    kind: forbidden-import\n    modules: [x]\n"
    '    severity: "e\\n::error::x"\n',
    'version: 1\nrules:\n  - id: "a\\n::error::x"\n    kind: forbidden-import\n    modules: [x]\n',
]
LISTED_RULES = (
    "version: 1\nrules:\n  - id: r1\n    kind: forbidden-import\n    modules: [x]\n"
    '    message: "m\\n::add-mask::x"\n    remediation: "r\\r\\n##[error]x"\n'
    '    decision: "d\\n  ::stop-commands::x"\n'
)


def _runner_commands(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.lstrip().startswith(("::", "##["))]


@pytest.mark.parametrize("text", CRAFTED_RULES)
def test_a_crafted_rules_error_prints_no_workflow_command(text: str, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(text, encoding="utf-8")
    for args in (["rules", "check"], ["rules", "list"]):
        result = CliRunner().invoke(cli, ["--rules", str(rules), *args])
        assert result.exit_code == 2, result.output
        assert "x" in result.output and not _runner_commands(result.output), result.output


def test_crafted_rule_fields_print_no_workflow_command(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(LISTED_RULES, encoding="utf-8")
    for args in (["rules", "list"], ["rules", "explain", "r1"]):
        result = CliRunner().invoke(cli, ["--rules", str(rules), *args])
        assert result.exit_code == 0, result.output
        assert not _runner_commands(result.output), result.output


def test_crafted_tracker_text_prints_no_workflow_command(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "ws.db")]
    title = "t\n::add-mask::x"
    runner = CliRunner()
    added = runner.invoke(cli, [*db, "task", "add", title, "--notes", "n\n::error::x"])
    assert added.exit_code == 0, added.output
    for args in (["task", "list"], ["task", "show", "WS-TASK-001"], ["task", "show", title]):
        result = runner.invoke(cli, [*db, *args])
        assert not _runner_commands(result.output), result.output


def test_an_error_message_never_starts_a_workflow_command() -> None:
    from wsguard.errors import internal_error, printable

    assert printable("a\n::add-mask::x\n  ##[error]y\nplain") == (
        "a\\n::add-mask::x\\n  ##[error]y\nplain"
    )
    assert "\x1b" not in printable("\x1b[31mred")
    assert not _runner_commands(internal_error(RuntimeError("boom\n::error::x")))
