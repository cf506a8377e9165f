"""Synthetic workspaces for the benchmarks: deterministic, realistic-looking Python.

:func:`make_workspace` builds N git repositories of M Python files each under a
workspace root with a ``rules.yaml`` holding one ``forbidden-import`` rule, plus
the same ban for the reference tools (ruff's ``banned-api`` in ``pyproject.toml``
and an import-linter ``forbidden`` contract in ``.importlinter``). A chosen share
of files import the forbidden module (module level, inside functions, under
``if TYPE_CHECKING:``, submodules, aliases); every such statement is exactly one
finding, so :attr:`Repo.expected` is the number of findings a correct checker
reports. :func:`workspace_from_tree` turns a real code tree into a one-repo
workspace the same way.

Everything is seeded: the same arguments give byte-identical files and commits.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from benchmarks import codegen

RULE_ID = "no-forbidden-module"
FIXED_DATE = "2025-01-01T12:00:00+00:00"
_SKIP_DIRS = {"__pycache__", ".git", ".mypy_cache", ".ruff_cache", ".import_linter_cache"}
_SKIP_SUFFIXES = {".pyc", ".pyo", ".so", ".pyd", ".dylib", ".dll"}


class Repo(NamedTuple):
    """One generated repository."""

    name: str
    path: Path
    package: str | None  # top-level package under src/, None for a tree that is not one
    files: tuple[str, ...]  # repo-relative paths of its Python files
    expected: int | None  # findings a correct checker reports; None for a real tree

    @property
    def src(self) -> Path:
        return self.path / "src"


class Workspace(NamedTuple):
    root: Path
    module: str
    repos: tuple[Repo, ...]

    @property
    def rules(self) -> Path:
        return self.root / "rules.yaml"

    @property
    def db(self) -> Path:
        return self.root / "workspace.db"


def git_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for git (and the tools that run it): a fixed identity and dates,
    no user or system git configuration, no wsguard or git variables leaking in."""
    env = dict(os.environ if base is None else base)
    for key in ("WSGUARD_DB", "WSGUARD_RULES", "GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE"):
        env.pop(key, None)
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Bench Marker",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench Marker",
        GIT_COMMITTER_EMAIL="bench@example.com",
        GIT_AUTHOR_DATE=FIXED_DATE,
        GIT_COMMITTER_DATE=FIXED_DATE,
    )
    return env


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env=git_env(), check=True, capture_output=True, text=True
    )
    return done.stdout


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def reference_configs(repo: Path, name: str, package: str | None, module: str) -> None:
    """The same ban for ruff (TID251 banned-api) and, for a package, import-linter."""
    _write(
        repo / "pyproject.toml",
        f'[project]\nname = "{name}"\nversion = "0.1.0"\n\n'
        "[tool.ruff.lint.flake8-tidy-imports.banned-api]\n"
        f'"{module}".msg = "{module} is forbidden here"\n',
    )
    if package is None:
        return
    _write(
        repo / ".importlinter",
        f"[importlinter]\nroot_package = {package}\ninclude_external_packages = True\n\n"
        f"[importlinter:contract:forbidden]\nname = {package} must not import {module}\n"
        f"type = forbidden\nsource_modules =\n    {package}\n"
        f"forbidden_modules =\n    {module}\n",
    )


def write_rules(root: Path, repos: Mapping[str, str | None], module: str) -> None:
    lines = ["version: 1", "", "repos:"]
    for name, package in repos.items():
        lines += [f"  {name}:", f"    path: {name}", "    source_roots: [src]"]
        if package:
            lines.append(f"    packages: [{package}]")
    lines += [
        "",
        "rules:",
        f"  - id: {RULE_ID}",
        "    kind: forbidden-import",
        f"    message: {module} must not be imported in this workspace",
        "    severity: error",
        f"    modules: [{module}]",
        "    decision: ADR-001",
        "",
    ]
    _write(root / "rules.yaml", "\n".join(lines))


def _init_and_commit(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "initial import")


def make_repo(
    path: Path,
    files: int,
    share: float,
    *,
    seed: int = 0,
    module: str = "pandas",
    per_file: int = 1,
) -> Repo:
    """One git repository with a package of ``files`` Python files under ``src/``.

    ``round(share * modules)`` modules (never ``__init__.py``) import ``module``,
    ``per_file`` times each.
    """
    package = path.name.replace("-", "_")
    rng = random.Random(f"{seed}:{path.name}")
    layout = codegen.layout(package, files, rng)
    bad = set(rng.sample(layout.modules, round(share * len(layout.modules))))
    expected = 0
    for rel in layout.inits:
        _write(path / "src" / rel, codegen.init_text(rel))
    for rel in layout.modules:
        count = per_file if rel in bad else 0
        text = codegen.module_text(rel, layout, rng, module=module, violations=count)
        _write(path / "src" / rel, text)
        expected += count
    _write(path / "README.md", f"# {path.name}\n\nGenerated for the wsguard benchmarks.\n")
    _write(path / "LICENSE", "MIT\n")
    reference_configs(path, path.name, package, module)
    _init_and_commit(path)
    rels = tuple(sorted(f"src/{r}" for r in (*layout.inits, *layout.modules)))
    return Repo(path.name, path, package, rels, expected)


def make_workspace(
    root: Path,
    repos: int = 3,
    files: int = 20,
    share: float = 0.1,
    *,
    seed: int = 0,
    module: str = "pandas",
    per_file: int = 1,
    prefix: str = "synth",
) -> Workspace:
    """``repos`` repositories of ``files`` Python files each, and the workspace's rules."""
    root.mkdir(parents=True, exist_ok=True)
    made = tuple(
        make_repo(
            root / f"{prefix}-{i:02d}", files, share, seed=seed, module=module, per_file=per_file
        )
        for i in range(repos)
    )
    write_rules(root, {r.name: r.package for r in made}, module)
    return Workspace(root, module, made)


def _copy_tree(tree: Path, dest: Path) -> None:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in _SKIP_DIRS or Path(n).suffix in _SKIP_SUFFIXES}

    shutil.copytree(tree, dest, ignore=ignore, symlinks=True)


def workspace_from_tree(tree: Path, root: Path, module: str) -> Workspace:
    """A one-repo workspace holding a copy of ``tree``.

    A package (a folder with ``__init__.py``) goes to ``src/<name>/`` so import-linter
    can import it; any other tree is copied as the repository itself.
    """
    tree = tree.resolve()
    name = tree.name.replace("_", "-").lower() or "tree"
    repo = root / name
    package = tree.name if (tree / "__init__.py").is_file() else None
    _copy_tree(tree, repo / "src" / tree.name if package else repo)
    reference_configs(repo, name, package, module)
    _init_and_commit(repo)
    files = tuple(
        line for line in git(repo, "ls-files", "*.py", "*.pyi").splitlines() if line.strip()
    )
    write_rules(root, {name: package}, module)
    return Workspace(root, module, (Repo(name, repo, package, files, None),))
