"""Export to and import from a folder of JSON files, each in one transaction.

An export reads one snapshot of the database (it never holds a writer up) and
writes every file into a staging folder beside its target first: only once all
of them are written are they moved into place, so a full disk leaves the old
export as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from wsguard.errors import ExportError
from wsguard.store.db import Database
from wsguard.store.export import write_files
from wsguard.store.importer import ImportPlan, Source, plan_import, read_folder
from wsguard.store.incoming import Mode
from wsguard.store.writer import apply_plan


def export_folder(database: Database, folder: Path) -> list[Path]:
    """Write every entity's export file into ``folder`` (created if missing): all or none."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".wsguard-export-", dir=folder))
    except OSError as exc:
        raise ExportError(f"cannot write the export to {folder}: {exc.strerror or exc}") from None
    try:
        with database.snapshot() as session:
            staged = write_files(session, staging)
        written = []
        try:
            for path in staged:
                os.replace(path, folder / path.name)
                written.append(folder / path.name)
        except OSError as exc:
            raise ExportError(
                f"cannot move the export into {folder}: {exc.strerror or exc}; "
                f"{len(written)} of {len(staged)} files were replaced: export again"
            ) from None
    except OSError as exc:
        raise ExportError(
            f"cannot write the export to {folder}: {exc.strerror or exc}; "
            "the files there are unchanged"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


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
