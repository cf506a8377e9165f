"""``forbidden-import``: modules (and their submodules) a repo must not import."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx, is_python
from wsguard.rules.pyimports import ImportRef, module_matches
from wsguard.rules.validate import MODULE_RE, Fields

if TYPE_CHECKING:
    from wsguard.rules.config import Rule
    from wsguard.rules.source import SourceFile

_RELATIVE = re.compile(rb"\bfrom\s+\.")


def validate_type_checking(fields: Fields) -> bool:
    """``type_checking: allow`` lets ``if TYPE_CHECKING:`` imports through."""
    return fields.string("type_checking", choices=("forbid", "allow")) == "allow"


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    return {
        "modules": fields.names("modules", MODULE_RE, "module name", required=True),
        "allow_type_checking": validate_type_checking(fields),
    }


def may_import(source: SourceFile, modules: tuple[str, ...]) -> bool:
    """False when the bytes prove no import of ``modules`` can be in the file.

    An absolute import names the top-level package literally; a relative one
    can only reach packages sharing the file's own top-level package. The bytes
    searched are the file as Python reads it (:attr:`SourceFile.searchable`).
    """
    data = source.searchable
    if data is None:
        return True  # undecodable: the parse decides (and warns)
    own_top = (source.package or "").split(".")[0]
    for module in modules:
        top = module.split(".")[0]
        if top.encode() in data:
            return True
        if top == own_top and _RELATIVE.search(data) is not None:
            return True  # the byte check first: the regex costs far more
    return False


def _may_match(rule: Rule, source: SourceFile) -> bool:
    return may_import(source, rule.options["modules"])


def matching(ref: ImportRef, modules: tuple[str, ...]) -> str | None:
    """The forbidden module ``ref`` imports, if any."""
    for module in modules:
        for name in ref.candidates():
            if module_matches(name, module):
                return module
    return None


def import_hits(
    refs: list[ImportRef], modules: tuple[str, ...], allow_tc: bool, what: str
) -> Iterator[Hit]:
    for ref in refs:
        if allow_tc and ref.type_checking:
            continue
        module = matching(ref, modules)
        if module is not None:
            yield Hit(
                ref.line, ref.col, ref.statement, f"`{ref.statement}` imports {what} {module}"
            )


def _check(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    opts = rule.options
    tops = frozenset(m.partition(".")[0] for m in opts["modules"])
    return import_hits(
        source.imports_of(tops), opts["modules"], opts["allow_type_checking"], "forbidden module"
    )


KIND = KindSpec(
    name="forbidden-import",
    summary="Python files must not import these modules or their submodules.",
    fields={
        "modules": "list of dotted module names, e.g. [pandas, numpy]",
        "type_checking": "forbid (default) or allow imports under `if TYPE_CHECKING:`",
    },
    validate=_validate,
    issue_type="code_creep",
    check_file=_check,
    accepts=is_python,
    may_match=_may_match,
)
