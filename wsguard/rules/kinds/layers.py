"""``layers``: an order of repos or packages; a lower layer must not import a higher one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx, is_python
from wsguard.rules.kinds.forbidden_import import import_hits, may_import, validate_type_checking
from wsguard.rules.pyimports import module_matches
from wsguard.rules.validate import MODULE_RE, Fields

if TYPE_CHECKING:
    from wsguard.rules.config import Rule
    from wsguard.rules.source import SourceFile


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    entries = fields.strings("layers", required=True)
    layers: list[tuple[str, tuple[str, ...]]] = []  # (entry, packages it provides)
    import re

    for i, entry in enumerate(entries):
        repo = ctx.repos.get(entry)
        if repo is not None:
            if not repo.packages:
                fields.error(
                    "layers", f"repo '{entry}' lists no 'packages' (needed to know its imports)", i
                )
            layers.append((entry, repo.packages))
        elif re.fullmatch(MODULE_RE, entry):
            layers.append((entry, (entry,)))
        else:
            known = ", ".join(sorted(ctx.repos)) or "none"
            fields.error(
                "layers", f"'{entry}' is neither a repo (known: {known}) nor a package name", i
            )
    if len(entries) < 2:
        fields.error("layers", "'layers' needs at least two entries, highest first")
    return {"layers": tuple(layers), "allow_type_checking": validate_type_checking(fields)}


def _layer_of(layers: tuple[tuple[str, tuple[str, ...]], ...], source: SourceFile) -> int | None:
    for index, (entry, packages) in enumerate(layers):
        if entry == source.repo or any(module_matches(source.module or "", p) for p in packages):
            return index
    return None


def _above(rule: Rule, source: SourceFile) -> tuple[str, ...]:
    layers = rule.options["layers"]
    index = _layer_of(layers, source)
    if index is None:
        return ()
    return tuple(p for _, packages in layers[:index] for p in packages)


def _may_match(rule: Rule, source: SourceFile) -> bool:
    above = _above(rule, source)
    return bool(above) and may_import(source, above)


def _check(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    above = _above(rule, source)
    return import_hits(source.imports, above, rule.options["allow_type_checking"], "higher layer")


KIND = KindSpec(
    name="layers",
    summary="Layers listed highest first: code in a layer must not import any layer above it.",
    fields={
        "layers": "list of repo names (their `packages`) or package names, highest first",
        "type_checking": "forbid (default) or allow imports under `if TYPE_CHECKING:`",
    },
    validate=_validate,
    issue_type="code_creep",
    check_file=_check,
    accepts=is_python,
    may_match=_may_match,
)
