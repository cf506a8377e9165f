"""``# wsguard: ignore[rule-id] because …`` comments."""

from __future__ import annotations

import re
from typing import NamedTuple

from wsguard.rules.source import SourceFile

MARKER = b"wsguard:"
_COMMENT = re.compile(r"#\s*wsguard:\s*ignore\[([^\]]*)\](.*)$")


class Suppression(NamedTuple):
    line: int
    col: int
    rule_ids: tuple[str, ...]
    reason: str  # "" for a bare suppression
    text: str  # the comment, normalised (fingerprint anchor)


def _parse(comment: str, line: int, col: int) -> Suppression | None:
    match = _COMMENT.search(comment)
    if match is None:
        return None
    ids = tuple(i.strip() for i in match.group(1).split(",") if i.strip())
    reason = match.group(2).strip()
    reason = re.sub(r"^(because\b|--|—|:)\s*", "", reason).strip()
    return Suppression(line, col + match.start(), ids, reason, " ".join(match.group(0).split()))


def _python_comments(text: str) -> list[tuple[str, int, int]] | None:
    """The comments of Python source; None if it does not tokenize."""
    import io
    import tokenize  # lazy: only files holding the marker get here

    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, RecursionError, MemoryError):
        return None
    return [(t.string, t.start[0], t.start[1] + 1) for t in tokens if t.type == tokenize.COMMENT]


def suppressions(source: SourceFile) -> list[Suppression]:
    """The suppression comments of a readable file (Python: real comments only)."""
    if MARKER not in source.data:
        return []
    text = source.text
    comments: list[tuple[str, int, int]] | None = None
    if source.path.endswith((".py", ".pyi")):
        comments = _python_comments(text)
    if comments is None:
        comments = [
            (line[line.index("#") :], n, line.index("#") + 1)
            for n, line in enumerate(source.lines, 1)
            if "#" in line
        ]
    found = []
    for comment, line, col in comments:
        parsed = _parse(comment, line, col)
        if parsed is not None:
            found.append(parsed)
    return found
