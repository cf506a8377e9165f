"""Fuzzing the JSON import: any record dicts give a clean ``ImportDataError`` or a
successful import, never another exception (and never a half-written import)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsguard.errors import ImportDataError
from wsguard.store.db import Database
from wsguard.store.entities import ENTITIES
from wsguard.store.fields import Entity
from wsguard.store.importer import Source
from wsguard.store.transfer import import_sources

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.integers(1, 400).map(lambda n: "W" * n),  # wider than some columns
    st.sampled_from(["2026-01-02", "2026-01-02T03:04:05", "not a date", "", "WS-TASK-001"]),
    # What SQLite keeps and PostgreSQL (or UTF-8, or UTC) refuses.
    st.sampled_from(
        [
            "a\x00b",
            "\ud800",
            2**31,
            -(2**31) - 1,
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
        ]
    ),
    st.datetimes(min_value=datetime(1, 1, 1)).map(lambda d: d.isoformat()),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _keys(entity: Entity) -> list[str]:
    keys = [entity.id_key, *(f.key for f in entity.fields), *(f.key for f in entity.lists)]
    return keys + [c.key for c in entity.children] + ["unknown_key"]


def _choices(entity: Entity) -> dict[str, list[Any]]:
    """Plausible values for a key, so that fuzzing also reaches the writer."""
    out: dict[str, list[Any]] = {entity.id_key: ["WS-TASK-001", "WS-ISSUE-001", "ADR-001", 1]}
    for f in entity.fields:
        out[f.key] = list(f.choices) or ["x", "2026-01-02T03:04:05"]
    return out


@st.composite
def sources(draw: st.DrawFn) -> dict[str, Source]:
    picked = draw(st.lists(st.sampled_from(ENTITIES), min_size=1, max_size=3, unique_by=id))
    result = {}
    for entity in picked:
        keys, choices = _keys(entity), _choices(entity)
        records = []
        for _ in range(draw(st.integers(0, 4))):
            record = {}
            for key in draw(st.lists(st.sampled_from(keys), max_size=len(keys), unique=True)):
                plausible = choices.get(key)
                if plausible and draw(st.booleans()):
                    record[key] = draw(st.sampled_from(plausible))
                else:
                    record[key] = draw(VALUES)
            records.append(record)
        result[entity.name] = Source(entity.file, records)
    return result


@pytest.fixture
def database(db_url: str) -> Database:
    """One database per test (SQLite and PostgreSQL), shared by its examples."""
    db = Database(db_url)
    yield db  # type: ignore[misc]
    db.dispose()


def _property(database: Database, data: dict[str, Source]) -> None:
    try:
        import_sources(database, data)
    except ImportDataError as exc:
        assert exc.message.strip()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=sources())
def test_import_is_clean_error_or_success(database: Database, data: dict[str, Source]) -> None:
    _property(database, data)


@pytest.mark.slow
@settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=sources())
def test_import_is_clean_error_or_success_long(database: Database, data: dict[str, Source]) -> None:
    _property(database, data)
