from __future__ import annotations

import contextlib
import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.rules.helpers import config
from wsguard.errors import ConfigError
from wsguard.rules.config import load_config, load_config_text, make_rule
from wsguard.rules.pyimports import module_for_path, resolve_relative

ROOT_RULES = Path(__file__).parents[2] / "rules.yaml"


def test_project_rules_file_loads() -> None:
    cfg = load_config(ROOT_RULES)
    assert {r.kind for r in cfg.rules} >= {"forbidden-import", "layers", "required-file"}
    assert cfg.repos["meridian-core"].packages == ("meridian_core",)
    assert len(cfg.digest) == 64


def test_digest_ignores_comments_and_formatting() -> None:
    a = load_config_text(
        "version: 1\nrules:\n  - {id: a, kind: forbidden-import, message: m, modules: [x]}\n"
    )
    b = load_config_text(
        "# policy\nversion: 1\nrules:\n  - id: a\n    kind: forbidden-import\n"
        "    message: m\n    modules:\n      - x\n"
    )
    c = load_config_text(
        "version: 1\nrules:\n  - {id: a, kind: forbidden-import, message: m, modules: [y]}\n"
    )
    assert a.digest == b.digest != c.digest


def test_defaults_and_scope() -> None:
    (rule,) = config("""
- id: a
  kind: forbidden-import
  message: m
  modules: pandas
  repos: ["meridian-*"]
  paths: ["src/**"]
  exclude: ["**/tests/**"]
""").rules
    assert rule.severity == "error" and rule.blocking and rule.issue_type == "code_creep"
    assert rule.options["modules"] == ("pandas",)
    assert rule.applies_to_repo("meridian-core") and not rule.applies_to_repo("other")
    assert rule.applies_to_path("src/a/b.py")
    assert not rule.applies_to_path("src/a/tests/b.py")
    assert not rule.applies_to_path("docs/b.py")


def test_make_rule_validates_like_yaml() -> None:
    rule = make_rule(
        id="placement-engine",
        kind="placement",
        message="m",
        components=("TradingLearningEngine",),
        only_in=("meridian-trading",),
        decision="ADR-002",
    )
    assert rule.options["components"] == ("TradingLearningEngine",)
    with pytest.raises(ConfigError) as err:
        make_rule(id="x", kind="placement", message="m", components=["A"], severity="loud")
    assert "only_in" in str(err.value) and "severity" in str(err.value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_loader_never_crashes_on_text(text: str) -> None:
    with contextlib.suppress(ConfigError):
        load_config_text(text)


_FIELD = st.sampled_from(
    [
        "id",
        "kind",
        "message",
        "severity",
        "repos",
        "paths",
        "modules",
        "layers",
        "pattern",
        "files",
        "forbid",
        "components",
        "only_in",
        "packages",
        "version",
        "type_checking",
        "canonical_repo",
        "x",
    ]
)
_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(
        ["forbidden-import", "layers", "placement", "synced-file", "error", "**", "!"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(_FIELD, _VALUE, max_size=6), max_size=4), _VALUE)
def test_loader_never_crashes_on_structures(rules: list[dict[str, object]], repos: object) -> None:
    import yaml

    text = yaml.safe_dump({"version": 1, "repos": repos, "rules": rules})
    with contextlib.suppress(ConfigError):
        load_config_text(text)


_IDENT = st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True)


@given(st.lists(_IDENT, max_size=4), st.integers(0, 6), st.none() | _IDENT)
def test_relative_resolution_matches_importlib(
    package: list[str], level: int, module: str | None
) -> None:
    pkg = ".".join(package) or None
    ours = resolve_relative(level, module, pkg)
    if level == 0:
        assert ours == module
        return
    name = "." * level + (module or "")
    try:
        expected = importlib.util.resolve_name(name, pkg)
    except (ImportError, ValueError):
        expected = None
    assert ours == expected


@given(st.lists(_IDENT, min_size=1, max_size=4), _IDENT, st.booleans())
def test_module_for_path_round_trip(folders: list[str], stem: str, init: bool) -> None:
    name = "__init__" if init else stem
    path = "src/" + "/".join(folders) + f"/{name}.py"
    module, package = module_for_path(path, ("src",))
    assert package == ".".join(folders)
    assert module == (package if init else f"{package}.{stem}")
    all_paths = {"/".join(["src", *folders[: i + 1], "__init__.py"]) for i in range(len(folders))}
    assert module_for_path(path, (), all_paths) == (module, package)


def test_a_mistyped_kind_gets_a_suggestion() -> None:
    with pytest.raises(ConfigError) as err:
        make_rule(id="x", kind="forbidden-imports", message="m", modules=["pandas"])
    assert "did you mean 'forbidden-import'?" in str(err.value)
