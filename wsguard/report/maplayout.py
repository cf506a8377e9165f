"""Where each box and arrow of the architecture map goes: a layered (Sugiyama-style) layout.

Repos are ranked by the declared layers (highest on top, so allowed uses point
down; repos no layers rule places get their own row at the bottom), ordered
within a rank by the barycenter of their neighbours to reduce crossings, and a
rank too wide for the page wraps into several rows. Boxes are sized from their
text, so no label ever spills out of its box, and no two boxes overlap.
Only numbers and strings come out of here; ``mapsvg`` draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from wsguard.report.values import ArchMap, MapComponent, MapEdge, MapNode

CHAR_W = 7.0  # width of a character of the map's 12 px font, generously
LINE_H = 15
PAD_X, PAD_Y = 10, 7
GAP_X, ROW_GAP, RANK_GAP = 22, 26, 64
GUTTER = 92  # left column naming the layers
MAX_WIDTH = 1080  # a rank wider than this wraps
MIN_BOX = 96
MIN_WIDTH = 860
MAX_CHARS = 34  # longer package lists are cut with an ellipsis
SWEEPS = 4


class Box(NamedTuple):
    name: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]  # the name first, then packages and components
    node: MapNode

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


class Band(NamedTuple):
    label: str
    y: float
    height: float


class Arrow(NamedTuple):
    edge: MapEdge
    path: str  # SVG path data


class Layout(NamedTuple):
    width: float
    height: float
    boxes: tuple[Box, ...]
    bands: tuple[Band, ...]
    arrows: tuple[Arrow, ...]
    moves: tuple[tuple[MapComponent, str], ...]  # a component not at its target, its path


def cut(text: str, limit: int = MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def box_lines(node: MapNode, components: Sequence[MapComponent]) -> tuple[str, ...]:
    lines = [node.name]
    if node.packages:
        lines.append(cut(", ".join(node.packages)))
    for c in components:
        mark = "✓" if c.at_target else "→ " + c.target
        lines.append(cut(f"◆ {c.name} {mark}"))
    return tuple(lines)


def text_width(text: str) -> float:
    return len(text) * CHAR_W


def _size(lines: Sequence[str]) -> tuple[float, float]:
    width = max(MIN_BOX, max(text_width(t) for t in lines) + 2 * PAD_X)
    return width, len(lines) * LINE_H + 2 * PAD_Y


def _order(ranked: list[list[str]], links: dict[str, set[str]]) -> list[list[str]]:
    """Barycenter ordering: each rank sorted by the mean position of its neighbours in the
    ranks already placed, sweeping down then up."""
    position = {n: i for rank in ranked for i, n in enumerate(rank)}
    for sweep in range(SWEEPS):
        sequence = ranked if sweep % 2 == 0 else list(reversed(ranked))
        for rank in sequence[1:]:
            centers = {n: _barycenter(n, links, position, set(rank)) for n in rank}
            rank.sort(key=lambda n: (centers[n], n))
            for i, n in enumerate(rank):
                position[n] = i
    return ranked


def _barycenter(
    name: str, links: dict[str, set[str]], position: dict[str, int], members: set[str]
) -> float:
    near = [position[m] for m in links.get(name, ()) if m not in members]
    return sum(near) / len(near) if near else position[name]


def layout(data: ArchMap) -> Layout:
    by_repo: dict[str, list[MapComponent]] = {}
    for c in data.components:
        by_repo.setdefault(c.current or c.target, []).append(c)
    nodes = {n.name: n for n in data.nodes}
    levels = sorted({n.rank for n in data.nodes if n.rank is not None})
    bottom = (levels[-1] + 1) if levels else 0
    ranked: dict[int, list[str]] = {}
    for n in data.nodes:
        ranked.setdefault(n.rank if n.rank is not None else bottom, []).append(n.name)
    links: dict[str, set[str]] = {}
    for e in data.edges:
        links.setdefault(e.source, set()).add(e.target)
        links.setdefault(e.target, set()).add(e.source)
    order = _order([sorted(ranked[k]) for k in sorted(ranked)], links)
    boxes: dict[str, Box] = {}
    bands: list[Band] = []
    y = 12.0
    widest = 0.0
    rows_of: list[list[Box]] = []
    for k, names in zip(sorted(ranked), order, strict=True):
        top = y
        row: list[Box] = []
        x = 0.0
        for name in names:
            lines = box_lines(nodes[name], by_repo.get(name, []))
            w, h = _size(lines)
            if row and x + w > MAX_WIDTH:
                rows_of.append(row)
                y += max(b.height for b in row) + ROW_GAP
                row, x = [], 0.0
            row.append(Box(name, x, y, w, h, lines, nodes[name]))
            x += w + GAP_X
        rows_of.append(row)
        y += max(b.height for b in row)
        label = f"layer {k + 1}" if k < bottom else "no layer"
        bands.append(Band(label, top - 8, y - top + 16))
        y += RANK_GAP
    for row in rows_of:  # center each row
        used = row[-1].x + row[-1].width
        widest = max(widest, used)
    widest = max(widest, MIN_WIDTH - GUTTER - 20)  # room for the legend
    for row in rows_of:
        used = row[-1].x + row[-1].width
        shift = GUTTER + (widest - used) / 2
        for b in row:
            boxes[b.name] = b._replace(x=b.x + shift)
    drawn = [e for e in data.edges if e.source in boxes and e.target in boxes]
    ports = _ports(drawn, boxes)
    arrows = tuple(
        Arrow(e, _path(boxes[e.source], boxes[e.target], ports[(e.source, e.target)], boxes))
        for e in sorted(drawn, key=lambda e: (not e.allowed, e.source, e.target))
    )
    moves = tuple(
        (c, _move(boxes[c.current], boxes[c.target], c))
        for c in data.components
        if c.current and not c.at_target and c.current in boxes and c.target in boxes
    )
    height = y - RANK_GAP + 20 if boxes else 40
    return Layout(GUTTER + widest + 20, height, tuple(boxes.values()), tuple(bands), arrows, moves)


def _ports(
    edges: Sequence[MapEdge], boxes: dict[str, Box]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Where each edge leaves its source and enters its target, along the box's side: the
    ends on one side are spread out in the order of the box at the other end, so two
    uses between the same boxes (one each way) are two lines, not one."""
    sides: dict[tuple[str, str], list[tuple[float, str, tuple[str, str]]]] = {}
    for e in edges:
        a, b = boxes[e.source], boxes[e.target]
        down = b.y >= a.y
        sides.setdefault((e.source, "bottom" if down else "top"), []).append(
            (b.center[0], "out", (e.source, e.target))
        )
        sides.setdefault((e.target, "top" if down else "bottom"), []).append(
            (a.center[0], "in", (e.source, e.target))
        )
    spot: dict[tuple[str, str, str], float] = {}
    for (name, _side), ends in sides.items():
        box = boxes[name]
        ends.sort()
        for i, (_, way, key) in enumerate(ends):
            spot[(way, key[0], key[1])] = box.x + box.width * (i + 1) / (len(ends) + 1)
    return {
        (e.source, e.target): (spot[("out", e.source, e.target)], spot[("in", e.source, e.target)])
        for e in edges
    }


def _path(a: Box, b: Box, xs: tuple[float, float], boxes: dict[str, Box]) -> str:
    """A curve from box ``a`` to box ``b``: bottom to top going down, top to bottom going up,
    arching over the row when both are in one row; around the boxes in between when the
    straight way would cross one."""
    x1, x2 = xs
    if b.y >= a.y + a.height:  # down
        y1, y2 = a.y + a.height, b.y
    elif a.y >= b.y + b.height:  # up
        y1, y2 = a.y, b.y + b.height
    else:  # same row
        y1, y2 = a.y, b.y
        lift = 30 + abs(x2 - x1) / 8
        return (
            f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 - lift:.1f} "
            f"{x2:.1f},{y2 - lift:.1f} {x2:.1f},{y2:.1f}"
        )
    low, high = min(y1, y2), max(y1, y2)
    left, right = min(x1, x2) - 8, max(x1, x2) + 8
    between = [
        box
        for box in boxes.values()
        if box.y > low and box.y + box.height < high and box.x < right and box.x + box.width > left
    ]
    bend = (y2 - y1) / 2
    if between:  # go round on the right: a cubic reaches 3/4 of the way to its controls
        side = max(box.x + box.width for box in between) + 30
        cx1 = x1 + (side - x1) / 0.75
        cx2 = x2 + (side - x2) / 0.75
        return (
            f"M{x1:.1f},{y1:.1f} C{cx1:.1f},{y1 + bend:.1f} "
            f"{cx2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}"
        )
    return (
        f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}"
    )


def _move(a: Box, b: Box, component: MapComponent) -> str:
    """From the component's line in box ``a`` round the right to the side of box ``b``."""
    line = next((i for i, t in enumerate(a.lines) if t.startswith(f"◆ {component.name} ")), 0)
    x1, y1 = a.x + a.width, a.y + PAD_Y + LINE_H * line + LINE_H / 2
    x2, y2 = b.x + b.width, b.y + b.height / 2
    reach = max(x1, x2) + 40
    return f"M{x1:.1f},{y1:.1f} C{reach:.1f},{y1:.1f} {reach:.1f},{y2:.1f} {x2 + 2:.1f},{y2:.1f}"
