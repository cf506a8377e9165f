from __future__ import annotations

from tests.rules.helpers import check, config

RULE = """
- id: layered
  kind: layers
  message: lower layers must not import higher ones
  layers: [meridian-research, meridian-trading, meridian-core]
"""


def found(code: str, repo: str) -> list[int]:
    return [f.line for f in check(config(RULE), {"src/pkg/m.py": code}, repo=repo)]


def test_core_must_not_import_higher_layers() -> None:
    code = "import meridian_trading.engine\nfrom meridian_research import x\nimport meridian_core\n"
    assert found(code, "meridian-core") == [1, 2]


def test_higher_layers_may_import_lower_ones() -> None:
    code = "import meridian_core\nfrom meridian_trading import x\n"
    assert found(code, "meridian-research") == []
    assert found("import meridian_research", "meridian-trading") == [1]


def test_package_layers() -> None:
    rule = RULE.replace(
        "[meridian-research, meridian-trading, meridian-core]", "[app.ui, app.domain]"
    )
    files = {"src/app/domain/model.py": "from ..ui import widgets\nfrom . import other\n"}
    assert [f.line for f in check(config(rule), files, repo="x")] == [1]


def test_repo_without_packages_is_a_config_error() -> None:
    import pytest

    from wsguard.errors import ConfigError

    with pytest.raises(ConfigError, match="lists no 'packages'"):
        config(
            RULE,
            repos="repos:\n  meridian-core: {}\n  meridian-trading: {}\n  meridian-research: {}\n",
        )
