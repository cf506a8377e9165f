"""The console entry point, and the check that every commit runs.

``wsguard check`` with no further argument is what the installed git hooks and
the pre-commit framework run on each commit. That one invocation is dispatched
here without the command-line parser: click and the command registry would add
~35 ms of imports to a hook whose whole budget is ~80 ms. Everything else goes
through :mod:`wsguard.cli`. The click ``check`` command and the hook share
:func:`run_check`, so they cannot drift apart.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from wsguard import check as checking
from wsguard import git
from wsguard.errors import UsageError, WsguardError
from wsguard.workspace import Options

FORMATS = ("text", "json", "sarif", "junit", "github")


def target_from(
    files: tuple[str, ...], all_files: bool, from_ref: str | None, to_ref: str | None
) -> checking.Target:
    """What ``check`` looks at, from its arguments (and pre-commit's range variables)."""
    if from_ref is None and to_ref is None and not files and not all_files:
        # pre-commit sets these for pre-push and manual stages.
        from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") or None
    modes = sum([bool(files), all_files, bool(from_ref or to_ref)])
    if modes > 1:
        raise UsageError("give FILES, --all-files, or --from-ref/--to-ref: only one of them")
    if from_ref or to_ref:
        if not (from_ref and to_ref):
            raise UsageError("--from-ref and --to-ref go together")
        return checking.Target("range", from_ref=from_ref, to_ref=to_ref)
    if all_files:
        return checking.Target("all")
    if files:
        return checking.Target("files", files=files)
    return checking.Target("staged")


def _repo_relative(name: str, repo_root: Path) -> str:
    path = (Path.cwd() / name).resolve()
    try:
        return path.relative_to(repo_root).as_posix()
    except ValueError:
        raise UsageError(f"{name} is outside the repository {repo_root}") from None


def run_check(
    opts: Options,
    target: checking.Target,
    *,
    fmt: str = "text",
    record: bool = True,
    strict: bool = False,
    cache: bool = True,
) -> tuple[str, int]:
    """Check the repository we are in; the rendered output and the exit code."""
    from wsguard.guard import guard, load
    from wsguard.output import render

    repo_root = git.toplevel(Path.cwd())
    config, root = load(opts, repo_root)
    target = target._replace(files=tuple(_repo_relative(f, repo_root) for f in target.files))
    result = guard(
        opts, config, root, repo_root, target, record=record, strict=strict, cache=cache
    ).result
    color = fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return render(result, fmt, color=color), result.exit_code


def _hook_check() -> int:
    try:
        text, code = run_check(Options(), target_from((), False, None, None))
    except WsguardError as exc:
        sys.stderr.write(f"Error: {exc.message}\n")
        return exc.exit_code
    except Exception as exc:  # the same last resort as wsguard.cli.main
        if os.environ.get("WSGUARD_DEBUG"):
            raise
        sys.stderr.write(
            f"Error: internal error: {type(exc).__name__}: {exc}\n"
            "Set WSGUARD_DEBUG=1 to see the traceback, and please report it.\n"
        )
        return 2
    _write(text)
    return code


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except UnicodeEncodeError:  # a terminal that cannot show ✓/✗: never fail a commit on it
        sys.stdout.buffer.write(text.encode(sys.stdout.encoding or "ascii", "replace"))
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    """``wsguard``: the hook's bare ``check`` directly, anything else through click."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["check"]:
        sys.exit(_hook_check())
    from wsguard.cli import main as cli_main

    cli_main(argv)
