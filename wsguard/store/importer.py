"""JSON files → a validated import plan: nothing is written until every file passes.

Records are upserted by id. A plan lists, per file, what would be added,
changed and deleted; records missing from the files are deleted only with
``prune``, and never when a file holds fewer than half the records the
database has for it unless ``force`` is given (a shrink guard against a
truncated or half-written export).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from wsguard.errors import ImportDataError
from wsguard.store import boundary
from wsguard.store.entities import BY_NAME, ENTITIES
from wsguard.store.export import load_rows
from wsguard.store.fields import Entity, JSONDict, Problem, Row, row_to_record
from wsguard.store.incoming import Mode, parse_records
from wsguard.store.models.headers import FileHeader
from wsguard.store.reader import Source, header_of, read_folder, records_of

__all__ = ["FileChanges", "ImportPlan", "Source", "header_of", "read_folder", "records_of"]

MAX_PROBLEMS_SHOWN = 20


class FieldChange(NamedTuple):
    """One field of one changed record, as export writes it before and after."""

    id: Any
    key: str
    before: Any
    after: Any


class FileChanges(NamedTuple):
    entity: str
    file: str
    total: int  # records in the file
    added: tuple[Any, ...]
    changed: tuple[Any, ...]
    unchanged: tuple[Any, ...]
    deleted: tuple[Any, ...]
    fields: tuple[FieldChange, ...] = ()  # each changed field of the changed records


class ImportPlan(NamedTuple):
    rows: dict[str, dict[Any, Row]]  # entity name -> id -> row, for every file read
    files: tuple[FileChanges, ...]
    headers: dict[str, JSONDict] | None = None  # export file -> its new top-level keys

    @property
    def empty(self) -> bool:
        return not self.headers and not any(f.added or f.changed or f.deleted for f in self.files)


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


def _field_changes(key: Any, before: JSONDict, after: JSONDict) -> list[FieldChange]:
    return [
        FieldChange(key, k, before.get(k), after.get(k))
        for k in sorted(before.keys() | after.keys())
        if before.get(k) != after.get(k)
    ]


def _pruned_links(
    deleted: dict[str, set[Any]], current: dict[str, dict[Any, Row]], given: set[str]
) -> list[str]:
    """Links that pruning would clear in records of files the import does not hold: the
    database would null or drop them (a detection would lose its issue) without a word."""
    problems = []
    for entity in ENTITIES:
        if entity.name in given:
            continue  # its records were checked against what stays
        for key, row in sorted(current[entity.name].items(), key=lambda item: str(item[0])):
            links = [
                (field.key, field.ref, row.values.get(field.column))
                for field in entity.fields
                if field.ref in deleted and not field.soft
            ]
            links += [
                (spec.key, spec.ref, value)
                for spec in entity.lists
                if spec.ref in deleted
                for value in row.lists.get(spec.key, [])
            ]
            for field_key, ref, value in links:
                if ref is not None and value in deleted[ref]:
                    problems.append(
                        f"{BY_NAME[ref].file}: record {value!r}: pruning it would clear "
                        f"field {field_key!r} of {entity.file} record {key!r}, a file this "
                        "import does not hold (add that file, or import without --prune)"
                    )
    return problems


def plan_import(
    session: Session,
    sources: dict[str, Source],
    *,
    prune: bool = False,
    force: bool = False,
    mode: Mode = "whole",
) -> ImportPlan:
    """Validate every source against the others and the database; raise if anything is off.

    ``mode`` says what a record that leaves out fields of a stored one means (see
    ``incoming``): refused (``whole``), an update of the fields given (``merge``), or the
    record as given (``replace``)."""
    problems: list[str] = []
    current = {e.name: load_rows(session, e) for e in ENTITIES}
    incoming = {
        name: parse_records(BY_NAME[name], src, current[name], mode, problems)
        for name, src in sources.items()
    }
    for src in sources.values():
        try:
            boundary.check("", src.header or {})
        except Problem as exc:
            problems.append(f"{src.label}: top-level key {exc.field!r}: {exc.message}")
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
        fields: list[FieldChange] = []
        for key, row in rows.items():
            if key not in before:
                added.append(key)
                continue
            old, new = row_to_record(entity, before[key]), row_to_record(entity, row)
            if old != new:
                changed.append(key)
                fields += _field_changes(key, old, new)
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
                tuple(sorted(added)),
                tuple(sorted(changed)),
                tuple(sorted(unchanged)),
                tuple(deleted),
                tuple(sorted(fields, key=lambda c: (str(c.id), c.key))),
            )
        )
    deleted_ids = {f.entity: set(f.deleted) for f in files if f.deleted}
    if deleted_ids:
        problems += _pruned_links(deleted_ids, current, set(incoming))
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
