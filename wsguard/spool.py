"""A local holding area for scans the database could not take.

When the database is unreachable or stays locked, the check still decides
the commit, and its scan is written here as one JSON file; the next run that
reaches the database records the spooled scans first and deletes each file
only after its transaction committed. Recording is an idempotent upsert by
fingerprint, so a file replayed twice (a crash between commit and delete)
loses and duplicates nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from wsguard import places
from wsguard.clock import utcnow
from wsguard.values import Finding, Scan

QUARANTINE = "quarantine"


def spool_dir(db_url: str) -> Path:
    """One folder per database, outside every repository (the user's cache)."""
    return Path(places.spool_dir(db_url))


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
    """The scan and its meta; ``meta["at"]`` parsed to a datetime. ValueError, KeyError
    or TypeError when the file is not what ``write`` wrote."""
    scope = data.get("scope")
    scan = Scan(
        repo=str(data["repo"]),
        findings=[Finding(**f) for f in data["findings"]],
        files_scanned=int(data["files_scanned"]),
        scope=tuple(scope) if scope is not None else None,
        ref=data.get("ref"),
    )
    meta = dict(data.get("meta") or {})
    if meta.get("at"):
        meta["at"] = datetime.fromisoformat(meta["at"])
    return scan, meta


def write(db_url: str, scan: Scan, meta: dict[str, Any]) -> Path:
    """Spool one scan atomically (write a temporary file, then rename)."""
    folder = spool_dir(db_url)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    final = folder / f"{stamp}-{os.urandom(4).hex()}.json"  # uuid imports platform: ~10 ms
    tmp = final.with_suffix(".tmp")
    try:
        import json  # only when spooling: the hook's path never loads it otherwise

        tmp.write_text(json.dumps(scan_to_json(scan, meta), sort_keys=True), encoding="utf-8")
        os.replace(tmp, final)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
    return final


def pending(db_url: str, quarantined: list[str]) -> Iterator[tuple[Path, Scan, dict[str, Any]]]:
    """Spooled scans, oldest first.

    A file that cannot be read back (truncated, a malformed timestamp, wrong types) would
    fail or be skipped on every later run: it is moved to the ``quarantine`` folder
    beside, never deleted, and a one-line note saying where is appended to ``quarantined``.
    """
    folder = spool_dir(db_url)
    if not folder.is_dir():
        return
    import json  # only when something is spooled

    for path in sorted(folder.glob("*.json")):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue  # a concurrent run recorded it and deleted it
        except (OSError, ValueError) as exc:
            quarantined.extend(_quarantine(path, exc))
            continue
        try:
            scan, meta = scan_from_json(json.loads(text))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            quarantined.extend(_quarantine(path, exc))
            continue
        yield path, scan, meta


def _quarantine(path: Path, exc: Exception) -> list[str]:
    why = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, KeyError):
        why = f"missing {exc}"
    target = path.parent / QUARANTINE / path.name
    try:
        target.parent.mkdir(exist_ok=True)
        os.replace(path, target)
    except FileNotFoundError:
        return []  # a concurrent run moved it first, and said so
    except OSError as move:
        return [f"spooled check {path} is unreadable ({why}) and could not be moved: {move}"]
    return [f"spooled check {path.name} is unreadable ({why}): moved to {target}, not recorded"]


has_pending = places.has_spooled
