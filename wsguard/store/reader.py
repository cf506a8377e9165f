"""Export files → raw records: JSON that round-trips, of a schema this wsguard reads.

A file is refused as a whole when it is not JSON, not UTF-8, of another
``schema_version``, or holds a top-level key twice; a record's own bad values
(a duplicate key, a NaN) are refused by the importer naming the record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from wsguard.errors import ImportDataError
from wsguard.store import boundary
from wsguard.store.entities import ENTITIES
from wsguard.store.fields import JSONDict

SCHEMA_VERSION = 1


class Source(NamedTuple):
    """The raw records of one entity, the file they came from (for messages), and what
    else that file held at its top level (kept and written back on export)."""

    label: str
    records: list[JSONDict]
    header: JSONDict | None = None


def records_of(label: str, data: Any, wrapper: str) -> list[JSONDict]:
    """A file holds a list of records, or an object with the list under ``wrapper``."""
    if isinstance(data, dict):
        twice = boundary.duplicates(data)
        if twice:
            raise ImportDataError(f"{label}: duplicate key {twice[0]!r} at the top level")
        version = data.get("schema_version", SCHEMA_VERSION)
        if type(version) is not int or version != SCHEMA_VERSION:
            raise ImportDataError(
                f"{label}: schema_version {version!r}: this wsguard reads schema_version "
                f"{SCHEMA_VERSION} (a file written by a newer wsguard needs that wsguard)"
            )
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
        return boundary.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportDataError(
            f"{path.name}: not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
    except ValueError as exc:  # json.JSONDecodeError, a number of 5000 digits
        raise ImportDataError(f"{path.name}: not valid JSON ({exc})") from None
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
