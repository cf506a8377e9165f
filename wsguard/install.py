"""Install and remove wsguard's plain git hooks, keeping whatever hook was there.

A hook already in place is renamed ``<name>.wsguard-orig`` and our script runs
it first, so installing never silently disables a team's existing hook. Both
operations are idempotent.
"""

from __future__ import annotations

import shlex
import stat
import sys
from importlib import resources
from pathlib import Path

from wsguard import git

HOOKS = ("pre-commit", "post-commit", "pre-push")
MARKER = "wsguard-hook:"
ORIG_SUFFIX = ".wsguard-orig"
_PYTHON_LINE = "WSGUARD_PYTHON=${WSGUARD_PYTHON:-python3}"


def hook_script(name: str, python: str | None = None) -> str:
    """The hook's text, pinned to the interpreter wsguard is installed in."""
    text = (resources.files("wsguard") / "hooks" / name).read_text(encoding="utf-8")
    pinned = f"WSGUARD_PYTHON=${{WSGUARD_PYTHON:-{shlex.quote(python or sys.executable)}}}"
    return text.replace(_PYTHON_LINE, pinned)


def is_ours(path: Path) -> bool:
    try:
        head = path.read_bytes()[:512]
    except OSError:
        return False
    return MARKER.encode() in head


def install(repo: Path, python: str | None = None) -> list[str]:
    """Install the hooks into ``repo`` (honouring core.hooksPath); returns what was done."""
    hooks_dir = git.git_path(repo, "hooks")
    hooks_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for name in HOOKS:
        target = hooks_dir / name
        orig = hooks_dir / (name + ORIG_SUFFIX)
        if (target.exists() or target.is_symlink()) and not is_ours(target):
            if orig.exists():
                # Two foreign hooks can't both be chained: refuse rather than lose one.
                done.append(f"{target}: left alone ({orig.name} exists already)")
                continue
            target.rename(orig)
            done.append(f"{target}: installed, previous hook kept as {orig.name}")
        else:
            done.append(f"{target}: installed")
        target.write_text(hook_script(name, python), encoding="utf-8")
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return done


def uninstall(repo: Path) -> list[str]:
    """Remove our hooks from ``repo`` and put back the ones they replaced."""
    hooks_dir = git.git_path(repo, "hooks")
    done = []
    for name in HOOKS:
        target = hooks_dir / name
        orig = hooks_dir / (name + ORIG_SUFFIX)
        if is_ours(target):
            target.unlink()
            if orig.exists() or orig.is_symlink():
                orig.rename(target)
                done.append(f"{target}: removed, previous hook restored")
            else:
                done.append(f"{target}: removed")
    return done
