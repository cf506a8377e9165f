"""``forbidden-dependency``: packages a repo must not declare in its manifests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx
from wsguard.rules.manifests import Dependency, dependencies, is_manifest, normalise_name
from wsguard.rules.source import Unreadable
from wsguard.rules.validate import Fields

if TYPE_CHECKING:
    from wsguard.rules.config import Rule
    from wsguard.rules.source import SourceFile


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    packages = fields.names(
        "packages", r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?|\*", "package name", required=True
    )
    return {"packages": tuple(sorted({normalise_name(p) for p in packages}))}


def declared(source: SourceFile, read: Callable[[str], bytes | None]) -> list[Dependency]:
    """Manifest declarations; a manifest that does not parse is unreadable, not empty."""
    try:
        return dependencies(source, read)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise Unreadable(f"cannot parse {source.path}: {exc}") from None


def _check(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    banned = rule.options["packages"]
    # -r includes resolve against the staged batch, then the rest of the repository
    for dep in declared(source, source.read_sibling):
        if dep.name in banned:
            yield Hit(
                dep.line,
                dep.col,
                f"{dep.name} {dep.spec}".strip(),
                f"declares forbidden dependency {dep.name} ({dep.text})",
            )


KIND = KindSpec(
    name="forbidden-dependency",
    summary="Packages that must not be declared in pyproject.toml, requirements*.txt or setup.cfg.",
    fields={"packages": "list of distribution names (PEP 503 normalised when compared)"},
    validate=_validate,
    issue_type="code_creep",
    check_file=_check,
    accepts=is_manifest,
    reads_siblings=True,  # requirements files include others (-r)
)
