from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import git
from wsguard.install import HOOKS, install, is_ours, uninstall


def _hooks(repo: Path) -> Path:
    return repo / ".git" / "hooks"


def test_install_is_idempotent_and_pins_the_interpreter(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    install(repo, python="/opt/my python/bin/python3")
    first = {n: (_hooks(repo) / n).read_text() for n in HOOKS}
    install(repo, python="/opt/my python/bin/python3")
    assert {n: (_hooks(repo) / n).read_text() for n in HOOKS} == first
    text = first["pre-commit"]
    assert "WSGUARD_PYTHON=${WSGUARD_PYTHON:-'/opt/my python/bin/python3'}" in text
    for name in HOOKS:
        assert os.access(_hooks(repo) / name, os.X_OK)
        assert not (_hooks(repo) / f"{name}.wsguard-orig").exists()


def test_existing_hook_is_kept_and_restored(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    hook = _hooks(repo) / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho team hook\n")
    hook.chmod(0o755)
    install(repo)
    assert is_ours(hook)
    assert (_hooks(repo) / "pre-commit.wsguard-orig").read_text() == "#!/bin/sh\necho team hook\n"
    install(repo)  # again: the kept hook is not overwritten by ours
    assert "team hook" in (_hooks(repo) / "pre-commit.wsguard-orig").read_text()
    uninstall(repo)
    assert hook.read_text() == "#!/bin/sh\necho team hook\n"
    assert not (_hooks(repo) / "post-commit").exists()
    assert not (_hooks(repo) / "pre-commit.wsguard-orig").exists()


def test_core_hooks_path_is_honoured(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    git(repo, "config", "core.hooksPath", ".githooks")
    install(repo)
    assert is_ours(repo / ".githooks" / "pre-commit")
    assert not (_hooks(repo) / "pre-commit").exists()
