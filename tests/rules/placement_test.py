from __future__ import annotations

from tests.rules.helpers import check, config

RULE = """
- id: trading-in-trading
  kind: placement
  message: trading code lives in meridian-trading
  forbid: ["**/trading/**"]
  components: [TradingLearningEngine, "*Strategy"]
  only_in: [meridian-trading]
"""


def found(files: dict[str, str], repo: str = "meridian-core") -> list[tuple[str, int, int]]:
    return [(f.path, f.line, f.col) for f in check(config(RULE), files, repo=repo)]


def test_forbidden_path() -> None:
    files = {"src/meridian_core/trading/x.txt": "", "src/meridian_core/trade.py": ""}
    assert found(files) == [("src/meridian_core/trading/x.txt", 1, 1)]


def test_components_defined_outside_their_repo() -> None:
    code = (
        "class TradingLearningEngine:\n    pass\n"
        "def make():\n    class MeanStrategy: ...\n"
        "x = 'class TradingLearningEngine'\n"
        "from elsewhere import TradingLearningEngine\n"
        "class TradingLearningEngineTest: ...\n"
    )
    assert found({"src/meridian_core/eng.py": code}) == [
        ("src/meridian_core/eng.py", 1, 1),
        ("src/meridian_core/eng.py", 4, 5),
    ]


def test_allowed_repo() -> None:
    files = {"src/x/trading/a.py": "class TradingLearningEngine: ..."}
    assert found(files, repo="meridian-trading") == []


def test_literal_names_prefilter() -> None:
    rule = RULE.replace('[TradingLearningEngine, "*Strategy"]', "[TradingLearningEngine]")
    assert check(config(rule), {"a.py": "def (:"}) == []  # cannot match: never parsed
