from __future__ import annotations

from tests.commands.tracking_helpers import data, run
from wsguard.store.db import Database
from wsguard.tracker.placements import placement_rules


def test_placements_become_rules(db_url: str) -> None:
    run(db_url, "decision", "add", "Engine lives in trading", "--rationale", "r")
    run(db_url, "placement", "set", "TradingEngine", "--repo", "meridian-trading",
        "--path", "src/trading/**", "--decision", "ADR-001")  # fmt: skip
    run(db_url, "placement", "set", "X", "--repo", "r", "--decision", "ADR-404", code=1)
    assert data(db_url, "placement", "list") == [
        {"component": "TradingEngine", "repo": "meridian-trading",
         "path_pattern": "src/trading/**", "decision": "ADR-001"}
    ]  # fmt: skip
    assert "TradingEngine" in run(db_url, "placement", "list").output
    with Database(db_url) as db, db.session_scope() as s:
        (rule,) = placement_rules(s)
    assert (rule.kind, rule.decision) == ("placement", "ADR-001")
    assert rule.options["components"] == ("TradingEngine",)
    assert rule.options["only_in"] == ("meridian-trading",)


def test_states(db_url: str) -> None:
    run(db_url, "state", "set", "TradingEngine", "--current", "meridian-core",
        "--target", "meridian-trading")  # fmt: skip
    run(db_url, "state", "set", "Models", "--current", "meridian-core", "--target", "meridian-core")
    listed = data(db_url, "state", "list")
    assert (listed["at_target"], listed["total"]) == (1, 2)
    assert "1 of 2 at target" in run(db_url, "state", "list").output
