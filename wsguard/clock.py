"""The one clock: naive UTC, as the database stores every moment and export writes it."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Now, in UTC without a time zone, to the microsecond."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def now() -> datetime:
    """Now, in UTC without a time zone, to the second: what tracker records carry."""
    return utcnow().replace(microsecond=0)
