"""Database URLs and driver errors as they may appear in a message: pure string helpers.

Kept free of SQLAlchemy so the hook's SQLite path (``wsguard.store.sql``)
names its database exactly as ``wsguard.store.db`` does, without the import.
"""

from __future__ import annotations

import re

# The userinfo of ``scheme://user:password@host…``, parsed as SQLAlchemy's make_url does.
_PASSWORD = re.compile(r"^(?P<head>[\w+]+://[^:/]*):[^@]*@")


def masked(url: str) -> str:
    """The URL as it may appear in a message: never with its password."""
    if "://" not in url:
        return url.split("@")[-1]  # not a URL: keep nothing that could be a user's secret
    return _PASSWORD.sub(r"\g<head>:***@", url, count=1)


def first_line(exc: BaseException) -> str:
    """The first line of a driver's message, or the error's type when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
