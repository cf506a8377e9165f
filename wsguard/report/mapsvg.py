"""The architecture map as one self-contained SVG: no script, no font, no link.

Every text is escaped here (``html.escape`` quotes attributes too), so the HTML
report can inline the result as it is. Uses that break a layers rule are drawn
red *and* dashed, so they stand apart without colour as well.
"""

from __future__ import annotations

from html import escape

from wsguard.report.maplayout import LINE_H, PAD_X, PAD_Y, Layout, layout
from wsguard.report.values import ArchMap

ALLOWED, BREAKS, DECLARED, MOVE = "#57606a", "#cf222e", "#0969da", "#8250df"
LEGEND_H = 64
BUSY = 30  # more uses than this: allowed ones are drawn lighter
MARKERS = (("wsg-arrow", ALLOWED), ("wsg-arrow-breaks", BREAKS), ("wsg-arrow-move", MOVE))


def _marker(name: str, color: str) -> str:
    return (
        f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
    )


def _stroke(allowed: bool, imports: int, busy: bool) -> str:
    width = min(1.2 + imports / 10, 3.0)
    if allowed:
        fade = ' stroke-opacity="0.45"' if busy else ""  # many uses: let the breaking ones show
        return f'stroke="{ALLOWED}" stroke-width="{width:.1f}"{fade} marker-end="url(#wsg-arrow)"'
    return (
        f'stroke="{BREAKS}" stroke-width="{width + 0.5:.1f}" stroke-dasharray="7 4" '
        'marker-end="url(#wsg-arrow-breaks)"'
    )


def render(data: ArchMap, *, standalone: bool = False) -> str:
    """The map; ``standalone`` adds the XML prolog and a white background (``--format svg``)."""
    plan: Layout = layout(data)
    width, height = plan.width, plan.height + LEGEND_H
    out = []
    if standalone:
        out.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.append(
        f'<svg id="arch-map" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">'
    )
    out.append(
        "<title>Architecture map: repositories by layer, highest on top; arrows are uses "
        "(imports and declared dependencies), red dashed ones break a layers rule</title>"
    )
    out.append("<defs>" + "".join(_marker(n, c) for n, c in MARKERS) + "</defs>")
    if standalone:
        out.append(f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>')
    for i, band in enumerate(plan.bands):
        fill = "#f6f8fa" if i % 2 == 0 else "#ffffff"
        out.append(
            f'<rect class="band" x="0" y="{band.y:.1f}" width="{width:.0f}" '
            f'height="{band.height:.1f}" fill="{fill}"/>'
            f'<text x="8" y="{band.y + 18:.1f}" fill="#57606a" font-weight="600">'
            f"{escape(band.label)}</text>"
        )
    for arrow in plan.arrows:
        e = arrow.edge
        dash = "" if e.imports or not e.allowed else ' stroke-dasharray="2 3"'
        stroke = _stroke(e.allowed, e.imports, len(plan.arrows) > BUSY)
        if e.allowed and not e.imports:
            stroke = stroke.replace(ALLOWED, DECLARED, 1)
        out.append(
            f'<path class="edge {"allowed" if e.allowed else "breaks"}" '
            f'data-source="{escape(e.source)}" data-target="{escape(e.target)}" '
            f'data-imports="{e.imports}" d="{arrow.path}" fill="none" {stroke}{dash}>'
            f"<title>{escape(e.title())}</title></path>"
        )
    for component, path in plan.moves:
        title = f"{component.name}: in {component.current}, belongs in {component.target}"
        out.append(
            f'<path class="move" data-component="{escape(component.name)}" d="{path}" fill="none" '
            f'stroke="{MOVE}" stroke-width="1.5" stroke-dasharray="1 4" stroke-linecap="round" '
            f'marker-end="url(#wsg-arrow-move)"><title>{escape(title)}</title></path>'
        )
    for box in plan.boxes:
        node = box.node
        border = BREAKS if node.open_drift else "#8c959f"
        drift = f"; {node.open_drift} open drift detections" if node.open_drift else ""
        layer = f"layer {node.rank + 1}" if node.rank is not None else "no layer"
        out.append(
            f'<g class="node" data-repo="{escape(box.name)}">'
            f"<title>{escape(box.name)} ({layer}{drift})</title>"
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
            f'height="{box.height:.1f}" rx="6" fill="#ffffff" stroke="{border}" '
            f'stroke-width="{2 if node.open_drift else 1.2}"/>'
        )
        for i, line in enumerate(box.lines):
            y = box.y + PAD_Y + LINE_H * (i + 1) - 4
            if i == 0:
                style = 'font-weight="700" fill="#1b1f24"'
            elif line.startswith("◆") and not line.endswith("✓"):
                style = f'fill="{MOVE}"'
            else:
                style = 'fill="#57606a"'
            cls = ' class="label"' if i == 0 else ""
            out.append(
                f'<text{cls} x="{box.x + PAD_X:.1f}" y="{y:.1f}" {style}>{escape(line)}</text>'
            )
        out.append("</g>")
    out.append(_legend(plan.height + 8, data))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(y: float, data: ArchMap) -> str:
    items = (
        (f'stroke="{ALLOWED}" stroke-width="2"', "allowed use (imports)"),
        (
            f'stroke="{DECLARED}" stroke-width="2" stroke-dasharray="2 3"',
            "declared dependency only",
        ),
        (f'stroke="{BREAKS}" stroke-width="2.5" stroke-dasharray="7 4"', "breaks a layers rule"),
        (f'stroke="{MOVE}" stroke-width="1.5" stroke-dasharray="1 4"', "component to move"),
    )
    parts = [f'<g class="legend" transform="translate(8,{y:.1f})">']
    x = 0
    for stroke, label in items:
        parts.append(
            f'<line x1="{x}" y1="8" x2="{x + 30}" y2="8" {stroke}/>'
            f'<text x="{x + 36}" y="12" fill="#424a53">{escape(label)}</text>'
        )
        x += 36 + int(len(label) * 6.6) + 24
    uses = len(data.edges)
    summary = f"{len(data.nodes)} repositories, {uses} use{'' if uses == 1 else 's'}"
    broken = sum(1 for e in data.edges if not e.allowed)
    if broken:
        summary += f", {broken} breaking a layers rule"
    if data.components:
        summary += f" · {data.at_target()}"
    parts.append(f'<text x="0" y="36" fill="#424a53">{escape(summary)}</text>')
    parts.append("</g>")
    return "".join(parts)
