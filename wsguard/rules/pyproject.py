"""Dependencies of a ``pyproject.toml``, each at the line of its own string or key.

PEP 621 ``[project]`` dependencies and optional dependencies, PEP 735
``[dependency-groups]``, ``[tool.uv] dev-dependencies`` and Poetry's tables
(``name = "^1.0"``, ``name = {version = …}``, lists of constraints).
Poetry's constraint syntax is translated to PEP 440 specifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from wsguard.rules.manifests import Dependency, requirement
from wsguard.rules.source import SourceFile
from wsguard.rules.tomlpos import Path, load, positions


def _bump(version: Version, index: int) -> str:
    """The release after ``version`` at position ``index`` (``1.2.3``, 1 -> ``1.3``)."""
    parts = list(version.release) + [0] * (index + 1 - len(version.release))
    parts = parts[: index + 1]
    parts[index] += 1
    return ".".join(str(p) for p in parts)


def poetry_spec(constraint: str) -> str:
    """Poetry's ``^1.2``, ``~1.2``, ``1.2.*``, ``1.2``, ``>=1,<2`` as a PEP 440 specifier.

    ``||`` (either range) has no PEP 440 form: returned as written.
    """
    constraint = re.sub(r"([<>=!~^]=?)\s+", r"\1", constraint.strip())
    if constraint in ("", "*") or "||" in constraint or "|" in constraint:
        return "" if constraint in ("", "*") else constraint
    out = []
    for part in constraint.replace(",", " ").split():
        try:
            if part.startswith("^"):
                version = Version(part[1:])
                release = version.release
                index = next((i for i, p in enumerate(release) if p != 0), len(release) - 1)
                out += [f">={part[1:]}", f"<{_bump(version, index)}"]
            elif part.startswith("~") and not part.startswith("~="):
                version = Version(part[1:])
                index = 0 if len(version.release) == 1 else 1
                out += [f">={part[1:]}", f"<{_bump(version, index)}"]
            elif part[0].isdigit():
                out.append(f"=={part}")
            else:
                out.append(part)
        except InvalidVersion:
            return constraint
    return ",".join(out)


def _strings(data: Any, prefix: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, str):
                yield (*prefix, i), item


def _pep(data: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    project = data.get("project") or {}
    yield from _strings(project.get("dependencies"), ("project", "dependencies"))
    for extra, items in (project.get("optional-dependencies") or {}).items():
        yield from _strings(items, ("project", "optional-dependencies", extra))
    for group, items in (data.get("dependency-groups") or {}).items():
        yield from _strings(items, ("dependency-groups", group))
    uv = (data.get("tool") or {}).get("uv") or {}
    yield from _strings(uv.get("dev-dependencies"), ("tool", "uv", "dev-dependencies"))


def _poetry_tables(data: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    poetry = (data.get("tool") or {}).get("poetry") or {}
    for key in ("dependencies", "dev-dependencies"):
        if isinstance(poetry.get(key), dict):
            yield ("tool", "poetry", key), poetry[key]
    for name, group in (poetry.get("group") or {}).items():
        if isinstance(group, dict) and isinstance(group.get("dependencies"), dict):
            yield ("tool", "poetry", "group", name, "dependencies"), group["dependencies"]


def _poetry(
    source: SourceFile, data: dict[str, Any], where: dict[Path, tuple[int, int]]
) -> Iterator[Dependency]:
    for table_path, table in _poetry_tables(data):
        for name, value in table.items():
            if name.lower() == "python":
                continue
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                at = (*table_path, name) if not isinstance(value, list) else (*table_path, name, i)
                line, col = where.get(at) or where.get((*table_path, name)) or (1, 1)
                if isinstance(item, dict):
                    version = item.get("version")
                    spec = poetry_spec(version) if isinstance(version, str) else ""
                    marker = item.get("markers") if isinstance(item.get("markers"), str) else ""
                    text = f"{name} = {{{', '.join(f'{k} = {v!r}' for k, v in item.items())}}}"
                else:
                    spec, marker = poetry_spec(str(item)), ""
                    text = f"{name} = {item!r}"
                yield Dependency(
                    canonicalize_name(name), spec, source.path, line, col, text, marker or ""
                )


def pyproject(source: SourceFile) -> Iterator[Dependency]:
    data = load(source.text)
    where = positions(source.text)
    for at, text in _pep(data):
        line, col = where.get(at, (1, 1))
        dep = requirement(text, source.path, line, col)
        if dep is not None:
            yield dep
    yield from _poetry(source, data, where)
