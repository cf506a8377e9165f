"""How a database row becomes a JSON record and back: field specs and value conversion.

Export and import share these specs, so a record read from a file is normalised
exactly as export would write it, and "changed" means "would export differently".
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, NamedTuple

JSONDict = dict[str, Any]


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
        if field.choices and value not in field.choices:
            raise Problem(field.key, f"{value!r} is not one of {', '.join(field.choices)}")
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
        if kind == "date":
            return date.fromisoformat(value)
        return naive_utc(datetime.fromisoformat(value))
    except ValueError:
        raise Problem(field.key, f"{value!r} is not an ISO {kind}") from None


def naive_utc(moment: datetime) -> datetime:
    """Stored timestamps are naive UTC; an aware one is converted, a naive one kept."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def list_from_json(spec: ListField, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise Problem(spec.key, "must be a list of non-empty strings")
    return sorted(set(value))


def row_to_record(entity: Entity | Child, row: Row, id_key: str | None = None) -> JSONDict:
    """The exported form of ``row``: extra fields first, known fields over them."""
    record: JSONDict = dict(row.extra)
    if isinstance(entity, Entity):
        record[entity.id_key] = row.values[entity.id_column]
    for field in entity.fields:
        record[field.key] = to_json(field.kind, row.values.get(field.column))
    for spec in entity.lists:
        record[spec.key] = sorted(row.lists.get(spec.key, []))
    if isinstance(entity, Entity):
        for child in entity.children:
            record[child.key] = [row_to_record(child, c) for c in row.children.get(child.key, [])]
    return record


def record_to_row(entity: Entity | Child, record: JSONDict) -> Row:
    """Parse one record; raises ``Problem`` naming the first bad field."""
    values: JSONDict = {}
    if isinstance(entity, Entity):
        values[entity.id_column] = record.get(entity.id_key)
    for field in entity.fields:
        values[field.column] = from_json(field, record.get(field.key))
    lists = {spec.key: list_from_json(spec, record.get(spec.key)) for spec in entity.lists}
    children: dict[str, list[Row]] = {}
    known = {f.key for f in entity.fields} | {s.key for s in entity.lists}
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
    return Row(values, lists, children, extra)
