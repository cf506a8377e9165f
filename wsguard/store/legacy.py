"""``import --legacy``: the JSON files the workspace kept before the database, in the
seeds' format (../shared/seeds/) or looser.

Legacy records are normalised into export records (same field names, looser
values: "done" for "completed", a comma-separated string of repos, a session's
nested decision objects, an issue or decision without a title) and then go
through the ordinary import, so the same validation and the same single
transaction apply. Unknown fields are kept in ``extra`` and come back on
export, and so does the user's own form of a value that was reshaped
(``fields.WRITTEN``). A reference to something that is not there is kept too,
under ``<field>_unresolved``, and reported; a task's ``session_created`` and a
decision's ``session`` are kept as they are (they resolve once the session
arrives).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select

from wsguard.errors import ConflictError, ImportDataError, UsageError
from wsguard.store.db import Database
from wsguard.store.entities import (
    BY_FILE,
    BY_NAME,
    DECISIONS,
    ENTITIES,
    ISSUES,
    SESSIONS,
    TASKS,
)
from wsguard.store.fields import WRITTEN, Entity, JSONDict
from wsguard.store.importer import FileChanges
from wsguard.store.models import metadata
from wsguard.store.reader import Source, header_of, read_json, records_of
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


def _repos(record: JSONDict, key: str) -> None:
    """``"a, b"`` names two repos (a repo name holds no comma); the string is kept as written."""
    value = record.get(key)
    if isinstance(value, str) and "," in value:
        record.setdefault(WRITTEN, {})[key] = [key, value]
        record[key] = [v.strip() for v in value.split(",") if v.strip()]


def _title(record: JSONDict, *sources: str) -> None:
    """A record without a title gets the first line of its text (the seeds' issues have
    a description only, their decisions the decision's text)."""
    if isinstance(record.get("title"), str) and record["title"].strip():
        return
    for key in sources:
        text = record.get(key)
        if isinstance(text, str) and text.strip():
            record["title"] = text.strip().splitlines()[0][:120]
            return


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
    _repos(record, "repos_affected")
    if entity is TASKS and isinstance(record.get("dependencies"), list):
        record["dependencies"] = [str(d) for d in record["dependencies"]]
    if entity is ISSUES:
        if "related_task" in record and "related_task_id" not in record:
            record["related_task_id"] = record.pop("related_task")
        _title(record, "description", "action_required", "id")
    if entity is DECISIONS:
        _title(record, "decision", "rationale", "id")
    if entity is SESSIONS:
        if "status" not in record:
            record["status"] = "completed" if record.get("end_time") else "active"
        record["activities"] = [_activity(a) for a in record.get("activities") or []]
    return record


def _activity(item: Any) -> Any:
    if isinstance(item, str):
        return {"type": "note", "description": item}
    return item


def _lift(session: JSONDict, key: str, target: Entity, found: dict[str, list[JSONDict]]) -> None:
    """A session's nested ``decisions``/``issues_found``: ids stay, objects become records."""
    ids, unlinked = [], []
    given = session.get(key) or []
    if isinstance(given, str):  # one id, not its characters
        session.setdefault(WRITTEN, {})[key] = [key, given]
        given = [given]
    for item in given if isinstance(given, list) else [given]:
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
        if field.ref and not field.soft and value is not None and value not in ids[field.ref]:
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
    paths = [folder / e.file for e in LEGACY if (folder / e.file).is_file()]
    if not paths:
        raise ImportDataError(f"no legacy files in {folder} (expected {TASKS.file}, …)")
    return import_legacy_files(database, paths, dry_run=dry_run, force=force)


def import_legacy_files(
    database: Database, paths: Sequence[Path], *, dry_run: bool = False, force: bool = False
) -> LegacyReport:
    """Import the given files, named as export names them, in any order, in one transaction.

    The four legacy files are normalised; any other export file is imported as it is."""
    documents = {}
    for path in paths:
        entity = BY_FILE.get(path.name)
        if entity is None:
            raise UsageError(
                f"{path.name}: not an export file name (one of {', '.join(sorted(BY_FILE))})"
            )
        documents[entity.name] = (path.name, read_json(path))
    return import_documents(database, documents, dry_run=dry_run, force=force)


def import_documents(
    database: Database,
    documents: Mapping[str, tuple[str, Any]],
    *,
    dry_run: bool = False,
    force: bool = False,
) -> LegacyReport:
    """Import parsed documents ({entity name: (label, JSON)}), normalising the legacy ones.

    A record whose id is already in the database with other content would overwrite
    it: refused (nothing written) unless ``force``; the report names every overwritten
    id either way."""
    found: dict[str, list[JSONDict]] = {}
    headers: dict[str, JSONDict] = {}
    read: dict[str, int] = {}
    for entity in ENTITIES:
        if entity.name not in documents:
            continue
        label, data = documents[entity.name]
        raw = records_of(label, data, entity.wrapper)
        headers[entity.name] = header_of(data, entity.wrapper)
        legacy = entity in LEGACY
        found[entity.name] = [_normalise(entity, r) if legacy else r for r in raw]
        read[entity.name] = len(raw)
    if "sessions" in found:
        for key, target in (("decisions", DECISIONS), ("issues_found", ISSUES)):
            found.setdefault(target.name, [])
            for record in found["sessions"]:
                _lift(record, key, target, found)
    ids = _existing_ids(database)
    for name, records in found.items():
        if name in ids:
            key = BY_NAME[name].id_key
            ids[name] |= {str(r[key]) for r in records if r.get(key) is not None}
    notes: dict[str, list[str]] = {name: [] for name in found}
    for name, records in found.items():
        if BY_NAME[name] in LEGACY:
            for record in records:
                _resolve(BY_NAME[name], record, ids, notes[name])
    sources = {
        e.name: Source(
            documents[e.name][0] if e.name in documents else e.file,
            found[e.name],
            headers.get(e.name, {}),
        )
        for e in ENTITIES
        if e.name in found
    }
    if not dry_run and not force:
        preview = import_sources(database, sources, dry_run=True, mode="replace")
        clashes = [
            f"{c.file}: {', '.join(map(str, c.changed))}" for c in preview.files if c.changed
        ]
        if clashes:
            raise ConflictError(
                "the legacy files would overwrite records already in the database with other "
                "content: " + "; ".join(clashes) + ". Check with --dry-run, then pass --force "
                "to overwrite them."
            )
    plan = import_sources(database, sources, dry_run=dry_run, mode="replace")
    files = tuple(
        LegacyFile(c.file, read.get(c.entity, 0), c, tuple(notes[c.entity])) for c in plan.files
    )
    return LegacyReport(files, dry_run)
