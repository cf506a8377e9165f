"""The console entry point, and the check that every commit runs.

``wsguard check`` with no option (bare, or followed by file names) is what the
installed git hooks and the pre-commit framework run on each commit. That
invocation is dispatched here without the command-line parser: click and the
command registry would add ~35 ms of imports to a hook whose whole budget is
~80 ms. The post-commit hook's ``hook post-commit`` is dispatched the same way.
Everything else goes through :mod:`wsguard.cli`. The click ``check`` command and
the hook share :func:`run_check`, so they cannot drift apart.
"""

from __future__ import annotations

import sys

from wsguard.errors import WsguardError, debugging, internal_error, printable

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only
    from collections.abc import Callable
    from typing import Protocol, TypeAlias

    class Decided(Protocol):
        """A light path's answer: what to print, the exit code."""

        text: str
        code: int

    # ``check --all-files``'s options: format, record, strict, cache
    FullCheck: TypeAlias = tuple[str, bool, bool, bool]


def _end_if_decided(decide: Callable[[], Decided | None]) -> None:
    """Ends the process when a light path decided the check and recorded it: the
    clean-commit gate, or a full scan replayed from its memo; ``decide`` returns
    None when the full check must run."""
    import os

    try:
        decided = decide()
    except Exception:
        if debugging():
            raise
        return  # the full check decides, and reports any problem it meets
    if decided is None:
        return
    _write(decided.text)
    sys.stderr.flush()
    # Exit without tearing the interpreter down (~6 ms) and without closing the
    # database: closing the last connection checkpoints the WAL into the database
    # and deletes it (two fsyncs, and two more to create it again at the next
    # commit). The transaction is committed; to SQLite this is a process that ended
    # after COMMIT, which WAL mode is made for. The next writer finds the WAL, and
    # its periodic checkpoint (or any command that closes normally) folds it in.
    os._exit(decided.code)


def _check(files: tuple[str, ...] = (), full: FullCheck | None = None) -> int:
    """``check [FILES]`` (the hooks) or ``check --all-files`` (CI), without click."""
    fmt, record, strict, cache = full or ("text", True, False, True)
    if full is None:
        from wsguard.gate import clean_commit

        _end_if_decided(lambda: clean_commit(None, files))  # the hook has no global options
    elif record and cache:
        from wsguard.warm import replay

        _end_if_decided(lambda: replay(fmt, strict=strict))
    from wsguard.check import run_check, target_from
    from wsguard.workspace import Options

    try:
        target = target_from(files, full is not None, None, None)
        text, code = run_check(
            Options(), target, fmt=fmt, record=record, strict=strict, cache=cache
        )
    except WsguardError as exc:
        sys.stderr.write(f"Error: {printable(exc.message)}\n")
        return exc.exit_code
    except Exception as exc:  # the same last resort as main() below
        if debugging():
            raise
        sys.stderr.write(internal_error(exc))
        return 2
    _write(text)
    return code


_FLAGS = ("--all-files", "--no-record", "--strict", "--no-cache")


def full_check(args: list[str]) -> FullCheck | None:
    """``check --all-files`` with only ``--format F``, ``--no-record``, ``--strict`` and
    ``--no-cache`` (each at most once), as (format, record, strict, cache); else None."""
    if args[:1] != ["check"]:
        return None
    from wsguard.output import FORMATS

    seen: set[str] = set()
    fmt = "text"
    rest = args[1:]
    while rest:
        arg, rest = rest[0], rest[1:]
        if arg == "--format" and rest:
            arg, fmt, rest = "--format", rest[0], rest[1:]
        elif arg.startswith("--format="):
            arg, fmt = "--format", arg.removeprefix("--format=")
        elif arg not in _FLAGS:
            return None  # a file, another option: click parses it
        if arg in seen or fmt not in FORMATS:
            return None  # click says what is wrong
        seen.add(arg)
    if "--all-files" not in seen:
        return None
    return fmt, "--no-record" not in seen, "--strict" in seen, "--no-cache" not in seen


def _post_commit() -> int:
    """The post-commit hook: never fails a commit, whatever happens."""
    import os

    from wsguard.postcommit import log_head_commit

    try:
        sid = log_head_commit(None, os.getcwd())  # the hook has no global options
    except Exception:
        if os.environ.get("WSGUARD_DEBUG"):
            raise
        return 0
    if sid:
        _write(f"logged in {sid}\n")
        return 0
    sys.stdout.flush()
    os._exit(0)  # nothing was opened that needs closing: skip the interpreter's teardown


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except UnicodeEncodeError:  # a terminal that cannot show ✓/✗: never fail a commit on it
        sys.stdout.buffer.write(text.encode(sys.stdout.encoding or "ascii", "replace"))
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    """``wsguard``: the hooks' ``check [FILES...]`` directly, anything else through click."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["check"] and not any(a.startswith("-") for a in args[1:]):
        sys.exit(_check(tuple(args[1:])))
    full = full_check(args)
    if full is not None:  # CI's full scan: no click either
        sys.exit(_check(full=full))
    if args == ["hook", "post-commit"]:  # after every commit: as light as the check
        sys.exit(_post_commit())
    from wsguard.cli import cli

    try:
        cli.main(args=argv, prog_name="wsguard")
    except Exception as exc:  # last resort; WsguardError is rendered inside the click group
        if debugging():
            raise
        sys.stderr.write(internal_error(exc))
        sys.exit(2)
