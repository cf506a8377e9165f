"""Database URLs and driver errors as they may appear in a message: pure string helpers.

Kept free of SQLAlchemy so the hook's SQLite path (``wsguard.store.sql``)
names its database exactly as ``wsguard.store.db`` does, without the import.
"""

from __future__ import annotations

import re

# The userinfo of ``scheme://user:password@host…``, parsed as SQLAlchemy's make_url does.
_PASSWORD = re.compile(r"^(?P<head>[\w+]+://[^:/]*):[^@]*@")
# A secret handed over as a key=value pair: a URL's query (``?password=…&sslpassword=…``)
# or a libpq connection string (``host=h password=…``).
_SECRET_PAIR = re.compile(
    r"(?P<key>\b[\w.-]*(?:pass|pwd|secret|token)[\w.-]*\s*=\s*)(?P<value>'(?:[^'\\]|\\.)*'|[^&;\s]*)",
    re.IGNORECASE,
)


def masked(url: str) -> str:
    """The URL as it may appear in a message: never with its password, in any form."""
    if "://" not in url:
        # Not a URL: keep nothing that could be a user's secret.
        return _SECRET_PAIR.sub(r"\g<key>***", url.split("@")[-1])
    return _SECRET_PAIR.sub(r"\g<key>***", _PASSWORD.sub(r"\g<head>:***@", url, count=1))


def first_line(exc: BaseException) -> str:
    """The first line of a driver's message, or the error's type when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
