"""The one family of errors wsguard raises; the CLI renders them once.

Library code raises these with a message that says what to do next; it never
prints or exits. ``exit_code`` follows the convention of the whole tool:
1 for "the thing you asked about is not there / was refused", 2 for usage and
configuration errors.
"""

from __future__ import annotations


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
        f"Error: internal error: {type(exc).__name__}: {exc}\n"
        "Set WSGUARD_DEBUG=1 to see the traceback, and please report it.\n"
    )


def debugging() -> bool:
    import os

    return bool(os.environ.get("WSGUARD_DEBUG"))
