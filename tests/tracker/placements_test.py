"""wsguard.tracker.placements: where components belong (as rules) and where they are."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from wsguard.errors import NotFoundError, UsageError
from wsguard.tracker import decisions, placements


def test_set_replaces_and_list_is_sorted(session: Session) -> None:
    decisions.add_decision(session, "engine moves", "r", decision_id="ADR-001")
    placements.set_placement(session, "TradingEngine", "meridian-core")
    placements.set_placement(session, "DataFeed", "meridian-data", "src/feeds/**")
    moved = placements.set_placement(
        session, "TradingEngine", "meridian-trading", "src/trading/**", "ADR-001"
    )
    assert moved == {
        "component": "TradingEngine",
        "repo": "meridian-trading",
        "path_pattern": "src/trading/**",
        "decision": "ADR-001",
    }
    assert [(p["component"], p["repo"]) for p in placements.list_placements(session)] == [
        ("DataFeed", "meridian-data"),
        ("TradingEngine", "meridian-trading"),
    ]
    # Setting it again without a pattern or decision clears them.
    again = placements.set_placement(session, "TradingEngine", "meridian-trading")
    assert (again["path_pattern"], again["decision"]) == (None, None)


def test_set_refusals(session: Session) -> None:
    with pytest.raises(UsageError, match="a placement needs a component and --repo"):
        placements.set_placement(session, " ", "meridian-core")
    with pytest.raises(UsageError, match="a placement needs a component and --repo"):
        placements.set_placement(session, "TradingEngine", "")
    with pytest.raises(NotFoundError, match="no decision 'ADR-404'"):
        placements.set_placement(session, "TradingEngine", "meridian-core", decision="ADR-404")
    assert placements.list_placements(session) == []


def test_each_placement_is_a_placement_rule(session: Session) -> None:
    assert placements.placement_rules(session) == []
    decisions.add_decision(session, "engine moves", "r", decision_id="ADR-001")
    placements.set_placement(session, "Trading Engine", "meridian-trading", "src/**", "ADR-001")
    placements.set_placement(session, "DataFeed", "meridian-data")
    feed, engine = placements.placement_rules(session)
    assert (engine.id, engine.kind, engine.severity) == (
        "placement-Trading-Engine",
        "placement",
        "error",
    )
    assert engine.message == "Trading Engine belongs in meridian-trading (src/**)"
    assert (engine.decision, engine.issue_type) == ("ADR-001", "code_creep")
    assert (feed.id, feed.message, feed.decision) == (
        "placement-DataFeed",
        "DataFeed belongs in meridian-data",
        None,
    )


def test_states_say_which_components_are_at_their_target(session: Session) -> None:
    assert placements.list_states(session) == {"states": [], "at_target": 0, "total": 0}
    placements.set_state(session, "TradingEngine", "meridian-core", "meridian-trading")
    placements.set_state(session, "DataFeed", "meridian-data", "meridian-data")
    state = placements.list_states(session)
    assert (state["at_target"], state["total"]) == (1, 2)
    assert [(s["component"], s["at_target"]) for s in state["states"]] == [
        ("DataFeed", True),
        ("TradingEngine", False),
    ]
    moved = placements.set_state(session, "TradingEngine", "meridian-trading", "meridian-trading")
    assert moved["at_target"] is True and moved["recorded_at"] is not None
    assert placements.list_states(session)["at_target"] == 2
