"""``forbidden-pattern``: a regular expression that must not match file content.

Patterns are compiled with RE2 (linear-time matching), so a pattern cannot
stall a commit through catastrophic backtracking; RE2 refuses backreferences
and lookaround, and such patterns are rejected when the rules are loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx
from wsguard.rules.validate import Fields

if TYPE_CHECKING:
    from wsguard.rules.config import Rule
    from wsguard.rules.source import SourceFile

MAX_HITS = 100  # per file and rule: enough to act on, bounded output


@lru_cache(maxsize=256)
def compile_pattern(pattern: str, ignore_case: bool) -> Any:
    import re2  # lazy: only rules files with patterns pay for it

    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.never_capture = True
    options.max_mem = 8 << 20
    options.log_errors = False  # RE2 would log to stderr; we report the error ourselves
    return re2.compile(pattern, options)


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    pattern = fields.string("pattern", required=True)
    ignore_case = fields.boolean("ignore_case", False)
    if pattern is not None:
        try:
            compile_pattern(pattern, ignore_case)
        except Exception as exc:  # re2.error; message names the construct
            reason = exc.args[0] if exc.args else exc
            if isinstance(reason, bytes):
                reason = reason.decode("utf-8", "replace")
            fields.error(
                "pattern",
                f"bad pattern {pattern!r}: {reason} (expected an RE2 regular expression: "
                "no backreferences or lookaround)",
            )
    return {"pattern": pattern, "ignore_case": ignore_case}


def _check(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    regex = compile_pattern(rule.options["pattern"], rule.options["ignore_case"])
    text = source.text
    line, line_start, scanned = 1, 0, 0
    for count, match in enumerate(regex.finditer(text)):
        if count >= MAX_HITS:
            break
        start = match.start()
        newlines = text.count("\n", scanned, start)
        if newlines:
            line += newlines
            line_start = text.rindex("\n", scanned, start) + 1
        scanned = start
        matched = match.group(0)
        shown = " ".join(matched.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        yield Hit(
            line, start - line_start + 1, " ".join(matched.split())[:200], f"matches `{shown}`"
        )


KIND = KindSpec(
    name="forbidden-pattern",
    summary="A regular expression (RE2 syntax) that must not match file content.",
    fields={
        "pattern": "an RE2 regular expression; `^`/`$` match at line boundaries only with (?m)",
        "ignore_case": "true to match case-insensitively (default false)",
    },
    validate=_validate,
    issue_type="governance",
    check_file=_check,
)
