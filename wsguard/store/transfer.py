"""Export to and import from a folder of JSON files, each in one transaction."""

from __future__ import annotations

from pathlib import Path

from wsguard.store.db import Database
from wsguard.store.export import write_files
from wsguard.store.importer import ImportPlan, Source, plan_import, read_folder
from wsguard.store.incoming import Mode
from wsguard.store.writer import apply_plan


def export_folder(database: Database, folder: Path) -> list[Path]:
    """Write every entity's export file into ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    with database.session_scope() as session:
        return write_files(session, folder)


def import_sources(
    database: Database,
    sources: dict[str, Source],
    *,
    dry_run: bool = False,
    prune: bool = False,
    force: bool = False,
    mode: Mode = "whole",
) -> ImportPlan:
    """Validate all of ``sources``, then apply all of it in one transaction (or nothing)."""
    with database.session_scope() as session:
        plan = plan_import(session, sources, prune=prune, force=force, mode=mode)
        if not dry_run and not plan.empty:
            apply_plan(session, plan)
    return plan


def import_folder(
    database: Database,
    folder: Path,
    *,
    dry_run: bool = False,
    prune: bool = False,
    force: bool = False,
    merge: bool = False,
) -> ImportPlan:
    """Import the export files of ``folder``; a record that leaves out fields of the stored
    one is refused, or with ``merge`` updates only the fields it gives."""
    return import_sources(
        database,
        read_folder(folder),
        dry_run=dry_run,
        prune=prune,
        force=force,
        mode="merge" if merge else "whole",
    )
