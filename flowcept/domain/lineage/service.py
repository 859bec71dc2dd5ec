"""Breadth-first lineage over the store's batched level reads, bounded by depth and node count."""

from flowcept.domain.errors import InvalidQuery
from flowcept.domain.lineage.links import hops
from flowcept.domain.lineage.model import Direction, Edge, Graph, NodeRef, Record
from flowcept.domain.lineage.ports import LineageSource
from flowcept.domain.lineage.present import present
from flowcept.domain.lineage.wants import wants

MIN_DEPTH, MAX_DEPTH, DEFAULT_DEPTH = 1, 10, 3
MAX_NODES = 500


async def lineage(
    source: LineageSource,
    ref: NodeRef,
    direction: Direction = "both",
    depth: int = DEFAULT_DEPTH,
    max_nodes: int = MAX_NODES,
) -> Graph:
    """The nodes within `depth` links of `ref`, and the links between them.

    `both` walks upstream and downstream separately (a node reached upstream keeps going upstream),
    so it never wanders sideways into siblings. Each level is one `lineage_step`; the search stops
    when no frontier is left, or, with `truncated`, when the next node would pass `max_nodes`.
    """
    if not MIN_DEPTH <= depth <= MAX_DEPTH:
        raise InvalidQuery(f"depth must be an integer from {MIN_DEPTH} to {MAX_DEPTH}, got {depth}")
    start = await source.lineage_node(ref)
    nodes: dict[str, Record] = {start.key: start}
    edges: dict[tuple[str, str, str], Edge] = {}
    up = [start] if direction in ("upstream", "both") else []
    down = [start] if direction in ("downstream", "both") else []
    expanded = {(start.key, "upstream"), (start.key, "downstream")}
    truncated = False
    for _ in range(depth):
        if not (up or down) or truncated:
            break
        found = await source.lineage_step(wants(up, down))
        next_up: list[Record] = []
        next_down: list[Record] = []
        for hop in hops(up, down, found):
            key = hop.neighbour.key
            if key not in nodes:
                if len(nodes) >= max_nodes:
                    truncated = True
                    continue
                nodes[key] = hop.neighbour
            edge = hop.edge
            edges.setdefault((edge.source, edge.target, edge.relation), edge)
            if (key, hop.direction) not in expanded:
                expanded.add((key, hop.direction))
                (next_up if hop.direction == "upstream" else next_down).append(nodes[key])
        up, down = next_up, next_down
    return Graph(nodes=[present(r) for r in nodes.values()], edges=list(edges.values()),
                 truncated=truncated)
