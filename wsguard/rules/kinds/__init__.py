"""The rule kinds, one module each, registered in :data:`KINDS`.

A kind's module is imported the first time a rule of that kind is looked up: a
workspace whose rules are all ``forbidden-import`` never loads the manifest and
lockfile readers (~15 ms of every hook that takes the full check).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from wsguard.rules.kinds.base import KindSpec

# kind name → the module of this package that defines its KIND, in the order rules.yaml
# documents them; tests/rules check that each module's KIND carries its name.
_MODULES = {
    "forbidden-import": "forbidden_import",
    "forbidden-dependency": "forbidden_dependency",
    "placement": "placement",
    "required-file": "required_file",
    "forbidden-pattern": "forbidden_pattern",
    "consistent-dependency": "consistent_dependency",
    "synced-file": "synced_file",
    "layers": "layers",
}


class _Kinds(Mapping[str, KindSpec]):
    """Every kind by name; each module loaded when its kind is first asked for."""

    def __getitem__(self, name: str) -> KindSpec:
        kind: KindSpec = import_module(f"{__name__}.{_MODULES[name]}").KIND
        return kind

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


KINDS: Mapping[str, KindSpec] = _Kinds()

__all__ = ["KINDS", "KindSpec"]
