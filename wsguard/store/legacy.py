"""``import --legacy``: the JSON files the workspace kept before the database.

Legacy records are normalised into export records (same field names, looser
values: "done" for "completed", a string for a one-item list, a session's
nested decision objects) and then go through the ordinary import, so the same
validation and the same single transaction apply. Unknown fields are kept in
``extra`` and come back on export. A reference to something that is not there
is kept too, under ``<field>_unresolved``, and reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select

from wsguard.errors import ConflictError, ImportDataError
from wsguard.store.db import Database
from wsguard.store.entities import BY_NAME, DECISIONS, ISSUES, SESSIONS, TASKS
from wsguard.store.fields import Entity, JSONDict
from wsguard.store.importer import FileChanges, Source, read_json, records_of
from wsguard.store.models import metadata
from wsguard.store.transfer import import_sources

LEGACY = (TASKS, ISSUES, SESSIONS, DECISIONS)
_STATUS = {
    "tasks": {
        "todo": "pending",
        "open": "pending",
        "new": "pending",
        "done": "completed",
        "complete": "completed",
        "wip": "in_progress",
        "active": "in_progress",
        "started": "in_progress",
    },
    "issues": {"fixed": "resolved", "done": "resolved", "new": "open", "wontfix": "closed"},
    "decisions": {"active": "accepted", "approved": "accepted", "draft": "proposed"},
    "sessions": {"ended": "completed", "done": "completed", "open": "active"},
}
_PRIORITY = {
    "CRITICAL": "HIGH",
    "URGENT": "HIGH",
    "HIGHEST": "HIGH",
    "NORMAL": "MEDIUM",
    "MED": "MEDIUM",
    "LOWEST": "LOW",
}


class LegacyFile(NamedTuple):
    file: str
    read: int
    changes: FileChanges
    notes: tuple[str, ...]

    @property
    def accounted(self) -> bool:
        c = self.changes
        return len(c.added) + len(c.changed) + len(c.unchanged) == c.total


class LegacyReport(NamedTuple):
    files: tuple[LegacyFile, ...]
    dry_run: bool

    def lines(self) -> list[str]:
        out = []
        for f in self.files:
            c = f.changes
            out.append(
                f"{f.file}: {f.read} records read; {len(c.added)} added, {len(c.changed)} "
                f"changed, {len(c.unchanged)} unchanged"
                + (
                    f" ({c.total - f.read} more found nested in sessions)"
                    if c.total > f.read
                    else ""
                )
            )
            if c.changed:
                verb = "would overwrite" if self.dry_run else "overwrote"
                out.append(f"  {verb}: {', '.join(map(str, c.changed))}")
            out.extend(f"  {note}" for note in f.notes)
        out.append("dry run: nothing was written" if self.dry_run else "legacy import done")
        return out


def _status(entity: Entity, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    return _STATUS[entity.name].get(key, key)


def _as_list(value: Any) -> Any:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _normalise(entity: Entity, raw: JSONDict) -> JSONDict:
    record = dict(raw)
    if entity is SESSIONS and "session_id" not in record and "id" in record:
        record["session_id"] = record.pop("id")
    if isinstance(record.get(entity.id_key), int):
        record[entity.id_key] = str(record[entity.id_key])
    if "status" in record:
        record["status"] = _status(entity, record["status"])
    for key in ("priority", "impact"):
        if isinstance(record.get(key), str):
            upper = record[key].strip().upper()
            record[key] = _PRIORITY.get(upper, upper)
    for spec in entity.lists:
        if spec.key in record and entity is not SESSIONS:
            record[spec.key] = _as_list(record[spec.key])
    if entity is TASKS and isinstance(record.get("dependencies"), list):
        record["dependencies"] = [str(d) for d in record["dependencies"]]
    if entity is ISSUES and "related_task" in record and "related_task_id" not in record:
        record["related_task_id"] = record.pop("related_task")
    if entity is DECISIONS:
        if isinstance(record.get("date"), str) and len(record["date"]) > 10:
            record["date"] = record["date"][:10]
        if not record.get("title") and isinstance(record.get("decision"), str):
            record["title"] = record["decision"].strip().splitlines()[0][:120]
    if entity is SESSIONS:
        if "status" not in record:
            record["status"] = "completed" if record.get("end_time") else "active"
        record["activities"] = [_activity(a) for a in record.get("activities") or []]
    return record


def _activity(item: Any) -> Any:
    if isinstance(item, str):
        return {"type": "note", "description": item}
    if isinstance(item, dict):
        item = dict(item)
        for old, new in (("activity_type", "type"), ("time", "timestamp")):
            if old in item and new not in item:
                item[new] = item.pop(old)
        for key in ("files_created", "files_modified"):
            if key in item:
                item[key] = _as_list(item[key])
    return item


def _lift(session: JSONDict, key: str, target: Entity, found: dict[str, list[JSONDict]]) -> None:
    """A session's nested ``decisions``/``issues_found``: ids stay, objects become records."""
    ids, unlinked = [], []
    for item in session.get(key) or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            known = {r["id"] for r in found[target.name]}
            if item["id"] not in known and len(item) > 1:
                lifted = _normalise(target, item)
                if target is DECISIONS:
                    lifted.setdefault("session", session.get("session_id"))
                else:
                    lifted.setdefault("type", "other")
                    lifted.setdefault("severity", "medium")
                    lifted.setdefault("title", item.get("description") or item["id"])
                found[target.name].append(lifted)
            ids.append(item["id"])
        elif isinstance(item, str):
            ids.append(item)
        else:
            unlinked.append(item)
    session[key] = ids
    if unlinked:
        session[f"{key}_unlinked"] = unlinked


def _resolve(entity: Entity, record: JSONDict, ids: dict[str, set[str]], notes: list[str]) -> None:
    """Park references to missing records under ``<key>_unresolved`` instead of failing."""
    rid = record.get(entity.id_key)
    for field in entity.fields:
        value = record.get(field.key)
        if field.ref and value is not None and value not in ids[field.ref]:
            record[f"{field.key}_unresolved"] = record.pop(field.key)
            notes.append(f"{rid}: {field.key} {value!r} not found; kept as {field.key}_unresolved")
    for spec in entity.lists:
        values = record.get(spec.key)
        if spec.ref and isinstance(values, list):
            missing = [v for v in values if v not in ids[spec.ref]]
            if missing:
                record[spec.key] = [v for v in values if v in ids[spec.ref]]
                record[f"{spec.key}_unresolved"] = missing
                notes.append(
                    f"{rid}: {spec.key} {missing} not found; kept as {spec.key}_unresolved"
                )


def _existing_ids(database: Database) -> dict[str, set[str]]:
    with database.session_scope() as session:
        out = {}
        for entity in LEGACY:
            column = metadata.tables[entity.table].c[entity.id_column]
            out[entity.name] = set(session.scalars(select(column)))
        return out


def import_legacy(
    database: Database, folder: Path, *, dry_run: bool = False, force: bool = False
) -> LegacyReport:
    """Import the legacy files in ``folder`` in one transaction; report every record.

    A legacy record whose id is already in the database with other content would
    overwrite it: refused (nothing written) unless ``force``; the report names
    every overwritten id either way.
    """
    if not folder.is_dir():
        raise ImportDataError(f"legacy folder not found: {folder}")
    found: dict[str, list[JSONDict]] = {}
    read: dict[str, int] = {}
    for entity in LEGACY:
        path = folder / entity.file
        if path.is_file():
            raw = records_of(entity.file, read_json(path), entity.wrapper)
            found[entity.name] = [_normalise(entity, r) for r in raw]
            read[entity.name] = len(raw)
    if not found:
        raise ImportDataError(f"no legacy files in {folder} (expected {TASKS.file}, …)")
    if "sessions" in found:
        for key, target in (("decisions", DECISIONS), ("issues_found", ISSUES)):
            found.setdefault(target.name, [])
            for record in found["sessions"]:
                _lift(record, key, target, found)
    ids = _existing_ids(database)
    for name, records in found.items():
        key = BY_NAME[name].id_key
        ids[name] |= {str(r[key]) for r in records if r.get(key) is not None}
    notes: dict[str, list[str]] = {name: [] for name in found}
    for name, records in found.items():
        for record in records:
            _resolve(BY_NAME[name], record, ids, notes[name])
    sources = {e.name: Source(e.file, found[e.name]) for e in LEGACY if e.name in found}
    if not dry_run and not force:
        preview = import_sources(database, sources, dry_run=True)
        clashes = [
            f"{c.file}: {', '.join(map(str, c.changed))}" for c in preview.files if c.changed
        ]
        if clashes:
            raise ConflictError(
                "the legacy files would overwrite records already in the database with other "
                "content: " + "; ".join(clashes) + ". Check with --dry-run, then pass --force "
                "to overwrite them."
            )
    plan = import_sources(database, sources, dry_run=dry_run)
    files = tuple(
        LegacyFile(c.file, read.get(c.entity, 0), c, tuple(notes[c.entity])) for c in plan.files
    )
    return LegacyReport(files, dry_run)
