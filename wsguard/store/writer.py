"""Applies a validated ``ImportPlan`` inside the caller's transaction.

Rows are written in three passes so references always point at existing rows:
every entity's own columns (in ``ENTITIES`` order), then self-references
(``late`` fields), then many-valued fields and nested children. Pruned records
are deleted last, in reverse order; foreign keys null or cascade what refers
to them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from wsguard.errors import ImportDataError
from wsguard.store.db import describe
from wsguard.store.entities import ENTITIES
from wsguard.store.fields import Child, Entity, JSONDict, ListField, Row
from wsguard.store.importer import ImportPlan
from wsguard.store.models import FileHeader, metadata


def _columns(entity: Entity | Child, row: Row, *, late: bool) -> JSONDict:
    skip = {f.column for f in entity.fields if f.late} if not late else set()
    values = {k: v for k, v in row.values.items() if k not in skip}
    values["extra"] = row.extra
    return values


def _write_lists(session: Session, specs: tuple[ListField, ...], owner: Any, row: Row) -> None:
    for spec in specs:
        table = metadata.tables[spec.table]
        wipe = delete(table).where(table.c[spec.owner] == owner)
        if spec.role is not None:
            wipe = wipe.where(table.c[spec.role[0]] == spec.role[1])
        session.execute(wipe)
        values = row.lists.get(spec.key, [])
        if values:
            extra = {spec.role[0]: spec.role[1]} if spec.role else {}
            session.execute(
                insert(table), [{spec.owner: owner, spec.value: v, **extra} for v in values]
            )


def _write_children(session: Session, entity: Entity, owner: Any, row: Row) -> None:
    for child in entity.children:
        table = metadata.tables[child.table]
        session.execute(delete(table).where(table.c[child.owner] == owner))
        for item in row.children.get(child.key, []):
            values = _columns(child, item, late=True)
            values.pop("id", None)
            values[child.owner] = owner
            child_id = session.execute(
                insert(table).values(values).returning(table.c.id)
            ).scalar_one()
            _write_lists(session, child.lists, child_id, item)


def _reset_sequence(session: Session, entity: Entity) -> None:
    """PostgreSQL: explicit integer ids do not advance the serial; catch it up."""
    table = metadata.tables[entity.table]
    if session.get_bind().dialect.name != "postgresql":
        return
    top = session.scalar(select(func.max(table.c[entity.id_column])))
    session.execute(
        text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
        {"t": entity.table, "c": entity.id_column, "v": top or 1, "called": top is not None},
    )


def apply_plan(session: Session, plan: ImportPlan) -> None:
    """Write ``plan``; a database constraint failure becomes an ``ImportDataError``."""
    try:
        _apply(session, plan)
    except sa_exc.IntegrityError as exc:
        raise ImportDataError(f"import refused, nothing was written: {describe(exc)}") from None


def _apply(session: Session, plan: ImportPlan) -> None:
    for file, header in (plan.headers or {}).items():
        session.merge(FileHeader(file=file, extra=header))
    todo = {f.entity: (*f.added, *f.changed) for f in plan.files}
    new = {f.entity: set(f.added) for f in plan.files}
    for entity in ENTITIES:
        table = metadata.tables[entity.table]
        id_col = table.c[entity.id_column]
        for key in todo.get(entity.name, ()):
            values = _columns(entity, plan.rows[entity.name][key], late=False)
            if key in new[entity.name]:
                session.execute(insert(table).values(values))
            else:
                session.execute(update(table).where(id_col == key).values(values))
    for entity in ENTITIES:
        late = [f.column for f in entity.fields if f.late]
        table = metadata.tables[entity.table]
        for key in todo.get(entity.name, ()) if late else ():
            row = plan.rows[entity.name][key]
            session.execute(
                update(table)
                .where(table.c[entity.id_column] == key)
                .values({c: row.values[c] for c in late})
            )
    for entity in ENTITIES:
        for key in todo.get(entity.name, ()):
            row = plan.rows[entity.name][key]
            _write_lists(session, entity.lists, key, row)
            _write_children(session, entity, key, row)
    deleted = {f.entity: f.deleted for f in plan.files if f.deleted}
    for entity in reversed(ENTITIES):
        if entity.name in deleted:
            table = metadata.tables[entity.table]
            ids = deleted[entity.name]
            session.execute(delete(table).where(table.c[entity.id_column].in_(ids)))
    for entity in ENTITIES:
        if entity.id_kind == "int" and todo.get(entity.name):
            _reset_sequence(session, entity)
