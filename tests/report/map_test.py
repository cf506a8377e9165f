"""The architecture map: layers, the uses that break them, and a layout that stays readable."""

from __future__ import annotations

import random
import re

from wsguard.report import mapdot, mapsvg
from wsguard.report.mapdata import broken_rules, ranks
from wsguard.report.maplayout import Box, layout, text_width
from wsguard.report.values import ArchMap, MapComponent, MapEdge, MapNode

RULES = [("layers", ["research", "trading", "core"])]


def test_ranks_follow_the_declared_layers() -> None:
    assert ranks(RULES) == {"research": 0, "trading": 1, "core": 2}
    # Two rules: a repo sits below everything any rule puts above it.
    assert ranks([*RULES, ("more", ["apps", "research"])])["core"] == 3


def test_a_lower_layer_using_a_higher_one_breaks_the_rule() -> None:
    assert broken_rules("core", "trading", RULES) == ("layers",)
    assert broken_rules("trading", "core", RULES) == ()
    assert broken_rules("core", "elsewhere", RULES) == ()


def _synthetic(repos: int, seed: int = 7) -> ArchMap:
    rng = random.Random(seed)
    names = [f"acme-{rng.choice(['billing', 'core', 'ml-platform', 'x'])}-service-{i:02d}"
             for i in range(repos)]  # fmt: skip
    nodes = tuple(
        MapNode(n, (n.replace("-", "_"),), None if i % 9 == 0 else i % 5, i % 3)
        for i, n in enumerate(names)
    )
    edges = tuple(
        MapEdge(a, b, rng.randint(1, 40), rng.randint(1, 9), rng.random() < 0.3,
                () if rng.random() < 0.8 else ("layers",))
        for a, b in {(rng.choice(names), rng.choice(names)) for _ in range(repos * 2)}
        if a != b
    )  # fmt: skip
    components = tuple(
        MapComponent(f"Component{i}", rng.choice(names), rng.choice(names), "state")
        for i in range(repos // 5)
    )
    return ArchMap(nodes, edges, components, (("layers", tuple(names[:5])),))


def _overlap(a: Box, b: Box) -> bool:
    return not (
        a.x + a.width <= b.x
        or b.x + b.width <= a.x
        or a.y + a.height <= b.y
        or b.y + b.height <= a.y
    )


def test_fifty_repos_no_label_overlaps_and_every_label_fits_its_box() -> None:
    plan = layout(_synthetic(50))
    assert len(plan.boxes) == 50
    for i, a in enumerate(plan.boxes):
        assert max(text_width(t) for t in a.lines) <= a.width  # the label box is inside
        assert a.x >= 0 and a.x + a.width <= plan.width
        for b in plan.boxes[i + 1 :]:
            assert not _overlap(a, b), (a.name, b.name)
    assert plan.width <= 1300  # wrapped into rows, not one endless line


def test_three_repos_stack_by_layer_highest_on_top() -> None:
    nodes = tuple(MapNode(n, (), r, 0) for n, r in (("core", 2), ("research", 0), ("trading", 1)))
    plan = layout(ArchMap(nodes, (MapEdge("trading", "core", 3, 1, True, ()),), (), ()))
    y = {b.name: b.y for b in plan.boxes}
    assert y["research"] < y["trading"] < y["core"]


def test_svg_titles_escape_and_name_both_ends() -> None:
    nodes = (MapNode("a<b>", (), 0, 0), MapNode("c&d", (), 1, 2))
    edge = MapEdge("c&d", "a<b>", 2, 1, False, ("layers",))
    svg = mapsvg.render(ArchMap(nodes, (edge,), (), ()))
    assert "<b>" not in svg and "a&lt;b&gt;" in svg
    title = re.search(r'class="edge breaks".*?<title>([^<]*)</title>', svg, re.S)
    assert title and title.group(1) == "c&amp;d → a&lt;b&gt;: 2 imports in 1 file; breaks layers"


def test_dot_quotes_names() -> None:
    nodes = (MapNode('we"ird', (), 0, 0), MapNode("b", (), None, 0))
    dot = mapdot.render(ArchMap(nodes, (MapEdge('we"ird', "b", 1, 1, False, ()),), (), ()))
    assert '"we\\"ird" -> "b"' in dot
