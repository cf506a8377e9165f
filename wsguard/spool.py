"""A local holding area for scans the database could not take.

When the database is unreachable or stays locked, the check still decides
the commit, and its scan is written here as one JSON file; the next run that
reaches the database records the spooled scans first and deletes each file
only after its transaction committed. Recording is an idempotent upsert by
fingerprint, so a file replayed twice (a crash between commit and delete)
loses and duplicates nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from wsguard.values import Finding, Scan
from wsguard.workspace import cache_home


def spool_dir(db_url: str) -> Path:
    """One folder per database, outside every repository (the user's cache)."""
    explicit = os.environ.get("WSGUARD_SPOOL_DIR")
    root = Path(explicit) if explicit else cache_home() / "spool"
    return root / hashlib.sha256(db_url.encode()).hexdigest()[:16]


def scan_to_json(scan: Scan, meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "repo": scan.repo,
        "findings": [f._asdict() for f in scan.findings],
        "files_scanned": scan.files_scanned,
        "scope": list(scan.scope) if scan.scope is not None else None,
        "ref": scan.ref,
        "meta": meta,
    }


def scan_from_json(data: dict[str, Any]) -> tuple[Scan, dict[str, Any]]:
    scope = data.get("scope")
    scan = Scan(
        repo=data["repo"],
        findings=[Finding(**f) for f in data["findings"]],
        files_scanned=int(data["files_scanned"]),
        scope=tuple(scope) if scope is not None else None,
        ref=data.get("ref"),
    )
    return scan, dict(data.get("meta") or {})


def write(db_url: str, scan: Scan, meta: dict[str, Any]) -> Path:
    """Spool one scan atomically (write a temporary file, then rename)."""
    folder = spool_dir(db_url)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    final = folder / f"{stamp}-{os.urandom(4).hex()}.json"  # uuid imports platform: ~10 ms
    tmp = final.with_suffix(".tmp")
    tmp.write_text(json.dumps(scan_to_json(scan, meta), sort_keys=True), encoding="utf-8")
    os.replace(tmp, final)
    return final


def pending(db_url: str) -> Iterator[tuple[Path, Scan, dict[str, Any]]]:
    """Spooled scans, oldest first. Unreadable files are skipped, never deleted."""
    folder = spool_dir(db_url)
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        try:
            scan, meta = scan_from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        yield path, scan, meta


def has_pending(db_url: str) -> bool:
    folder = spool_dir(db_url)
    return folder.is_dir() and any(folder.glob("*.json"))
