"""wsguard keeps a workspace of git repositories from drifting away from its architecture."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wsguard.version import __version__

if TYPE_CHECKING:
    from wsguard.api import WorkspaceDB

__all__ = ["WorkspaceDB", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy: `import wsguard` must stay cheap on the hook's hot path, and
    # WorkspaceDB pulls in SQLAlchemy.
    if name == "WorkspaceDB":
        from wsguard.api import WorkspaceDB

        return WorkspaceDB
    raise AttributeError(f"module 'wsguard' has no attribute {name!r}")
