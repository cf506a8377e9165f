"""The one family of errors wsguard raises; the CLI renders them once.

Library code raises these with a message that says what to do next; it never
prints or exits. ``exit_code`` follows the convention of the whole tool:
1 for "the thing you asked about is not there / was refused", 2 for usage and
configuration errors.
"""

from __future__ import annotations

# Patterns as text: ``re`` is imported when a message is written, not by every import
# of this module (the hook's light paths never write one); ``re`` caches what it compiles.
# Control characters (newlines, ESC…) and the Unicode line separators.
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
_CONTROL_BUT_NEWLINE = r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]"
# A line a CI runner takes for a command: GitHub's ``::add-mask::…``, the legacy ``##[…]``.
_RUNNER_COMMAND = r"\n(?=[ \t]*(?:::|##\[))"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class WsguardError(Exception):
    """Base class: a problem the user can fix, rendered as ``Error: <message>``."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(WsguardError):
    """Bad arguments or values given on the command line."""


class ConfigError(WsguardError):
    """A malformed or inconsistent rules.yaml (or other configuration)."""


class DatabaseError(WsguardError):
    """The workspace database cannot be opened, reached or written."""


class ImportDataError(WsguardError):
    """A JSON import folder that fails validation; nothing was written."""


class ExportError(WsguardError):
    """An export that could not be written (a full disk); the files there are unchanged."""


class NotFoundError(WsguardError):
    """An id that does not exist in the database."""

    exit_code = 1


class ConflictError(WsguardError):
    """A refused state change: a lost claim, a dependency cycle, a closed item."""

    exit_code = 1


def internal_error(exc: BaseException) -> str:
    """The last resort's message for a bug: never a traceback, unless ``WSGUARD_DEBUG`` asks.

    The caller re-raises when :func:`debugging` is true; otherwise it prints
    this and exits 2.
    """
    return (
        f"Error: internal error: {type(exc).__name__}: {printable(str(exc))}\n"
        "Set WSGUARD_DEBUG=1 to see the traceback, and please report it.\n"
    )


def debugging() -> bool:
    import os

    return bool(os.environ.get("WSGUARD_DEBUG"))


def _escape_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` fit for one line of output: control characters (newlines, ESC…) made
    visible as escapes. For every user-controlled string in a one-line message: a rule
    id, a key, a pattern, a path, a title."""
    if text.isprintable():  # the common case, in C: nothing to escape
        return text
    import re

    return re.sub(_CONTROL, lambda m: _escape_char(m.group()), text)


def printable(text: str) -> str:
    """A message of one or more lines as it may be printed, also into a CI log: control
    characters but the newline made visible, and no line that a CI runner would execute
    as a workflow command (GitHub Actions runs ``::add-mask::…`` or ``::error::…`` at the
    start of any line of a job's output): such a line's newline is shown as ``\\n``."""
    if text.isprintable():  # one line with nothing to escape: the common case, in C
        return text
    import re

    text = re.sub(_CONTROL_BUT_NEWLINE, lambda m: _escape_char(m.group()), text)
    return re.sub(_RUNNER_COMMAND, r"\\n", text)
