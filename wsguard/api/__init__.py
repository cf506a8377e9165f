"""The Python API: ``WorkspaceDB`` and the ``Item`` records it returns."""

from __future__ import annotations

from wsguard.api.db import WorkspaceDB
from wsguard.api.item import Item

__all__ = ["Item", "WorkspaceDB"]
