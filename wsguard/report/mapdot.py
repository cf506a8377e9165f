"""The architecture map as Graphviz DOT text, for ``dot -Tsvg`` and friends.

Layers become ranks of equal height (highest first), uses are edges, and uses
that break a layers rule are red and dashed with the rule in their tooltip.
"""

from __future__ import annotations

from wsguard.report.values import ArchMap


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render(data: ArchMap) -> str:
    lines = [
        "digraph workspace {",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    ranks: dict[int | None, list[str]] = {}
    for node in data.nodes:
        ranks.setdefault(node.rank, []).append(node.name)
        label = node.name + ("\n" + ", ".join(node.packages) if node.packages else "")
        here = [c for c in data.components if (c.current or c.target) == node.name]
        label += "".join(f"\n◆ {c.name} {'✓' if c.at_target else '→ ' + c.target}" for c in here)
        color = ', color="#cf222e"' if node.open_drift else ""
        lines.append(f"  {quote(node.name)} [label={quote(label)}{color}];")
    for rank in sorted(r for r in ranks if r is not None):
        members = " ".join(quote(n) for n in ranks[rank])
        lines.append(f"  {{ rank=same; {members} }}")
    for e in data.edges:
        style = 'color="#57606a"' if e.allowed else 'color="#cf222e", style=dashed, penwidth=2'
        if e.allowed and not e.imports:
            style = 'color="#0969da", style=dotted'
        label = str(e.imports) if e.imports else "declared"
        lines.append(
            f"  {quote(e.source)} -> {quote(e.target)} "
            f"[{style}, label={quote(label)}, tooltip={quote(e.title())}];"
        )
    for c in data.components:
        if c.current and not c.at_target:
            lines.append(
                f"  {quote(c.current)} -> {quote(c.target)} [style=dotted, "
                f'color="#8250df", label={quote("move " + c.name)}, constraint=false];'
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
