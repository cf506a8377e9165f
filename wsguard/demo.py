"""``wsguard demo``: a sample meridian workspace where the guard is seen at work.

Builds three repositories with the project's rules.yaml, installs the hooks,
commits ``import pandas`` into meridian-core (blocked and recorded), fixes it
(passes, resolved). Everything goes through real ``git commit``.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from wsguard.errors import UsageError
from wsguard.install import install

REPOS = {
    "meridian-core": (
        "meridian_core",
        "clock.py",
        '"""Time utilities."""\nimport time\n\n\ndef now() -> float:\n    return time.time()\n',
    ),
    "meridian-trading": (
        "meridian_trading",
        "engine.py",
        '"""Trading engine."""\nimport pandas as pd\n\n\n'
        "class TradingLearningEngine:\n    frame = pd.DataFrame\n",
    ),
    "meridian-research": (
        "meridian_research",
        "notebook.py",
        '"""Research helpers."""\nimport numpy as np\n\nZERO = np.zeros(1)\n',
    ),
}
DRIFT = (
    '"""Metrics."""\nimport statistics\n\nimport pandas as pd\n\n\n'
    "def mean(xs):\n    return pd.Series(xs).mean()\n"
)
BYPASS = '"""Arrays."""\nimport numpy as np\n'
FIXED = '"""Metrics."""\nimport statistics\n\n\ndef mean(xs):\n    return statistics.fmean(xs)\n'


def _env(db_url: str) -> dict[str, str]:
    env = dict(os.environ, WSGUARD_DB=db_url)
    for key, value in (("NAME", "wsguard demo"), ("EMAIL", "demo@example.com")):
        env.setdefault(f"GIT_AUTHOR_{key}", value)
        env.setdefault(f"GIT_COMMITTER_{key}", value)
    env.pop("GIT_INDEX_FILE", None)
    return env


def _git(repo: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Run git in ``repo`` through GitPython: (exit code, stdout, stderr), hooks included."""
    import git as gitpython  # GitPython: off the hook's hot path, so its import cost is fine

    runner = gitpython.Git(repo)
    runner.update_environment(**env)
    status, out, err = runner.execute(
        ["git", *args], with_extended_output=True, with_exceptions=False
    )
    return int(status or 0), str(out), str(err)


def build(root: Path, env: dict[str, str]) -> None:
    if root.exists() and any(root.iterdir()):
        raise UsageError(f"{root} exists and is not empty: choose another folder for the demo")
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(str(resources.files("wsguard") / "data" / "rules.yaml"), root / "rules.yaml")
    for name, (package, module, text) in REPOS.items():
        repo = root / name
        files = {
            "README.md": f"# {name}\n",
            "LICENSE": "MIT License\n",
            "pyproject.toml": f'[project]\nname = "{name}"\nversion = "0.1.0"\n',
            f"src/{package}/__init__.py": "",
            f"src/{package}/{module}": text,
        }
        for rel, content in files.items():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo / rel).write_text(content, encoding="utf-8")
        _git(repo, env, "init", "-q")
        _git(repo, env, "add", "-A")
        code, _, err = _git(repo, env, "commit", "-qm", "Initial layout")
        if code != 0:
            raise UsageError(f"git commit failed in {repo}: {err.strip()}")
        install(repo, python=sys.executable)


def commit(
    repo: Path, env: dict[str, str], path: str, text: str, message: str, *flags: str
) -> tuple[int, str]:
    (repo / path).write_text(text, encoding="utf-8")
    _git(repo, env, "add", path)
    code, out, err = _git(repo, env, "commit", "-m", message, *flags)
    return code, "\n".join(part for part in (out, err) if part).rstrip()


def run(root: Path, db_url: str) -> Iterator[str]:
    """Build the workspace and play the story; yields what to show, line by line."""
    env = _env(db_url)
    root = root.resolve()
    build(root, env)
    yield f"Built a workspace in {root}: {', '.join(REPOS)} and rules.yaml; hooks installed."
    core = root / "meridian-core"
    path = "src/meridian_core/metrics.py"
    yield ""
    yield f"$ git commit   # in meridian-core, adding {path} with `import pandas as pd`"
    code, output = commit(core, env, path, DRIFT, "Add metrics")
    yield output
    yield f"(git commit exited {code}: the commit was {'blocked' if code else 'NOT blocked'})"
    if code == 0:
        raise UsageError("the demo commit was not blocked: is rules.yaml the project's policy?")
    yield ""
    yield from _state(db_url, "Recorded in the workspace database")
    yield ""
    yield "$ git commit   # the same change with statistics.fmean instead of pandas"
    code, output = commit(core, env, path, FIXED, "Add metrics without pandas")
    yield output or "(no findings)"
    yield f"(git commit exited {code}: {'blocked' if code else 'committed'})"
    yield ""
    bypass = "src/meridian_core/arrays.py"
    yield f"$ git commit --no-verify   # someone skips the hook: {bypass} imports numpy"
    code, output = commit(core, env, bypass, BYPASS, "Add arrays", "--no-verify")
    yield output
    yield "$ wsguard scan   # what CI runs: the committed state, every repository"
    yield _scan(root, env)
    yield from _state(db_url, "Now the repository contains drift: open, with its cross-repo issue")
    yield ""
    yield "$ git commit   # arrays.py rewritten without numpy"
    code, output = commit(core, env, bypass, '"""Arrays."""\n', "Arrays without numpy")
    yield output or "(no findings)"
    yield ""
    yield from _state(db_url, "After the fix")
    yield ""
    yield "Try it yourself:"
    yield f"  cd {core}"
    yield "  echo 'import numpy' > src/meridian_core/x.py && git add -A && git commit -m x"
    yield f"  wsguard --workspace {root} report"
    yield f"  wsguard --workspace {root} scan"


def _scan(root: Path, env: dict[str, str]) -> str:
    import subprocess

    argv = [sys.executable, "-m", "wsguard", "--workspace", str(root), "scan"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).rstrip()


def _state(db_url: str, title: str) -> Iterator[str]:
    from sqlalchemy import select

    from wsguard.store.db import Database
    from wsguard.store.models import Issue
    from wsguard.store.models.drift import DriftDetection

    yield f"{title}:"
    with Database(db_url) as db, db.session_scope() as session:
        for d in session.scalars(select(DriftDetection).order_by(DriftDetection.id)):
            status = "blocked attempt (never committed: not open drift)"
            status = status if d.status == "blocked" else d.status
            yield f"  detection #{d.id}: {d.rule_id} at {d.repo}:{d.path}:{d.line} — {status}"
        for i in session.scalars(select(Issue).order_by(Issue.id)):
            yield f"  cross-repo issue {i.id} ({i.issue_type}, {i.severity}) — {i.status}"
