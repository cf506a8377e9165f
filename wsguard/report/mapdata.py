"""The architecture map's data: repos placed by the declared layers, what each uses of the
others (recorded by full scans), which uses break a layers rule, and the components with a
recorded placement or architecture state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from wsguard.report.values import ArchMap, MapComponent, MapEdge, MapNode, OpenCount
from wsguard.rules.components import rule_id
from wsguard.rules.config import Config
from wsguard.store import queries
from wsguard.store.sql import Executor
from wsguard.store.uses import read_uses

Layers = tuple[tuple[str, tuple[str, ...]], ...]


def layer_rules(config: Config | None, repos: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Each ``layers`` rule as (rule id, its repos highest first); a package entry counts
    as the repo that provides it."""
    if config is None:
        return []
    known = set(repos)
    owner = {p: name for name, r in config.repos.items() for p in r.packages}
    out = []
    for rule in config.rules:
        if rule.kind != "layers":
            continue
        order: list[str] = []
        for entry, _packages in rule.options["layers"]:
            repo = entry if entry in known else owner.get(entry.split(".")[0])
            if repo is not None and repo not in order:
                order.append(repo)
        out.append((rule.id, order))
    return out


def ranks(rules: Sequence[tuple[str, list[str]]]) -> dict[str, int]:
    """Each layered repo's row, 0 at the top: below every repo any rule puts above it."""
    above: dict[str, set[str]] = {}
    for _, order in rules:
        for i, repo in enumerate(order):
            above.setdefault(repo, set()).update(order[:i])
    rank = dict.fromkeys(above, 0)
    for _ in range(len(rank)):  # longest path; contradictory rules stop after n rounds
        changed = False
        for repo, uppers in above.items():
            want = max((rank[u] + 1 for u in uppers if u != repo), default=0)
            if want > rank[repo]:
                rank[repo], changed = want, True
        if not changed:
            break
    return rank


def broken_rules(
    source: str, target: str, rules: Sequence[tuple[str, list[str]]]
) -> tuple[str, ...]:
    """The layers rules under which ``source`` may not use ``target`` (a higher layer)."""
    return tuple(
        rule
        for rule, order in rules
        if source in order and target in order and order.index(target) < order.index(source)
    )


def gather_map(
    read: Executor,
    config: Config | None,
    workspace_repos: Iterable[str],
    open_by: Sequence[OpenCount],
) -> ArchMap:
    uses = read_uses(read)
    edges: dict[tuple[str, str], MapEdge] = {}
    for repo, target, kind, total, files in uses:
        edge = edges.get((repo, target)) or MapEdge(repo, target, 0, 0, False, ())
        if kind == "import":
            edge = edge._replace(imports=total, files=files)
        else:
            edge = edge._replace(declared=True)
        edges[(repo, target)] = edge
    components = _components(read, open_by)
    names = set(workspace_repos) | {r for pair in edges for r in pair}
    names |= {c.target for c in components} | {c.current for c in components if c.current}
    if config is not None:
        names |= set(config.repos)
    rules = layer_rules(config, names)
    rank = ranks(rules)
    drift: dict[str, int] = {}
    for row in open_by:
        drift[row.repo] = drift.get(row.repo, 0) + row.total
    nodes = tuple(
        MapNode(
            name,
            config.repo(name).packages if config is not None else (),
            rank.get(name),
            drift.get(name, 0),
        )
        for name in sorted(names)
    )
    return ArchMap(
        nodes,
        tuple(e._replace(breaks=broken_rules(e.source, e.target, rules)) for e in edges.values()),
        components,
        tuple((rule, tuple(order)) for rule, order in rules),
    )


def _components(read: Executor, open_by: Sequence[OpenCount]) -> tuple[MapComponent, ...]:
    """Placements (where a definition outside the repo it belongs in was found, it is there)
    and architecture states (where it is now, where it is meant to end up)."""
    found: dict[str, list[str]] = {}
    for row in open_by:
        found.setdefault(row.rule_id, []).append(row.repo)
    out: dict[str, MapComponent] = {}
    for component, repo, _path, _decision in queries.placements(read):
        elsewhere = [r for r in found.get(rule_id(component), []) if r != repo]
        out[component] = MapComponent(
            component, elsewhere[0] if elsewhere else repo, repo, "placement"
        )
    for component, current, target in queries.states(read):
        if target:
            out[component] = MapComponent(component, current, target, "state")
    return tuple(out[name] for name in sorted(out))
