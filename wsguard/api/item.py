"""``Item``: one record as the Python API returns it."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

# Where a record keeps its identity when it has no ``id`` key.
_ID_KEYS = ("session_id", "component")


class Item(dict[str, Any]):
    """A record shaped exactly like its exported JSON, read as ``item.title`` or
    ``item["title"]``; ``item.id`` is its identity (a session's ``session_id``, a
    placement's ``component``); ``to_dict()`` is a plain, independent copy."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name in self:
            return self[name]
        if name == "id":
            for key in _ID_KEYS:
                if key in self:
                    return self[key]
        fields = ", ".join(sorted(self))
        raise AttributeError(f"this record has no field {name!r} (it has: {fields})")

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(dict(self))


def item(record: Mapping[str, Any]) -> Item:
    return Item(record)


def items(records: Iterable[Mapping[str, Any]]) -> list[Item]:
    return [Item(r) for r in records]
