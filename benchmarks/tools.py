"""The programs the suite times, and the environment they run in."""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import venv
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple, TypeVar

from benchmarks import synth
from benchmarks.synth import git_env
from benchmarks.timing import Command

T = TypeVar("T")

# What the installed git hooks run (hooks/pre-commit, hooks/post-commit).
HOOK_CODE = "from wsguard.entry import main; main()"


class Tools(NamedTuple):
    python: str  # an interpreter as a user's install has it (see :func:`installed_python`)
    ruff: str | None
    lint_imports: str | None
    env: Mapping[str, str]
    no_cache: bool  # does ``wsguard check`` take --no-cache yet?
    bytecode: str  # what was done so no timed process compiles wsguard from source
    interpreter: str  # how ``python`` was made

    def wsguard(self, *args: str) -> list[str]:
        return [self.python, "-m", "wsguard", *args]

    def hook(self, *args: str) -> list[str]:
        """The command line the installed hooks run: ``python -c …`` (no runpy)."""
        return [self.python, "-c", HOOK_CODE, *args]


def in_work(work: Path | None, prefix: str, body: Callable[[Path], T]) -> T:
    """``body(folder)`` in ``--work`` (kept) or in a temporary folder (removed after)."""
    if work:
        work.mkdir(parents=True, exist_ok=True)
        return body(work.resolve())
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        return body(Path(tmp).resolve())


def _beside_python(name: str) -> str | None:
    here = Path(sys.executable).with_name(name)
    return str(here) if here.exists() else shutil.which(name)


def package_dir(name: str) -> Path | None:
    """Where an installed package's sources are, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def compile_wsguard(python: str) -> str:
    """Byte-compile wsguard so timed processes load .pyc files, as an installed copy would.

    PYTHONDONTWRITEBYTECODE=1 (set in this environment) stops Python writing them,
    so without this every run would compile wsguard's sources again.
    """
    folder = package_dir("wsguard")
    if folder is None:
        raise SystemExit("wsguard is not installed: pip install -e '.[dev]' first")
    subprocess.run([python, "-m", "compileall", "-q", str(folder)], check=True)
    count = sum(1 for _ in folder.rglob("*.py"))
    flag = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "unset"
    return (
        f"bytecode: `python -m compileall -q {folder}` ({count} modules) before timing; "
        f"dependencies were byte-compiled by pip; PYTHONDONTWRITEBYTECODE {flag} here, "
        "unset for the timed processes (one untimed warm-up run each)"
    )


def installed_python(folder: Path) -> tuple[str, str | None, str]:
    """A Python that loads wsguard as a user's regular install does, and lint-imports
    beside it: ``(python, lint_imports, description)``.

    The development install here is editable, and setuptools' editable finder runs at
    every interpreter start (it imports pathlib, re and more: ~13 ms of every process,
    wsguard's and lint-imports' alike). Users run a wheel install (pip, pre-commit's
    own environment). So the timed processes run a venv whose one ``.pth`` file puts
    this checkout and the development environment's site-packages on ``sys.path``:
    the same modules, found as an installed copy is, with no finder. lint-imports gets
    the console script pip wrote for it, with this venv's interpreter.
    """
    venv.EnvBuilder(clear=True, with_pip=False, symlinks=os.name != "nt").create(folder)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    checkout = Path(__file__).resolve().parent.parent
    deps = sysconfig.get_paths()["purelib"]
    Path(site, "wsguard-bench.pth").write_text(f"{checkout}\n{deps}\n", encoding="utf-8")
    lint = _beside_python("lint-imports")
    ours = None
    if lint is not None:
        script = Path(lint).read_text(encoding="utf-8").split("\n", 1)[1]
        ours = str(python.with_name("lint-imports"))
        Path(ours).write_text(f"#!{python}\n{script}", encoding="utf-8")
        os.chmod(ours, 0o755)
    described = (
        f"interpreter: a venv at {folder} whose .pth puts this checkout and {deps} on "
        "sys.path, as a regular install has them (the editable install's finder would add "
        "~13 ms to every process); lint-imports through its own console script there"
    )
    return str(python), ours, described


def find_tools(work: Path) -> Tools:
    python, lint_imports, interpreter = installed_python(work / "python")
    bytecode = compile_wsguard(python)
    # Time what users run: their Python writes .pyc files (wsguard's included) the first
    # time and loads them after. This environment sets PYTHONDONTWRITEBYTECODE=1; the
    # timed processes run without it, and each command's untimed warm-up compiles.
    env = {k: v for k, v in git_env().items() if k != "PYTHONDONTWRITEBYTECODE"}
    help_text = subprocess.run(
        [python, "-m", "wsguard", "check", "--help"], env=env, capture_output=True, text=True
    ).stdout
    return Tools(
        python,
        _beside_python("ruff"),
        lint_imports,
        env,
        "--no-cache" in help_text,
        bytecode,
        interpreter,
    )


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except OSError:
        return "?"
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"


def load_average() -> str:
    """Other processes' load skews every column; say how busy the machine was."""
    one, five, _ = os.getloadavg()
    return f"load average: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def load_1min() -> float:
    return os.getloadavg()[0]


def progress(text: str) -> None:
    print(f"  {text}…", file=sys.stderr, flush=True)


def lint_imports(
    tools: Tools,
    repo: synth.Repo,
    before: Callable[[int], None] | None = None,
    cold: bool = False,
) -> dict[str, Command]:
    """``{"lint-imports": Command}`` on ``repo``'s package (a forbidden contract, the
    package on ``PYTHONPATH``), ``before`` each run; empty without the tool or a package."""
    if not tools.lint_imports or not repo.package:
        return {}
    env = {**tools.env, "PYTHONPATH": str(repo.src)}
    argv = [tools.lint_imports, "--no-logo"] + (["--no-cache"] if cold else [])
    ok = frozenset({0, 1})
    if before is None:
        return {"lint-imports": Command(argv, repo.path, env, ok=ok)}
    return {"lint-imports": Command(argv, repo.path, env, before, ok)}


def describe(tools: Tools) -> list[str]:
    """Lines saying what was measured with what, for the top of the output."""
    repo = Path(__file__).resolve().parent.parent
    commit = _version(["git", "-C", str(repo), "describe", "--always", "--dirty"])
    ruff = _version([tools.ruff, "--version"]) if tools.ruff else "ruff not installed"
    li = _version([tools.lint_imports, "--version"]).split()[-1] if tools.lint_imports else ""
    return [
        f"wsguard {commit} · Python {platform.python_version()} · {os.cpu_count()} cores · "
        f"{_version(['git', '--version'])} · {ruff} · "
        + (f"lint-imports {li}" if li else "lint-imports not installed"),
        load_average(),
        tools.interpreter,
        tools.bytecode,
        f"wsguard check --no-cache: {'available' if tools.no_cache else 'not available yet'}",
    ]
