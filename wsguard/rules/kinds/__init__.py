"""The rule kinds, one module each, registered in :data:`KINDS`."""

from __future__ import annotations

from wsguard.rules.kinds import (
    consistent_dependency,
    forbidden_dependency,
    forbidden_import,
    forbidden_pattern,
    layers,
    placement,
    required_file,
    synced_file,
)
from wsguard.rules.kinds.base import KindSpec

KINDS: dict[str, KindSpec] = {
    module.KIND.name: module.KIND
    for module in (
        forbidden_import,
        forbidden_dependency,
        placement,
        required_file,
        forbidden_pattern,
        consistent_dependency,
        synced_file,
        layers,
    )
}

__all__ = ["KINDS", "KindSpec"]
