"""Component placements recorded in the database (``wsguard placement set``) as rules."""

from __future__ import annotations

import re

from wsguard.rules.config import Rule, make_rule


def rule_id(component: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", component).strip("-.") or "component"
    return f"placement-{slug}"[:64]


def placement_rule(
    component: str, repo: str, path_pattern: str | None, decision: str | None
) -> Rule:
    """``component`` may be defined only in ``repo``."""
    where = repo + (f" ({path_pattern})" if path_pattern else "")
    return make_rule(
        id=rule_id(component),
        kind="placement",
        message=f"{component} belongs in {where}",
        components=[component],
        only_in=[repo],
        decision=decision,
        issue_type="code_creep",
    )
