"""The bad input corpus: malformed import folders, unreadable scanned files and odd paths.

Each case gives its expected message and exit code, never a traceback, and
leaves nothing half-written. Import cases live in ``tests/data/bad/import/<case>/``
(an ``expected`` file: ``exit N`` then message fragments); the big or binary
inputs are generated here at test time, never committed.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import git
from tests.workspace_fixture import Workspace, commit
from wsguard.cli import cli

DATA = Path(__file__).parent.parent / "data" / "bad"
IMPORT_CASES = sorted(p for p in (DATA / "import").iterdir() if p.is_dir())
RULES_CASES = sorted((DATA / "rules").glob("*.yaml"))


def _enormous(folder: Path) -> None:
    """~15 MB of valid tasks with one bad record at the very end."""
    records = [
        {"id": f"WS-TASK-{n:06d}", "title": "t" * 200, "status": "pending"}
        for n in range(1, 60_001)
    ]
    records.append({"id": "WS-TASK-999999", "title": "last", "priority": "URGENT"})
    (folder / "WORKSPACE-TASKS.json").write_text(json.dumps({"tasks": records}), "utf-8")


def _deep(folder: Path) -> None:
    (folder / "WORKSPACE-TASKS.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")


GENERATED_IMPORTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "enormous-file": (_enormous, "field 'priority'"),
    "nested-too-deep": (_deep, "JSON nested too deeply"),
}


def _expected(case: Path) -> tuple[int, list[str]]:
    first, *fragments = case.joinpath("expected").read_text("utf-8").splitlines()
    return int(first.removeprefix("exit ")), [f for f in fragments if f]


def _import(db: Path, folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--dir", str(folder)])
    return result.exit_code, result.output


def _tasks(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM tasks").fetchone()[0])


@pytest.mark.parametrize("case", IMPORT_CASES, ids=[p.name for p in IMPORT_CASES])
def test_bad_import_folder(case: Path, tmp_path: Path) -> None:
    code, fragments = _expected(case)
    db = tmp_path / "ws.db"
    got, output = _import(db, case)
    assert got == code, output
    assert output.startswith("Error: ") and "Traceback" not in output
    for fragment in fragments:
        assert fragment in output, output
    assert _tasks(db) == 0  # nothing half-written


@pytest.mark.parametrize("name", sorted(GENERATED_IMPORTS))
def test_generated_bad_import(name: str, tmp_path: Path) -> None:
    make, fragment = GENERATED_IMPORTS[name]
    folder = tmp_path / name
    folder.mkdir()
    make(folder)
    db = tmp_path / "ws.db"
    code, output = _import(db, folder)
    assert code == 2, output
    assert fragment in output and "Traceback" not in output and "internal error" not in output
    assert _tasks(db) == 0


# Scanned files: unreadable ones give one non-blocking warning finding each.
SCANNED: dict[str, tuple[bytes, str]] = {
    "binary.py": (bytes(range(256)) * 4, "binary file"),
    "nul-bytes.py": (b"import os\x00\nimport pandas\n", "binary file"),
    "invalid-utf8.py": (b"import os\n\xff\xfe = 1\n", "invalid UTF-8"),
    # A full scan reads a file's imports without parsing it whole (docs/rules.md): it
    # warns about a syntax error its reader stumbles on, not one elsewhere (the hook does).
    "syntax-error.py": (b"x = 'unterminated\n    import pandas\n", "syntax error"),
    "deep-parens.py": (b"x = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n", "nested"),
    "deep-unary.py": (b"x = " + b"-" * 200_000 + b"1\n", "too deeply nested to parse"),
    "deep-calls.py": (b"x = f" + b"()" * 100_000 + b"\n", "too deeply nested to parse"),
    "deep-blocks.py": (
        b"".join(b" " * i + b"if x:\n" for i in range(120)) + b" " * 120 + b"pass\n",
        "too many levels of indentation",
    ),
    "huge-50mb.py": (b"x = 1\n" * (50 * 1024 * 1024 // 6), "limit"),
    "bad-manifest/pyproject.toml": (
        b'[project\nname = "x"\n',
        "cannot parse src/meridian_core/bad-manifest/pyproject.toml",
    ),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One real repo holding every scanned case, checked once with --all-files."""
    from tests.workspace_fixture import make_workspace

    ws = make_workspace(tmp_path_factory.mktemp("scan") / "ws", hooks=False)
    core = ws.repo("meridian-core")
    for name, (data, _) in SCANNED.items():
        path = core / "src" / "meridian_core" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    git(core, "add", "-A")
    git(core, "commit", "-qm", "bad inputs")
    proc = subprocess.run(
        [sys.executable, "-m", "wsguard", "check", "--all-files", "--format", "json"],
        cwd=core,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr  # warnings only
    assert "Traceback" not in proc.stderr
    return proc.stdout


@pytest.mark.parametrize("name", sorted(SCANNED))
def test_unreadable_scanned_file_is_a_warning(scanned: str, name: str) -> None:
    findings = json.loads(scanned)["data"]["findings"]
    mine = [f for f in findings if f["path"] == f"src/meridian_core/{name}"]
    assert len(mine) == 1, mine
    assert mine[0]["rule"] == "wsguard/unreadable" and mine[0]["severity"] == "warning"
    assert not mine[0]["blocking"] and SCANNED[name][1] in mine[0]["message"]


ODD_NAMES = ["with space.py", "new\nline.py", "ünïcødé.py", "-leading.py", "--all-files.py"]


@pytest.mark.parametrize("name", ODD_NAMES, ids=[repr(n) for n in ODD_NAMES])
def test_odd_path_through_the_hook(workspace: Workspace, name: str) -> None:
    core = workspace.repo("meridian-core")
    (core / "src" / "meridian_core" / name).write_text("import pandas\n", "utf-8")
    git(core, "add", "-A")
    result = commit(core, "odd path")
    assert result.code == 1 and "no-data-science-in-core" in result.output, result.output
    assert "Traceback" not in result.output
    shown = name.replace("\n", "\\n")
    assert f"src/meridian_core/{shown}" in result.output
    with sqlite3.connect(workspace.db) as conn:
        paths = [p for (p,) in conn.execute("SELECT path FROM drift_detections")]
    assert paths == [f"src/meridian_core/{name}"]


def test_corpus_has_at_least_thirty_cases() -> None:
    total = (
        len(RULES_CASES)
        + len(IMPORT_CASES)
        + len(GENERATED_IMPORTS)
        + len(SCANNED)
        + len(ODD_NAMES)
    )
    assert total >= 30, total


def test_a_listed_repo_that_is_missing_or_not_git_is_a_warning(workspace: Workspace) -> None:
    """Once: a missing path was skipped without a word, a plain folder aborted the scan."""
    (workspace.root / "plain-folder").mkdir()
    rules = workspace.root / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "repos:\n",
            "repos:\n  not-cloned:\n    path: not-cloned\n  plain:\n    path: plain-folder\n",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "scan"])
    assert result.exit_code == 0, result.output
    assert "warning: repos: not-cloned:" in result.output and "does not exist" in result.output
    assert "warning: repos: plain:" in result.output and "not a git repository" in result.output
    assert "3 repo(s)" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["waive", "9" * 30, "--reason", "r", "--owner", "o", "--expires", "2099-01-01"],
        ["waive", str(2**63), "--reason", "r", "--owner", "o", "--expires", "2099-01-01"],
        ["export", "--dir", "{file}/sub"],
        ["export", "--dir", "/proc/wsguard-cannot-write-here"],
        ["--rules", "{deep_flow}", "rules", "check"],
        ["--rules", "{deep_block}", "rules", "check"],
    ],
)
def test_clear_errors_instead_of_internal_ones(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text("version: 1\nrules: []\n", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    (tmp_path / "deep_flow.yaml").write_text(
        "version: 1\nrules: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    (tmp_path / "deep_block.yaml").write_text(
        "version: 1\nrules:\n" + "".join("  " * i + "-\n" for i in range(1, 100)),
        encoding="utf-8",
    )
    given = [a.format(**{p.stem: p for p in tmp_path.iterdir()}) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "wsguard", "--workspace", str(tmp_path), *given],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("Error: ") and "internal error" not in proc.stderr
    assert "Traceback" not in proc.stderr
