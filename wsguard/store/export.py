"""Database → JSON files: one file per entity, deterministic to the byte.

Records are sorted by id, keys sorted, 2-space indent, a final newline; export
twice with no change in between and the files are identical.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from wsguard.store.boundary import finite
from wsguard.store.entities import ENTITIES
from wsguard.store.fields import Entity, JSONDict, ListField, Row, row_to_record
from wsguard.store.models import FileHeader, metadata
from wsguard.store.reader import SCHEMA_VERSION

EXPORT_SCHEMA_VERSION = SCHEMA_VERSION


def _table(name: str) -> Table:
    return metadata.tables[name]


def _list_values(
    session: Session, spec: ListField, owners: Collection[Any] | None = None
) -> dict[Any, list[Any]]:
    table = _table(spec.table)
    query = select(table.c[spec.owner], table.c[spec.value])
    if owners is not None:
        query = query.where(table.c[spec.owner].in_(owners))
    if spec.role is not None:
        query = query.where(table.c[spec.role[0]] == spec.role[1])
    found: dict[Any, list[Any]] = {}
    for owner_id, value in session.execute(query):
        found.setdefault(owner_id, []).append(value)
    return found


def _rows(
    session: Session, table: Table, column: str, ids: Collection[Any] | None
) -> list[JSONDict]:
    query = select(table).order_by(*table.primary_key.columns)
    if ids is not None:
        query = query.where(table.c[column].in_(ids))
    result = session.execute(query)
    return [dict(r._mapping) for r in result]


def load_rows(
    session: Session, entity: Entity, ids: Collection[Any] | None = None
) -> dict[Any, Row]:
    """The rows of ``entity`` (all, or those of ``ids``) with lists and children, by id."""
    table = _table(entity.table)
    lists = {spec.key: _list_values(session, spec, ids) for spec in entity.lists}
    children: dict[str, dict[Any, list[Row]]] = {}
    for child in entity.children:
        child_table = _table(child.table)
        child_values = _rows(session, child_table, child.owner, ids)
        child_ids = [values["id"] for values in child_values] if ids is not None else None
        child_lists = {s.key: _list_values(session, s, child_ids) for s in child.lists}
        grouped: dict[Any, list[Row]] = {}
        for values in child_values:
            row = Row(
                values=values,
                lists={k: v.get(values["id"], []) for k, v in child_lists.items()},
                children={},
                extra=values.pop("extra") or {},
            )
            grouped.setdefault(values[child.owner], []).append(row)
        children[child.key] = grouped
    rows: dict[Any, Row] = {}
    for values in _rows(session, table, entity.id_column, ids):
        key = values[entity.id_column]
        rows[key] = Row(
            values=values,
            lists={k: v.get(key, []) for k, v in lists.items()},
            children={k: v.get(key, []) for k, v in children.items()},
            extra=values.pop("extra") or {},
        )
    return rows


def entity_records(
    session: Session, entity: Entity, ids: Collection[Any] | None = None
) -> list[JSONDict]:
    """Records of ``entity`` as export writes them, sorted by id."""
    rows = load_rows(session, entity, ids)
    return [row_to_record(entity, rows[key]) for key in sorted(rows)]


def export_records(session: Session) -> dict[str, list[JSONDict]]:
    """Every entity's records, keyed by export file name."""
    return {entity.file: entity_records(session, entity) for entity in ENTITIES}


def render(entity: Entity, records: list[JSONDict], header: JSONDict | None = None) -> str:
    """The exact text of one export file; ``header`` is what an imported file held beside
    its records (a ``last_updated``), written back as it was."""
    document = {
        **(header or {}),
        "schema_version": EXPORT_SCHEMA_VERSION,
        entity.wrapper: records,
    }
    options: dict[str, Any] = {"indent": 2, "sort_keys": True, "ensure_ascii": False}
    try:
        text = json.dumps(document, allow_nan=False, **options)
    except ValueError:
        # A NaN or infinite float (kept before imports refused them) has no JSON form:
        # written as null, so that every JSON parser reads the file.
        text = json.dumps(finite(document), allow_nan=False, **options)
    return text + "\n"


def write_files(session: Session, folder: Path) -> list[Path]:
    """Write every entity's file into ``folder`` (a staging folder: see ``transfer``)."""
    written = []
    for entity in ENTITIES:
        path = folder / entity.file
        stored = session.get(FileHeader, entity.file)
        text = render(entity, entity_records(session, entity), stored.extra if stored else None)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written
