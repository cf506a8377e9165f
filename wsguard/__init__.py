"""wsguard keeps a workspace of git repositories from drifting away from its architecture."""

from __future__ import annotations

from wsguard.version import __version__

TYPE_CHECKING = False  # typing itself costs the hook ~10 ms of imports
if TYPE_CHECKING:
    from typing import Any

    from wsguard.api import WorkspaceDB

__all__ = ["WorkspaceDB", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy: `import wsguard` must stay cheap on the hook's hot path, and
    # WorkspaceDB pulls in SQLAlchemy.
    if name == "WorkspaceDB":
        from wsguard.api import WorkspaceDB

        return WorkspaceDB
    raise AttributeError(f"module 'wsguard' has no attribute {name!r}")
