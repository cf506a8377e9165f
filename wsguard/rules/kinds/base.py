"""The contract every rule kind fulfils; the registry lives in ``kinds/__init__.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from wsguard.rules.config import RepoConfig, Rule
    from wsguard.rules.source import SourceFile
    from wsguard.rules.validate import Fields


class RepoView(Protocol):
    """Read access to one repo's files (the working tree, the index, or a dict in tests)."""

    name: str

    def paths(self) -> Iterable[str]: ...

    def read(self, path: str) -> bytes | None: ...


class Hit(NamedTuple):
    """A violation found by a checker, before it becomes a :class:`~wsguard.values.Finding`."""

    line: int
    col: int
    anchor: str  # normalised matched statement or symbol, for the fingerprint
    detail: str  # appended to the rule's message
    path: str = ""  # workspace checkers only: the repo-relative path
    # Not a violation but something the check could not look at (an include
    # outside the repository): reported once per place as a wsguard/skipped warning.
    note: bool = False


class ValidateCtx(NamedTuple):
    """What a kind's validator may consult beyond the rule itself."""

    repos: Mapping[str, RepoConfig]
    base: Path | None  # folder of the rules file, for files it names
    consulted: list[Path] | None = None  # files read while validating (cache invalidation)


class WorkspaceCtx(NamedTuple):
    repo: str  # the repo being committed: only its findings are reported
    views: Mapping[str, RepoView]
    repos: Mapping[str, RepoConfig]


class WorkspaceResult(NamedTuple):
    hits: list[Hit]
    consulted: set[str]  # paths of ``repo`` read, where suppressions count


FileChecker = Callable[["Rule", "SourceFile"], Iterable[Hit]]
WorkspaceChecker = Callable[["Rule", WorkspaceCtx], WorkspaceResult]


class KindSpec(NamedTuple):
    name: str
    summary: str
    fields: Mapping[str, str]  # kind-specific field -> what it takes
    validate: Callable[[Fields, ValidateCtx], dict[str, Any]]
    issue_type: str
    check_file: FileChecker | None = None
    accepts: Callable[[str], bool] | None = None  # paths the kind reads at all
    may_match: Callable[[Rule, SourceFile], bool] | None = None  # cheap test before parsing
    check_workspace: WorkspaceChecker | None = None
    # Its findings in a file depend on other files of the batch (``read_sibling``):
    # such files are never served from the result cache.
    reads_siblings: bool = False


def is_python(path: str) -> bool:
    return path.endswith((".py", ".pyi"))
