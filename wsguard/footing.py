"""Where the hook's light paths stand: the repository git runs in, its workspace's
validated rules (from their cache) and SQLite database.

The clean-commit gate (:mod:`wsguard.gate`) and the warm full scan
(:mod:`wsguard.warm`) answer without the rules engine or SQLAlchemy, and only where
that is certain. Both first need the same footing, found here once with the
light modules alone (no ``typing``, ``pathlib`` or ``re``).
"""

from __future__ import annotations

import os

from wsguard import places, plumbing
from wsguard.rules import compiled

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only
    from typing import Any

    from wsguard.workspace import Options


class Footing:
    """The repository at ``repo_root`` (resolved), the cached rules as plain data
    (:func:`wsguard.rules.compiled.load_raw`), the workspace ``root`` and its database."""

    def __init__(
        self, repo_root: str, raw: dict[str, Any], root: str, db_url: str, db_path: str
    ) -> None:
        self.repo_root = repo_root
        self.raw = raw
        self.root = root
        self.db_url = db_url
        self.db_path = db_path

    def repo(self) -> str:
        """The repository's name: as ``repos:`` maps it, else its folder's."""
        paths = {name: values[1] for name, values in self.raw["repos"].items()}  # .path
        return places.repo_name(self.root, paths, self.repo_root)


def footing(opts: Options | None) -> Footing | None:
    """The footing here (``opts``: the global options, None for none), or None where a
    light path cannot stand: no ``posix_spawn``, not the top of a work tree git
    describes by itself (``GIT_DIR`` set, a subfolder), no rules.yaml, rules not
    validated and cached yet, a database that is not a SQLite file on disk, spooled
    scans waiting to be recorded."""
    if not plumbing.AVAILABLE:
        return None
    repo_root = plumbing.work_tree_here(os.getcwd())
    if repo_root is None:
        return None  # the full check asks git
    db, rules, workspace = opts or (None, None, None)
    rules_path = places.find_rules(rules, workspace, repo_root)
    if rules_path is None:
        return None
    with open(rules_path, "rb") as rules_file:
        raw = compiled.load_raw(rules_path, rules_file.read())
    if raw is None:
        return None
    root = places.resolved(workspace) if workspace else os.path.dirname(rules_path)
    db_url = places.db_url(db, root)
    db_path = places.sqlite_file(db_url)
    if db_path is None or not os.path.isfile(db_path) or places.has_spooled(db_url):
        return None
    return Footing(repo_root, raw, root, db_url, db_path)
