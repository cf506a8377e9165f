"""``placement``: paths that must not exist in a repo, and components that live elsewhere.

``forbid`` lists gitignore-style patterns of paths that must not exist in the
repos in scope (all but ``only_in``). ``components`` lists class or function
names (globs) that may be defined only in the ``only_in`` repos.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wsguard.rules.globs import matcher
from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx, is_python
from wsguard.rules.validate import Fields, check_patterns, check_repo_names

if TYPE_CHECKING:
    from wsguard.rules.config import Rule
    from wsguard.rules.source import SourceFile


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    forbid = fields.strings("forbid")
    check_patterns(fields, "forbid", forbid)
    components = fields.strings("components")
    only_in = fields.strings("only_in")
    check_repo_names(fields, "only_in", only_in, ctx.repos)
    if not forbid and not components:
        fields.error(
            None, "a placement rule needs 'forbid' (paths) or 'components' (names), or both"
        )
    if components and not only_in:
        fields.error(None, "'components' needs 'only_in': the repos where they may be defined")
    return {"forbid": forbid, "components": components, "only_in": only_in}


def _allowed_here(rule: Rule, repo: str) -> bool:
    return any(fnmatch.fnmatchcase(repo, r) for r in rule.options["only_in"])


def _may_match(rule: Rule, source: SourceFile) -> bool:
    opts = rule.options
    if _allowed_here(rule, source.repo):
        return False
    if opts["forbid"] and matcher(opts["forbid"])(source.path):
        return True
    if not opts["components"] or not is_python(source.path):
        return False
    literal = [c for c in opts["components"] if not any(ch in c for ch in "*?[")]
    if len(literal) < len(opts["components"]):
        return True
    data = source.searchable
    return data is None or any(name.encode() in data for name in literal)


def _check(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    opts = rule.options
    if _allowed_here(rule, source.repo):
        return
    where = f" (allowed only in {', '.join(opts['only_in'])})" if opts["only_in"] else ""
    if opts["forbid"] and matcher(opts["forbid"])(source.path):
        yield Hit(1, 1, f"path {source.path}", f"{source.path} must not exist here{where}")
    if opts["components"] and is_python(source.path):
        for d in source.definitions:
            if any(fnmatch.fnmatchcase(d.name, c) for c in opts["components"]):
                yield Hit(
                    d.line, d.col, f"{d.kind} {d.name}", f"{d.kind} {d.name} is defined here{where}"
                )


KIND = KindSpec(
    name="placement",
    summary="Paths that must not exist in a repo; classes/functions that live only in named repos.",
    fields={
        "forbid": "gitignore-style patterns of paths that must not exist (e.g. ['**/trading/**'])",
        "components": "class or function names (globs) defined only in the `only_in` repos",
        "only_in": "repos (names or globs) exempt from `forbid` and where `components` live",
    },
    validate=_validate,
    issue_type="code_creep",
    check_file=_check,
    may_match=_may_match,
)
