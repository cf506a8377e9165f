"""How a database row becomes a JSON record and back: field specs and value conversion.

Export and import share these specs, so a record read from a file is normalised
exactly as export would write it, and "changed" means "would export differently".

Values are stored in one form (naive UTC times, sorted de-duplicated lists, one
word per status) so queries and indexes work. What the user wrote is kept too,
when it says the same thing in another form (a time with its offset, a list in
its order, a string for a one-item list, ``time`` for ``timestamp``, a status
synonym): under ``WRITTEN`` in the record's ``extra``, as (key written, value
written, stored value as exported). Export writes the user's form back for as
long as the stored value is still the one it stood for.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, NamedTuple

JSONDict = dict[str, Any]
# The key in ``extra`` holding what the user wrote: {key: [key written, value, stored]}.
WRITTEN = "_as_written"


class Field(NamedTuple):
    """One scalar field: JSON ``key`` ↔ ``column`` of the entity's table."""

    key: str
    column: str
    kind: str = "str"  # str | int | float | datetime | date
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    ref: str | None = None  # name of the entity whose id this must be
    late: bool = False  # a self-reference: set once every row exists
    aliases: tuple[str, ...] = ()  # other keys read for this field (the seeds' ``time``)
    synonyms: tuple[tuple[str, str], ...] = ()  # (word, stored word): the user's word kept
    mapped: tuple[tuple[str, str], ...] = ()  # (word, stored word): read, not written back
    soft: bool = False  # a reference that may name a record that has not arrived yet


class ListField(NamedTuple):
    """A many-valued field kept in its own table: (owner column, value column)."""

    key: str
    table: str
    owner: str
    value: str
    ref: str | None = None
    role: tuple[str, str] | None = None  # (column, value) when lists share one table


class Child(NamedTuple):
    """Records nested in their owner's record (a session's activities), kept in order."""

    key: str
    table: str
    owner: str
    fields: tuple[Field, ...]
    lists: tuple[ListField, ...] = ()


class Entity(NamedTuple):
    name: str
    file: str
    wrapper: str  # the key holding the list in the exported object
    table: str
    id_key: str
    id_column: str = "id"
    id_kind: str = "str"
    fields: tuple[Field, ...] = ()
    lists: tuple[ListField, ...] = ()
    children: tuple[Child, ...] = ()
    # The key that says which stored row a record is, when ids are only numbers given by
    # one database (a detection's fingerprint): the import matches records by it.
    natural_key: str | None = None

    def known_keys(self) -> frozenset[str]:
        keys = {self.id_key, *(f.key for f in self.fields), *(x.key for x in self.lists)}
        return frozenset(keys | {c.key for c in self.children})


class Row(NamedTuple):
    """An entity's record in database terms: column values, lists, children, extra."""

    values: JSONDict  # column -> python value (the id included)
    lists: dict[str, list[Any]]  # list key -> values
    children: dict[str, list[Row]]
    extra: JSONDict


class Problem(Exception):
    """One bad value; the importer adds the file and the record id."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def to_json(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("datetime", "date"):
        return value.isoformat()
    return value


def from_json(field: Field, value: Any) -> Any:
    """The python value of ``value`` for ``field``, or a ``Problem``."""
    if value is None:
        if field.required and field.default is None:
            raise Problem(field.key, "is required")
        return field.default
    kind = field.kind
    if kind == "str":
        if not isinstance(value, str):
            raise Problem(field.key, f"must be a string, not {type(value).__name__}")
        if field.choices:
            return _choice(field, value)
        return value
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise Problem(field.key, f"must be an integer, not {type(value).__name__}")
        return value
    if kind == "float":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise Problem(field.key, f"must be a number, not {type(value).__name__}")
        return float(value)
    if not isinstance(value, str):
        raise Problem(field.key, f"must be an ISO {kind} string, not {type(value).__name__}")
    try:
        if kind == "date" and len(value) <= 10:
            return date.fromisoformat(value)
        moment = naive_utc(datetime.fromisoformat(value))
        return moment.date() if kind == "date" else moment
    except ValueError:
        raise Problem(field.key, f"{value!r} is not an ISO {kind}") from None
    except OverflowError:
        # An offset that moves year 1 or 9999 out of the calendar once in UTC.
        raise Problem(
            field.key, f"{value!r} is out of the range of a time (years 1 to 9999, in UTC)"
        ) from None


def _choice(field: Field, value: str) -> str:
    """The stored word for ``value``: case-insensitive, synonyms mapped."""
    folded = value.strip().casefold()
    for word, stored in (*field.synonyms, *field.mapped):
        if word.casefold() == folded:
            return stored
    for candidate in field.choices:
        if candidate.casefold() == folded:
            return candidate
    words = [*field.choices, *(word for word, _ in field.synonyms)]
    raise Problem(field.key, f"{value!r} is not one of {', '.join(words)}")


def naive_utc(moment: datetime) -> datetime:
    """Stored timestamps are naive UTC; an aware one is converted, a naive one kept."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def list_from_json(spec: ListField, value: Any) -> list[Any]:
    """The stored form of a list: sorted, de-duplicated; a string is a one-item list."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise Problem(spec.key, "must be a list of non-empty strings")
    return sorted(set(value))


def _as_written(record: JSONDict, written: JSONDict) -> None:
    """Put back what the user wrote wherever the stored value is still what it stood for."""
    for key, entry in written.items():
        if not (isinstance(entry, list) and len(entry) == 3):
            continue
        given_key, given, stored = entry
        if key in record and record[key] == stored:
            del record[key]
            record[given_key] = given


def row_to_record(entity: Entity | Child, row: Row, id_key: str | None = None) -> JSONDict:
    """The exported form of ``row``: extra fields first, known fields over them, and the
    user's own form of a value where it still holds (``WRITTEN``)."""
    record: JSONDict = dict(row.extra)
    written = record.pop(WRITTEN, None)
    if isinstance(entity, Entity):
        record[entity.id_key] = row.values[entity.id_column]
    for field in entity.fields:
        record[field.key] = to_json(field.kind, row.values.get(field.column))
    for spec in entity.lists:
        record[spec.key] = sorted(row.lists.get(spec.key, []))
    if isinstance(entity, Entity):
        for child in entity.children:
            record[child.key] = [row_to_record(child, c) for c in row.children.get(child.key, [])]
    if isinstance(written, dict):
        _as_written(record, written)
    return record


def _given(record: JSONDict, field: Field) -> tuple[str, Any]:
    """The key the record uses for ``field`` (its own, else an alias) and the value."""
    if record.get(field.key) is None:
        for alias in field.aliases:
            if record.get(alias) is not None:
                return alias, record[alias]
    return field.key, record.get(field.key)


def _differs(field: Field, given: Any, stored: Any) -> bool:
    """Does ``given`` say ``stored`` in another form worth writing back?"""
    if field.kind == "str":
        # Case is normalised (one stored form), and so is a mapped word; a synonym is the
        # user's word.
        folded = given.strip().casefold() if isinstance(given, str) else None
        return any(word.casefold() == folded for word, _ in field.synonyms)
    return bool(given != stored)


def record_to_row(entity: Entity | Child, record: JSONDict) -> Row:
    """Parse one record; raises ``Problem`` naming the first bad field.

    A ``WRITTEN`` entry already in ``record`` ({key: [key written, value written]}) is
    what a reader reshaped before (the legacy import); it is kept as the user's form."""
    values: JSONDict = {}
    given_written = record.get(WRITTEN)
    prior: JSONDict = given_written if isinstance(given_written, dict) else {}
    written: JSONDict = {}
    used: set[str] = set()
    if isinstance(entity, Entity):
        values[entity.id_column] = record.get(entity.id_key)
    for field in entity.fields:
        key, given = _given(record, field)
        used.add(key)
        values[field.column] = from_json(field, given)
        stored = to_json(field.kind, values[field.column])
        if field.key in prior:
            written[field.key] = [*prior[field.key][:2], stored]
        elif given is not None and (key != field.key or _differs(field, given, stored)):
            written[field.key] = [key, given, stored]
    lists = {}
    for spec in entity.lists:
        given = record.get(spec.key)
        lists[spec.key] = list_from_json(spec, given)
        if spec.key in prior:
            written[spec.key] = [*prior[spec.key][:2], lists[spec.key]]
        elif given is not None and given != lists[spec.key]:
            written[spec.key] = [spec.key, given, lists[spec.key]]
    children: dict[str, list[Row]] = {}
    known = used | {s.key for s in entity.lists} | {WRITTEN}
    if isinstance(entity, Entity):
        known |= entity.known_keys()
        for child in entity.children:
            items = record.get(child.key) or []
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise Problem(child.key, "must be a list of objects")
            parsed = []
            for n, item in enumerate(items):
                try:
                    parsed.append(record_to_row(child, item))
                except Problem as exc:
                    raise Problem(f"{child.key}[{n}].{exc.field}", exc.message) from None
            children[child.key] = parsed
    extra = {k: v for k, v in record.items() if k not in known}
    if written:
        extra[WRITTEN] = written
    return Row(values, lists, children, extra)
