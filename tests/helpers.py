"""Plain helpers for tests (fixtures live in conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def git(cwd: Path, *args: str) -> str:
    """Run a real git command in ``cwd`` and return its stdout."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def write(root: Path, rel: str, text: str) -> Path:
    """Write ``text`` to ``root/rel``, creating folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def wsguard(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m wsguard args…`` in ``cwd``, a real process, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "wsguard", *args], cwd=cwd, capture_output=True, text=True
    )
