"""The records of one import file → rows keyed as the database keys them.

Each record is checked at the boundary (values every backend can keep, widths
and ranges of the columns), matched to the row it stands for (by id, or by its
natural key: a detection is its fingerprint, whatever number another database
gave it), and, when that row exists, read as one of:

- ``whole`` (plain import): the record is the whole record; one that leaves out
  a field the stored row has a value for would clear it, and is refused naming
  the fields;
- ``merge``: the record updates the fields it gives, the others keep theirs;
- ``replace`` (the legacy import, which guards overwrites itself): as given.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import BigInteger, Integer, String

from wsguard.store import boundary
from wsguard.store.fields import (
    WRITTEN,
    Child,
    Entity,
    JSONDict,
    Problem,
    Row,
    record_to_row,
    row_to_record,
)
from wsguard.store.models.base import Base
from wsguard.store.reader import Source

Mode = Literal["whole", "merge", "replace"]
INT32 = (-(2**31), 2**31 - 1)  # PostgreSQL's INTEGER; SQLite would keep more, then not export
INT64 = (-(2**63), 2**63 - 1)


def _label(record: JSONDict, entity: Entity, n: int) -> str:
    value = record.get(entity.id_key)
    return repr(value) if value is not None else f"#{n + 1} (no {entity.id_key})"


def _id_ok(entity: Entity, key: Any) -> bool:
    if entity.id_kind == "int":
        return isinstance(key, int) and not isinstance(key, bool)
    return isinstance(key, str) and key != ""


def parse_records(
    entity: Entity, source: Source, before: dict[Any, Row], mode: Mode, problems: list[str]
) -> dict[Any, Row]:
    """The rows of ``source`` by the database's id; every bad record is added to ``problems``."""
    rows: dict[Any, Row] = {}
    file_ids: set[Any] = set()
    natural = _natural_index(entity, before)
    naturals: set[Any] = set()
    fresh: list[tuple[str, JSONDict]] = []  # new records whose id another row holds
    for n, record in enumerate(source.records):
        where = f"{source.label}: record {_label(record, entity, n)}"
        try:
            boundary.check_record(record)
        except Problem as exc:
            problems.append(f"{where}: field {exc.field!r}: {exc.message}")
            continue
        key = record.get(entity.id_key)
        if not _id_ok(entity, key):
            kind = "an integer" if entity.id_kind == "int" else "a non-empty string"
            problems.append(f"{where}: field {entity.id_key!r}: must be {kind}")
            continue
        if key in file_ids:
            problems.append(f"{where}: field {entity.id_key!r}: duplicate id")
            continue
        file_ids.add(key)
        if entity.natural_key is not None:
            value = record.get(entity.natural_key)
            if value is not None and not isinstance(value, str):
                problems.append(f"{where}: field {entity.natural_key!r}: must be a string")
                continue
            if value is not None and value in naturals:
                problems.append(f"{where}: field {entity.natural_key!r}: duplicate")
                continue
            naturals.add(value)
            if isinstance(value, str) and value in natural:
                key = natural[value]
            elif key in before:
                fresh.append((where, record))
                continue
        _add(entity, where, key, record, before, mode, rows, problems)
    if fresh:
        top = max([*before, *file_ids, *rows], default=0)
        for n, (where, record) in enumerate(fresh, start=1):
            _add(entity, where, top + n, record, before, mode, rows, problems)
    return rows


def _natural_index(entity: Entity, before: dict[Any, Row]) -> dict[Any, Any]:
    if entity.natural_key is None:
        return {}
    column = next(f.column for f in entity.fields if f.key == entity.natural_key)
    return {row.values[column]: key for key, row in before.items()}


def _add(
    entity: Entity,
    where: str,
    key: Any,
    record: JSONDict,
    before: dict[Any, Row],
    mode: Mode,
    rows: dict[Any, Row],
    problems: list[str],
) -> None:
    old = before.get(key)
    given = {**record, entity.id_key: key}
    if old is not None and mode == "merge":
        canon = _canonical(entity, old)
        named = {canon.get(k, k) for k in record}
        stored = row_to_record(entity, old)
        given = {k: v for k, v in stored.items() if canon.get(k, k) not in named} | given
    try:
        row = record_to_row(entity, given)
        check_widths(entity, row)
    except Problem as exc:
        problems.append(f"{where}: field {exc.field!r}: {exc.message}")
        return
    if old is not None and mode == "whole":
        cleared = _cleared(entity, old, row, record)
        if cleared:
            names = ", ".join(repr(k) for k in cleared)
            problems.append(
                f"{where}: leaves out {names}, which the database holds: importing it would "
                "clear them (give the whole record as export writes it, or pass --merge to "
                "update only the fields the record gives)"
            )
            return
    rows[key] = row


def _canonical(entity: Entity, row: Row) -> dict[str, str]:
    """Every key a record may name a field by (an alias, the key the user wrote) → the
    field's own key."""
    canon = {alias: f.key for f in entity.fields for alias in f.aliases}
    written = row.extra.get(WRITTEN)
    if isinstance(written, dict):
        for key, entry in written.items():
            if isinstance(entry, list) and entry and isinstance(entry[0], str):
                canon[entry[0]] = key
    return canon


def _cleared(entity: Entity, old: Row, new: Row, record: JSONDict) -> list[str]:
    """The fields ``record`` leaves out whose stored value it would change."""
    canon = _canonical(entity, old)
    named = {canon.get(k, k) for k in record}
    possible = entity.known_keys() | {k for k in old.extra if k != WRITTEN}
    if possible <= named:  # a whole record, as export writes it: the usual case, fast
        return []
    before = {canon.get(k, k): v for k, v in row_to_record(entity, old).items()}
    after = {canon.get(k, k): v for k, v in row_to_record(entity, new).items()}
    return sorted(k for k, v in before.items() if k not in named and after.get(k) != v)


def check_widths(entity: Entity | Child, row: Row) -> None:
    """Values must fit their columns: PostgreSQL refuses what SQLite would silently keep."""
    columns = Base.metadata.tables[entity.table].c
    for name, value in row.values.items():
        column_type = columns[name].type if name in columns else None
        if isinstance(value, str) and isinstance(column_type, String) and column_type.length:
            if len(value) > column_type.length:
                key = _key_of(entity, name)
                raise Problem(
                    key, f"is {len(value)} characters long (at most {column_type.length})"
                )
        elif isinstance(value, int) and isinstance(column_type, Integer):
            low, high = INT64 if isinstance(column_type, BigInteger) else INT32
            if not low <= value <= high:
                raise Problem(_key_of(entity, name), f"{value} is out of range ({low} to {high})")
    list_specs = {spec.key: spec for spec in entity.lists}
    for key, items in row.lists.items():
        spec = list_specs[key]
        column_type = Base.metadata.tables[spec.table].c[spec.value].type
        limit = column_type.length if isinstance(column_type, String) else None
        if limit and any(len(item) > limit for item in items):
            raise Problem(key, f"holds a value over {limit} characters")
    if isinstance(entity, Entity):
        for child in entity.children:
            for n, child_row in enumerate(row.children.get(child.key, [])):
                try:
                    check_widths(child, child_row)
                except Problem as exc:
                    raise Problem(f"{child.key}[{n}].{exc.field}", exc.message) from None


def _key_of(entity: Entity | Child, column: str) -> str:
    if isinstance(entity, Entity) and column == entity.id_column:
        return entity.id_key
    return next((f.key for f in entity.fields if f.column == column), column)
