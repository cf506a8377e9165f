"""JSON files → a validated import plan: nothing is written until every file passes.

Records are upserted by id. A plan lists, per file, what would be added,
changed and deleted; records missing from the files are deleted only with
``prune``, and never when a file holds fewer than half the records the
database has for it unless ``force`` is given (a shrink guard against a
truncated or half-written export).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Integer, String
from sqlalchemy.orm import Session

from wsguard.errors import ImportDataError
from wsguard.store.entities import BY_NAME, ENTITIES
from wsguard.store.export import load_rows
from wsguard.store.fields import (
    Child,
    Entity,
    JSONDict,
    Problem,
    Row,
    record_to_row,
    row_to_record,
)
from wsguard.store.models.base import Base
from wsguard.store.models.headers import FileHeader

MAX_PROBLEMS_SHOWN = 20


class Source(NamedTuple):
    """The raw records of one entity, the file they came from (for messages), and what
    else that file held at its top level (kept and written back on export)."""

    label: str
    records: list[JSONDict]
    header: JSONDict | None = None


class FileChanges(NamedTuple):
    entity: str
    file: str
    total: int  # records in the file
    added: tuple[Any, ...]
    changed: tuple[Any, ...]
    unchanged: tuple[Any, ...]
    deleted: tuple[Any, ...]


class ImportPlan(NamedTuple):
    rows: dict[str, dict[Any, Row]]  # entity name -> id -> row, for every file read
    files: tuple[FileChanges, ...]
    headers: dict[str, JSONDict] | None = None  # export file -> its new top-level keys

    @property
    def empty(self) -> bool:
        return not self.headers and not any(f.added or f.changed or f.deleted for f in self.files)


def records_of(label: str, data: Any, wrapper: str) -> list[JSONDict]:
    """A file holds a list of records, or an object with the list under ``wrapper``."""
    if isinstance(data, dict):
        if wrapper not in data:
            raise ImportDataError(f"{label}: expected a list, or an object with a {wrapper!r} list")
        data = data[wrapper]
    if not isinstance(data, list):
        raise ImportDataError(f"{label}: the {wrapper!r} records must be a list")
    for n, record in enumerate(data):
        if not isinstance(record, dict):
            raise ImportDataError(f"{label}: record #{n + 1} is not an object")
    return data


def header_of(data: Any, wrapper: str) -> JSONDict:
    """The top-level keys of a file beside its records and the export's own ``schema_version``."""
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k not in (wrapper, "schema_version")}


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportDataError(f"{path.name}: not valid JSON ({exc})") from None
    except UnicodeDecodeError as exc:
        raise ImportDataError(
            f"{path.name}: not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
    except RecursionError:
        raise ImportDataError(f"{path.name}: JSON nested too deeply to be an export") from None
    except OSError as exc:
        raise ImportDataError(f"{path}: cannot read it ({exc.strerror})") from None


def read_folder(folder: Path) -> dict[str, Source]:
    """The export files present in ``folder``, by entity name."""
    if not folder.is_dir():
        raise ImportDataError(f"import folder not found: {folder}")
    found = {}
    for entity in ENTITIES:
        path = folder / entity.file
        if path.is_file():
            data = read_json(path)
            found[entity.name] = Source(
                entity.file,
                records_of(entity.file, data, entity.wrapper),
                header_of(data, entity.wrapper),
            )
    if not found:
        names = ", ".join(e.file for e in ENTITIES[:4])
        raise ImportDataError(f"no export files in {folder} (expected {names}, …)")
    return found


def _label(record: JSONDict, entity: Entity, n: int) -> str:
    value = record.get(entity.id_key)
    return repr(value) if value is not None else f"#{n + 1} (no {entity.id_key})"


def _parse(entity: Entity, source: Source, problems: list[str]) -> dict[Any, Row]:
    rows: dict[Any, Row] = {}
    for n, record in enumerate(source.records):
        where = f"{source.label}: record {_label(record, entity, n)}"
        key = record.get(entity.id_key)
        id_ok = (
            isinstance(key, int) and not isinstance(key, bool)
            if entity.id_kind == "int"
            else isinstance(key, str) and key != ""
        )
        if not id_ok:
            kind = "an integer" if entity.id_kind == "int" else "a non-empty string"
            problems.append(f"{where}: field {entity.id_key!r}: must be {kind}")
            continue
        if key in rows:
            problems.append(f"{where}: field {entity.id_key!r}: duplicate id")
            continue
        try:
            rows[key] = record_to_row(entity, record)
            _check_widths(entity, rows[key])
        except Problem as exc:
            problems.append(f"{where}: field {exc.field!r}: {exc.message}")
    return rows


INT_RANGE = (-(2**63), 2**63 - 1)


def _check_widths(entity: Entity | Child, row: Row) -> None:
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
        elif (
            isinstance(value, int)
            and isinstance(column_type, Integer)
            and not INT_RANGE[0] <= value <= INT_RANGE[1]
        ):
            raise Problem(_key_of(entity, name), "is out of the 64-bit integer range")
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
                    _check_widths(child, child_row)
                except Problem as exc:
                    raise Problem(f"{child.key}[{n}].{exc.field}", exc.message) from None


def _key_of(entity: Entity | Child, column: str) -> str:
    if isinstance(entity, Entity) and column == entity.id_column:
        return entity.id_key
    return next((f.key for f in entity.fields if f.column == column), column)


def _check_refs(
    entity: Entity,
    label: str,
    rows: dict[Any, Row],
    ids: dict[str, set[Any]],
    problems: list[str],
) -> None:
    for key, row in rows.items():
        where = f"{label}: record {key!r}"
        for field in entity.fields:
            value = row.values.get(field.column)
            if field.ref and not field.soft and value is not None and value not in ids[field.ref]:
                problems.append(f"{where}: field {field.key!r}: no {field.ref} record {value!r}")
        for spec in entity.lists:
            for value in row.lists[spec.key]:
                if spec.ref and value not in ids[spec.ref]:
                    problems.append(f"{where}: field {spec.key!r}: no {spec.ref} record {value!r}")
                elif spec.ref == entity.name and value == key:
                    problems.append(f"{where}: field {spec.key!r}: refers to itself")


def _check_cycles(entity: Entity, label: str, rows: dict[Any, Row], problems: list[str]) -> None:
    """A list referring to its own entity (task dependencies) must not close a cycle,
    as ``task dep add`` refuses one; ``rows`` is the database's state after the import."""
    for spec in entity.lists:
        if spec.ref != entity.name:
            continue
        edges = {key: row.lists.get(spec.key, []) for key, row in rows.items()}
        state: dict[Any, int] = {}  # 1 on the current path, 2 done
        for start in sorted(edges, key=str):
            if state.get(start):
                continue
            path, stack = [start], [iter(edges[start])]
            state[start] = 1
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    state[path.pop()] = 2
                    stack.pop()
                elif state.get(nxt) == 1:
                    cycle = " -> ".join(str(k) for k in [*path[path.index(nxt) :], nxt])
                    problems.append(f"{label}: field {spec.key!r}: a cycle: {cycle}")
                    return
                elif not state.get(nxt) and nxt in edges:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(edges[nxt]))


def refuse(problems: list[str]) -> ImportDataError:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    tail = [f"… and {more} more"] if more else []
    lines = "\n".join(f"  {p}" for p in [*shown, *tail])
    return ImportDataError(f"import refused, nothing was written:\n{lines}")


def plan_import(
    session: Session, sources: dict[str, Source], *, prune: bool = False, force: bool = False
) -> ImportPlan:
    """Validate every source against the others and the database; raise if anything is off."""
    problems: list[str] = []
    incoming = {name: _parse(BY_NAME[name], src, problems) for name, src in sources.items()}
    current = {e.name: load_rows(session, e) for e in ENTITIES}
    ids: dict[str, set[Any]] = {}
    for entity in ENTITIES:
        kept = set() if prune and entity.name in incoming else set(current[entity.name])
        # Every id in the files, the refused records' too: a refused record is reported
        # once, at its cause, not again by every record that refers to it.
        given = sources[entity.name].records if entity.name in sources else []
        ids[entity.name] = kept | {
            r.get(entity.id_key) for r in given if isinstance(r.get(entity.id_key), (str, int))
        }
    for name, rows in incoming.items():
        _check_refs(BY_NAME[name], sources[name].label, rows, ids, problems)
        _check_cycles(BY_NAME[name], sources[name].label, {**current[name], **rows}, problems)
    if problems:
        raise refuse(problems)

    files = []
    for name, rows in incoming.items():
        entity, label, before = BY_NAME[name], sources[name].label, current[name]
        added, changed, unchanged = [], [], []
        for key, row in rows.items():
            if key not in before:
                added.append(key)
            elif row_to_record(entity, before[key]) != row_to_record(entity, row):
                changed.append(key)
            else:
                unchanged.append(key)
        deleted = sorted(set(before) - set(rows)) if prune else []
        if deleted and len(rows) * 2 < len(before) and not force:
            problems.append(
                f"{label}: holds {len(rows)} records, the database {len(before)}: "
                "refusing to prune more than half of them (pass --force if you mean it)"
            )
        files.append(
            FileChanges(
                name,
                label,
                len(rows),
                *(tuple(sorted(x)) for x in (added, changed, unchanged, deleted)),
            )
        )
    if problems:
        raise refuse(problems)
    headers = {}
    for name, src in sources.items():
        file = BY_NAME[name].file
        stored = session.get(FileHeader, file)
        header = src.header or {}
        if (stored.extra if stored is not None else {}) != header:
            headers[file] = header
    return ImportPlan(incoming, tuple(files), headers)
