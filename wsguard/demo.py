"""``wsguard demo``: a sample meridian workspace where the guard is seen at work.

Builds three repositories with the project's rules.yaml (research uses trading,
trading uses core, as the layers allow), records the decisions its rules cite,
two tasks (one waiting on the other), a component placement and an architecture
state, and installs the hooks. Then, in a work session: commits ``import
pandas`` into meridian-core (blocked and recorded), fixes it (passes, resolved);
skips the hook twice (numpy, then an import of trading from core), and a full
scan finds both in history; the numpy one is fixed, the layering one stays open
for the task that tracks it. The session ends with a hand-off. Every section
of ``wsguard report`` and its architecture map then has something real in it.
Everything goes through real ``git commit``.
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
        '"""Trading engine."""\nimport pandas as pd\n\nfrom meridian_core.clock import now\n\n\n'
        "class TradingLearningEngine:\n    frame = pd.DataFrame\n    started = now\n",
    ),
    "meridian-research": (
        "meridian_research",
        "notebook.py",
        '"""Research helpers."""\nimport numpy as np\n\nfrom meridian_core import clock\n'
        "from meridian_trading.engine import TradingLearningEngine\n\n"
        "ZERO = np.zeros(1)\n\n\nclass RiskModel:\n    engine = TradingLearningEngine\n"
        "    clock = clock\n",
    ),
}
# Declared dependencies between the repos (pyproject.toml), as the layers allow.
NEEDS = {"meridian-trading": ["meridian-core"], "meridian-research": ["meridian-trading"]}
LAYERING = (
    '"""Prices."""\nfrom meridian_trading.engine import TradingLearningEngine\n\n\n'
    "def price(x):\n    return TradingLearningEngine.frame(x)\n"
)
DECISIONS = (
    ("ADR-001", "meridian-core stays domain-agnostic",
     "Core is imported by every repo: no data-science libraries, no imports of the layers above."),
    ("ADR-002", "Trading code lives in meridian-trading",
     "One home for trading components, so strategies are reviewed and tested in one place."),
    ("ADR-003", "One SQLAlchemy version across the workspace",
     "Shared models must behave the same in every repo."),
)  # fmt: skip
DRIFT = (
    '"""Metrics."""\nimport statistics\n\nimport pandas as pd\n\n\n'
    "def mean(xs):\n    return pd.Series(xs).mean()\n"
)
BYPASS = '"""Arrays."""\nimport numpy as np\n'
SESSION = "SESSION-DEMO-001"
HANDOFF = (
    "pricing.py in meridian-core still imports meridian_trading (open drift, WS-TASK-001, "
    "in progress); RiskModel moves to meridian-trading after it (WS-TASK-002)."
)
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
            "pyproject.toml": f'[project]\nname = "{name}"\nversion = "0.1.0"\n'
            + (f"dependencies = {NEEDS[name]!r}\n".replace("'", '"') if name in NEEDS else ""),
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
    yield ""
    yield from _plan(db_url)
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
    pricing = "src/meridian_core/pricing.py"
    yield f"$ git commit --no-verify   # a hurried hotfix: {pricing} imports meridian_trading"
    code, output = commit(core, env, pricing, LAYERING, "Price with the engine", "--no-verify")
    yield output
    yield "$ wsguard scan   # what CI runs: the committed state, every repository"
    yield _scan(root, env)
    yield from _state(db_url, "Now the repository contains drift: open, with its cross-repo issue")
    yield ""
    yield "$ git commit   # arrays.py rewritten without numpy"
    code, output = commit(core, env, bypass, '"""Arrays."""\n', "Arrays without numpy")
    yield output or "(no findings)"
    yield ""
    yield from _state(db_url, "After the fix (the layering violation waits for WS-TASK-001)")
    yield ""
    yield from _wrap_up(db_url)
    yield ""
    yield "See it all, with the architecture map:"
    yield f"  wsguard --workspace {root} report --format html -o report.html"
    yield f"  wsguard --workspace {root} report --format svg -o map.svg"
    yield "Try it yourself:"
    yield f"  cd {core}"
    yield "  echo 'import numpy' > src/meridian_core/x.py && git add -A && git commit -m x"
    yield f"  wsguard --workspace {root} report"
    yield f"  wsguard --workspace {root} scan"


def _plan(db_url: str) -> Iterator[str]:
    """The tracker's side before the story: decisions, tasks, a placement, a state, a session."""
    from wsguard.store.db import Database
    from wsguard.tracker import decisions, placements, sessions, tasks

    with Database(db_url) as db, db.session_scope() as s:
        for did, title, rationale in DECISIONS:
            decisions.add_decision(
                s, title, rationale, decision_id=did, impact="HIGH", status="accepted"
            )
            yield f"$ wsguard decision add {title!r} --id {did}   # cited by rules.yaml"
        tasks.add_task(
            s, "Invert the pricing dependency: core must not import trading",
            priority="HIGH", repos=["meridian-core"], assign="ana",
        )  # fmt: skip
        tasks.add_task(
            s, "Move RiskModel from meridian-research to meridian-trading",
            priority="MEDIUM", repos=["meridian-research", "meridian-trading"],
            depends_on=["WS-TASK-001"],
        )  # fmt: skip
        tasks.add_task(
            s, "Pin the same SQLAlchemy in every repo (ADR-003)",
            priority="LOW", repos=list(REPOS),
        )  # fmt: skip
        yield "$ wsguard task add 'Invert the pricing dependency…' --priority HIGH   # WS-TASK-001"
        yield "$ wsguard task add 'Move RiskModel…' --depends-on WS-TASK-001         # WS-TASK-002"
        yield "$ wsguard task add 'Pin the same SQLAlchemy in every repo (ADR-003)'  # WS-TASK-003"
        placements.set_placement(s, "TradingLearningEngine", "meridian-trading", decision="ADR-002")
        placements.set_state(s, "RiskModel", "meridian-research", "meridian-trading")
        yield "$ wsguard placement set TradingLearningEngine --repo meridian-trading"
        yield "$ wsguard state set RiskModel --current meridian-research --target meridian-trading"
        sessions.start_session(s, "ana", "claude", session_id=SESSION)
        sessions.log_activity(
            s, SESSION, "Reviewed ADR-001 against meridian-core", activity_type="review"
        )
        yield f"$ wsguard session start --user ana --assistant claude   # {SESSION}"


def _wrap_up(db_url: str) -> Iterator[str]:
    from wsguard.store.db import Database
    from wsguard.tracker import sessions, tasks

    with Database(db_url) as db, db.session_scope() as s:
        sessions.log_activity(
            s, SESSION, "Rewrote metrics and arrays without data-science imports",
            activity_type="code", files=["src/meridian_core/metrics.py",
                                         "src/meridian_core/arrays.py"],
        )  # fmt: skip
        sessions.log_activity(
            s, SESSION, "Found pricing.py importing meridian_trading; filed WS-TASK-001",
            activity_type="finding", files=["src/meridian_core/pricing.py"],
        )  # fmt: skip
        tasks.transition(s, "WS-TASK-001", "start")
        sessions.end_session(s, SESSION, handoff=HANDOFF)
    yield "$ wsguard task start WS-TASK-001"
    yield f"$ wsguard session end --handoff {HANDOFF!r}"


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
