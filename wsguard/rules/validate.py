"""Field-by-field validation that collects every problem before failing once."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wsguard.errors import ConfigError, one_line

if TYPE_CHECKING:
    from wsguard.rules.yamlsource import Key, Located, Mark


class Problems:
    """Every error found in one rules source, rendered ``file:line:col: what``."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[int, int, str]] = []

    def add(self, mark: Mark | None, message: str) -> None:
        line, col = mark if mark else (0, 0)
        self.items.append((line, col, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        lines = []
        for line, col, message in sorted(set(self.items)):
            where = f"{self.source}:{line}:{col}" if line else self.source
            # One line per problem: a key or value of the file never starts a line of its own.
            lines.append(one_line(f"{where}: {message}"))
        count = len(lines)
        header = f"{count} error{'s' if count > 1 else ''} in {self.source}:\n" if count > 1 else ""
        raise ConfigError(header + "\n".join(lines))


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class Fields:
    """One mapping of the rules file (a rule, a repo) and where its values are."""

    def __init__(self, data: Mapping[str, Any], doc: Located | None, key: Key, problems: Problems):
        self.data = data
        self.doc = doc
        self.key = key
        self.problems = problems

    def mark(self, name: str | None = None, index: int | None = None) -> Mark | None:
        if self.doc is None:
            return None
        if name is None:
            return self.doc.marks.get(self.key)
        path: Key = (*self.key, name) if index is None else (*self.key, name, index)
        return self.doc.marks.get(path) or self.doc.marks.get(self.key)

    def key_mark(self, name: str) -> Mark | None:
        if self.doc is None:
            return None
        return self.doc.key_marks.get((*self.key, name)) or self.mark()

    def error(self, name: str | None, message: str, index: int | None = None) -> None:
        prefix = f"{name}: " if name and self.doc is None else ""
        self.problems.add(self.mark(name, index), prefix + message)

    def unknown(self, allowed: Iterable[str], what: str) -> None:
        valid = sorted(allowed)
        for name in self.data:
            if name not in valid:
                hint = difflib_hint(name, valid)
                self.problems.add(
                    self.key_mark(name),
                    f"unknown field '{name}' in {what}{hint} (valid fields: {', '.join(valid)})",
                )

    def string(
        self, name: str, *, required: bool = False, choices: Iterable[str] = ()
    ) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                if name in self.data:
                    self.error(name, f"'{name}' is empty (expected a string)")
                else:
                    self.problems.add(self.mark(), f"missing required field '{name}'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(name, f"'{name}' is {type_name(value)} (expected a non-empty string)")
            return None
        options = list(choices)
        if options and value not in options:
            import difflib  # only to suggest a fix for a mistake

            close = difflib.get_close_matches(value, options, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.error(name, f"'{name}' is {value!r} (expected one of: {', '.join(options)}){hint}")
            return None
        return value.strip()

    def strings(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings; a single string is accepted as a one-item list."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.problems.add(
                    self.mark(), f"missing required field '{name}' (expected a list of strings)"
                )
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(name, f"'{name}' is {type_name(value)} (expected a list of strings)")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.error(
                    name,
                    f"'{name}' item {i + 1} is {type_name(item)} (expected a non-empty string)",
                    i,
                )
            else:
                out.append(item.strip())
        if required and not value:
            self.error(name, f"'{name}' is an empty list (expected at least one string)")
        return tuple(out)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.error(name, f"'{name}' is {type_name(value)} (expected true or false)")
            return default
        return value

    def names(
        self, name: str, pattern: str, what: str, *, required: bool = False
    ) -> tuple[str, ...]:
        """A list of identifiers checked against ``pattern``."""
        out = []
        for i, item in enumerate(self.strings(name, required=required)):
            if re.fullmatch(pattern, item):
                out.append(item)
            else:
                self.error(name, f"'{item}' is not a valid {what}", i)
        return tuple(out)


def difflib_hint(name: str, valid: list[str]) -> str:
    import difflib  # only to suggest a fix for a mistake

    close = difflib.get_close_matches(name, valid, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_patterns(fields: Fields, name: str, patterns: tuple[str, ...]) -> None:
    """Gitignore-style patterns must compile with pathspec."""
    if not patterns:
        return
    import pathspec

    from wsguard.rules.globs import regex_for

    for i, pattern in enumerate(patterns):
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
            regex_for(pattern)  # translated once here, kept with the compiled rules
        except (ValueError, TypeError) as exc:
            fields.error(
                name, f"bad pattern {pattern!r}: {exc} (expected a gitignore-style pattern)", i
            )


def check_repo_names(
    fields: Fields, name: str, names: tuple[str, ...], known: Iterable[str]
) -> None:
    """Repo names (or globs) must refer to repos under ``repos:`` when that map exists."""
    known_names = sorted(known)
    if not known_names:
        return
    for i, repo in enumerate(names):
        if any(ch in repo for ch in "*?["):
            if not fnmatch.filter(known_names, repo):
                fields.error(
                    name,
                    f"pattern '{repo}' matches no repo (known repos: {', '.join(known_names)})",
                    i,
                )
        elif repo not in known_names:
            hint = difflib_hint(repo, known_names)
            fields.error(
                name, f"unknown repo '{repo}'{hint} (known repos: {', '.join(known_names)})", i
            )


MODULE_RE = r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*"
ID_RE = r"[A-Za-z0-9][A-Za-z0-9._-]*"
__all__ = ["ID_RE", "MODULE_RE", "Fields", "Problems", "check_patterns", "check_repo_names"]
