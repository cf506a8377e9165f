"""``rules.yaml`` validated once, then reused by every commit until it changes.

Parsing YAML and validating every rule costs ~60 ms, more than the rest of a
clean commit's check, and the file rarely changes. The validated rules are
kept in the user's cache folder as plain data (``marshal``: loading it runs no
code, unlike pickle), in a file named after everything the result depends on:
the file's bytes and folder, and the rules package's files (name, size, mtime). A
rule that read another file while being validated (a synced-file's canonical
copy) also records that file's size and mtime, and the entry is ignored once
they change. Any problem with the cache means a
normal load; the cache can never make a bad rules file pass.
"""

from __future__ import annotations

import marshal
import os
import sys
from functools import lru_cache

from wsguard.digest import sha256
from wsguard.places import cache_home, keep_in_cache, stamp
from wsguard.version import __version__

# The clean-commit gate reads the cache through load_raw on every commit: this
# module imports nothing heavier than marshal at run time (no typing, no pathlib).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from wsguard.rules.config import Config

FORMAT = 2  # 2: entries carry the rules' digest
_RULES_PACKAGE = os.path.dirname(os.path.realpath(__file__))
RULES_FOLDERS = (_RULES_PACKAGE, os.path.join(_RULES_PACKAGE, "kinds"))


@lru_cache(maxsize=1)
def source_digest() -> str:
    """A digest of the rules package's source (~1 ms): a changed checker or validator
    (a development checkout, an upgrade in place) means new keys, here and in the
    result cache, and equal code on two machines means equal keys."""
    h = sha256(__version__.encode())
    for folder in RULES_FOLDERS:
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".py")):
            with open(os.path.join(folder, name), "rb") as source:
                h.update(name.encode() + b"\0" + source.read())
    return h.hexdigest()


def package_stamp(folders: tuple[str, ...] = ()) -> list[tuple[str, int, int]]:
    """Path, size and mtime of each source file in ``folders`` (default: the rules
    package): ~0.1 ms where :func:`source_digest` reads and hashes them all. Any edit or
    upgrade changes it."""
    stamp = []
    for folder in folders or RULES_FOLDERS:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    stamp.append((entry.path, st.st_size, st.st_mtime_ns))
    return sorted(stamp)


def _key(path: str | Path, data: bytes) -> str:
    # The rules cache is this machine's alone: the package's stamp, not its digest.
    h = sha256()
    h.update(repr((FORMAT, sys.version, __version__, str(path), package_stamp())).encode())
    h.update(data)
    return h.hexdigest()[:40]


def _entry(path: str | Path, data: bytes) -> str:
    return os.path.join(cache_home(), "rules", f"{_key(path, data)}.marshal")


def load_raw(path: str | Path, data: bytes) -> dict[str, Any] | None:
    """The cached entry for these bytes of ``path`` as plain data (rules as dicts of
    their fields), or None (absent, stale, unreadable). Imports no rule kind: the
    clean-commit gate (:mod:`wsguard.gate`) reads the rules this way."""
    try:
        with open(_entry(path, data), "rb") as entry:
            raw = marshal.loads(entry.read())
        if not isinstance(raw, dict) or any(
            stamp(dep) != (size, mtime) for dep, size, mtime in raw["deps"]
        ):
            return None
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
    return raw


def load(path: Path, data: bytes) -> Config | None:
    """The rules cached for these bytes of ``path``, or None (absent, stale, unreadable)."""
    from types import MappingProxyType

    from wsguard.rules import globs
    from wsguard.rules.config import Config, RepoConfig, Rule

    raw = load_raw(path, data)
    if raw is None:
        return None
    try:
        globs.preload(raw["globs"])
        rules = tuple(
            Rule(**{**fields, "options": MappingProxyType(fields["options"])})
            for fields in raw["rules"]
        )
        repos = {name: RepoConfig(*values) for name, values in raw["repos"].items()}
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
    return Config(path=path, rules=rules, repos=MappingProxyType(repos))


def save(config: Config, data: bytes, consulted: list[Path]) -> None:
    """Keep ``config`` (just validated from ``data``) for the next run; best effort.

    Validation translated every path pattern (``check_patterns``); the
    translations are kept too, so the next run needs no pathspec.
    """
    from contextlib import suppress

    from wsguard.rules import globs

    deps = []
    for dep in consulted:
        st = stamp(str(dep))
        if st is None:
            return
        deps.append((str(dep), *st))
    raw = {
        "deps": deps,
        "digest": config.digest,  # what the warm full scan keys its memo with
        "globs": globs.known(),
        "repos": {name: tuple(repo) for name, repo in config.repos.items()},
        "rules": [{**r._asdict(), "options": dict(r.options)} for r in config.rules],
    }
    # A read-only home, an option marshal cannot hold: the next run validates again.
    with suppress(OSError, ValueError):
        keep_in_cache(_entry(config.path, data), marshal.dumps(raw))
