"""Gitignore-style path patterns: pathspec translates them, the stdlib matches them.

Importing pathspec costs ~30 ms, more than the rest of a clean commit's check.
pathspec turns each pattern into a regular expression; for a set of plain
patterns (no ``!`` negation) a path matches the set exactly when one of those
expressions matches it, so the hook only needs the expressions. They are
memoised here and persisted with the compiled rules (:mod:`wsguard.rules.compiled`),
so a commit's check matches paths without importing pathspec. A set with a
negation keeps pathspec's own matcher, which ranks directory and file matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

# pattern -> pathspec's expression for it; None when the pattern is not a plain
# include (a negation, a comment, a blank).
_REGEXES: dict[str, str | None] = {}


def regex_for(pattern: str) -> str | None:
    """pathspec's expression for one plain include pattern, else None."""
    if pattern not in _REGEXES:
        from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

        regex, include = GitIgnoreSpecPattern.pattern_to_regex(pattern)
        _REGEXES[pattern] = regex if include is True and isinstance(regex, str) else None
    return _REGEXES[pattern]


def known() -> dict[str, str | None]:
    """The translations made or loaded in this process, to persist."""
    return dict(_REGEXES)


def preload(translations: Mapping[str, str | None]) -> None:
    """Translations persisted by an earlier run (pathspec is then not imported)."""
    _REGEXES.update(translations)


@lru_cache(maxsize=512)
def matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """A predicate: does a repo-relative posix path match any of ``patterns``?"""
    regexes = [regex_for(p) for p in patterns]
    if all(r is not None for r in regexes):
        compiled = [re.compile(r) for r in regexes if r is not None]
        return lambda path: any(c.search(path) for c in compiled)
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    return lambda path: bool(spec.match_file(path))


def match_any(patterns: tuple[str, ...], paths: Iterable[str]) -> bool:
    test = matcher(patterns)
    return any(test(p) for p in paths)
