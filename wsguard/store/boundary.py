"""What an imported value must be to survive JSON, SQLite and PostgreSQL alike.

SQLite keeps a NUL character, a lone surrogate half or a NaN that PostgreSQL (or
any other JSON parser, or the UTF-8 codec) refuses: an import that takes one on
SQLite makes an export nobody can import elsewhere. So every value is checked at
the boundary, before anything is planned, and refused naming its field.
"""

from __future__ import annotations

import json
import math
from typing import Any

from wsguard.store.fields import Problem

# The key under which ``loads`` marks an object that held a key twice: a key no
# valid record can carry (it holds a NUL), and one that survives ``dict(record)``.
DUPLICATES = "\x00duplicate keys"


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    twice: list[str] = []
    for key, value in pairs:
        if key in found and key not in twice:
            twice.append(key)
        found[key] = value
    if twice:
        found[DUPLICATES] = twice
    return found


def loads(text: str) -> Any:
    """``json.loads``, marking objects with a duplicate key (see ``DUPLICATES``); ``NaN`` and
    ``Infinity`` are read as floats so that ``check`` refuses them naming their field."""
    return json.loads(text, object_pairs_hook=_pairs)


def duplicates(data: Any) -> list[str]:
    """The keys ``data`` (an object read by ``loads``) held more than once."""
    if isinstance(data, dict) and isinstance(data.get(DUPLICATES), list):
        return [str(k) for k in data[DUPLICATES]]
    return []


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "holds a NUL character (PostgreSQL cannot store it)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone surrogate (not valid Unicode text)"
    return None


def _float_name(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def check(path: str, value: Any) -> None:
    """Raise ``Problem(path…)`` for the first value below ``value`` no backend can keep."""
    if isinstance(value, str):
        problem = _text_problem(value)
        if problem:
            raise Problem(path, problem)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise Problem(path, f"{_float_name(value)} is not a JSON number (use null)")
    elif isinstance(value, dict):
        twice = duplicates(value)
        if twice:
            raise Problem(_join(path, twice[0]), "duplicate key in one object")
        for key, item in value.items():
            inner = _join(path, key)
            problem = _text_problem(key) if isinstance(key, str) else None
            if problem:
                raise Problem(inner, problem)
            check(inner, item)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            check(f"{path}[{n}]", item)


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def check_record(record: dict[str, Any]) -> None:
    """Every value of one record (its nested extras too)."""
    check("", record)


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float replaced by ``None``: what export writes
    for a float JSON has no form for (a database written before imports refused them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value
