"""Do two declarations of a package agree? Decided on meaning, with PyPA's ``packaging``.

``==2.0`` and ``==2.0.0`` are one version (PEP 440); ``>=2.0,<3`` and
``<3, >=2.0`` are one range. Two declarations conflict when they pin
different versions or their ranges have no version in common; declarations
whose environment markers never hold together (Windows only, Linux only)
never conflict. Imported only when a manifest is checked.
"""

from __future__ import annotations

from functools import lru_cache

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

# Environments a marker is tried in: the three desktop platforms × supported Pythons.
_PLATFORMS = (
    {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
)
_PYTHONS = tuple(f"3.{minor}" for minor in range(8, 16))
_MACHINES = ("x86_64", "aarch64")


def _environments() -> list[dict[str, str]]:
    out = []
    for platform in _PLATFORMS:
        for python in _PYTHONS:
            for machine in _MACHINES:
                env = dict(platform)
                env.update(
                    python_version=python,
                    python_full_version=f"{python}.0",
                    implementation_name="cpython",
                    platform_python_implementation="CPython",
                    implementation_version=f"{python}.0",
                    platform_machine=machine,
                    platform_release="",
                    platform_version="",
                    extra="",
                )
                out.append(env)
    return out


_ENVS = _environments()


@lru_cache(maxsize=1024)
def where(marker: str) -> frozenset[int]:
    """The sample environments (indices) where ``marker`` holds; all of them for ``""``."""
    if not marker:
        return frozenset(range(len(_ENVS)))
    try:
        parsed = Marker(marker)
    except InvalidMarker:
        return frozenset(range(len(_ENVS)))  # unknown: assume it may apply anywhere
    held = set()
    for i, env in enumerate(_ENVS):
        try:
            # an `extra == "x"` clause: the extra counts as requested
            if parsed.evaluate(env) or ("extra" in marker and _with_extras(parsed, env)):
                held.add(i)
        except (UndefinedComparison, UndefinedEnvironmentName):
            held.add(i)
    return frozenset(held)


def _with_extras(marker: Marker, env: dict[str, str]) -> bool:
    import re

    names = re.findall(r"""extra\s*==\s*["']([^"']+)["']""", str(marker))
    return any(marker.evaluate({**env, "extra": name}) for name in names)


def markers_overlap(a: str, b: str) -> bool:
    return bool(where(a) & where(b))


@lru_cache(maxsize=4096)
def specifiers(spec: str) -> SpecifierSet | None:
    try:
        return SpecifierSet(spec)
    except InvalidSpecifier:
        return None


def _candidates(*sets: SpecifierSet) -> list[Version]:
    """Versions at, just above and far from every bound the sets mention."""
    out = [Version("0"), Version("0.dev0"), Version("99999")]
    for spec_set in sets:
        for spec in spec_set:
            text = spec.version.removesuffix(".*")
            try:
                version = Version(text)
            except InvalidVersion:
                continue  # `===arbitrary`
            release = ".".join(str(part) for part in version.release)
            out += [version, Version(f"{release}.0.0.0.1"), Version(f"{release}.dev0")]
    return out


def overlap(a: str, b: str) -> bool:
    """Do specifier sets ``a`` and ``b`` (``""`` = any version) allow a common version?"""
    first, second = specifiers(a), specifiers(b)
    if first is None or second is None:
        return a.replace(" ", "") == b.replace(" ", "")  # not PEP 440: compare as written
    arbitrary = [s.version for s in (*first, *second) if s.operator == "==="]
    if arbitrary:
        return len(set(arbitrary)) == 1
    return any(
        first.contains(v, prereleases=True) and second.contains(v, prereleases=True)
        for v in _candidates(first, second)
    )


def pinned(spec: str) -> Version | None:
    """The one version ``spec`` allows (``==2.0``, not ``==2.*``), else None."""
    parsed = specifiers(spec)
    if parsed is None:
        return None
    for one in parsed:
        if one.operator == "==" and not one.version.endswith(".*"):
            try:
                return Version(one.version)
            except InvalidVersion:
                return None
    return None


def same(a: str, b: str) -> bool:
    """Equal in meaning: ``==2.0`` is ``==2.0.0``, ``>=2.0,<3`` is ``<3, >=2``."""
    first, second = specifiers(a), specifiers(b)
    if first is None or second is None:
        return a.replace(" ", "") == b.replace(" ", "")
    return first == second


def conflict(a: str, b: str) -> str | None:
    """Why declarations ``a`` and ``b`` disagree, or None when they can agree."""
    first, second = pinned(a), pinned(b)
    if first is not None and second is not None:
        return None if first == second else "they pin different versions"
    if not overlap(a, b):
        return "their ranges exclude each other"
    return None
