"""Allocating readable ids (``WS-TASK-007``, ``ADR-012``) safely with many writers.

SQLite serialises writers (``BEGIN IMMEDIATE``), so the next number is free.
On PostgreSQL two transactions can pick the same number: the loser's insert
fails on the primary key inside a savepoint, and it tries the next number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from wsguard.errors import ConflictError, UsageError
from wsguard.store.models.base import Base

ATTEMPTS = 50


def next_id(session: Session, column: InstrumentedAttribute[str], prefix: str, width: int) -> str:
    """``prefix`` followed by one more than the highest number in use, zero-padded."""
    # Every id with the prefix, not the longest few: given ids such as
    # ``WS-TASK-legacy-7`` sort above the numbered ones and would hide them.
    query = select(column).where(column.like(prefix.replace("_", r"\_") + "%", escape="\\"))
    highest = 0
    for key in session.scalars(query):
        suffix = key[len(prefix) :]
        if suffix.isdigit():
            highest = max(highest, int(suffix))
    return f"{prefix}{highest + 1:0{width}d}"


def insert_new(
    session: Session,
    column: InstrumentedAttribute[str],
    prefix: str,
    width: int,
    build: Callable[[str], Base],
) -> str:
    """Insert ``build(id)`` under the next free id and return that id."""
    for _ in range(ATTEMPTS):
        key = next_id(session, column, prefix, width)
        try:
            with session.begin_nested():
                session.add(build(key))
        except IntegrityError:
            continue
        return key
    raise ConflictError(f"could not allocate a new {prefix}NNN id: too many concurrent writers")


def insert_given(
    session: Session, model: type[Base], key: str, build: Callable[[str], Base]
) -> str:
    """Insert ``build(key)``, refusing an id that exists already."""
    check_id(key)
    if session.get(model, key) is not None:
        raise ConflictError(f"{key} already exists: choose another id, or leave --id out")
    try:
        with session.begin_nested():
            session.add(build(key))
    except IntegrityError:
        raise ConflictError(f"{key} already exists: choose another id, or leave --id out") from None
    return key


def check_id(key: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", key):
        raise UsageError(f"invalid id {key!r}: use letters, digits, '.', '_' and '-' (at most 64)")
    return key
