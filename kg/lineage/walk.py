"""Lineage: what carries a document out (downstream) or what it carries out (upstream), with every path.

Downstream of a document: the documents that implement, continue or report on it, the documents issued with
them, their tasks and meetings (with the meetings' agenda items), the tasks that implement it, the drafts a
task asks for and the task that asks for a draft; a task that implements it brings its meeting along (shown,
not expanded: the meeting's other items do not carry the document out). Upstream of a document: what it
implements, continues or reports on, the documents issued with it, up to the Party and Government documents;
upstream of a task: its document or meeting, and what it implements.

A probable identity (``probably_same_as``) is crossed both ways, always as an inferred hop. Paths are chosen
with the fewest inferred hops, then the fewest hops, so a row is ``inferred`` only when no explicit path
reaches it; ``explicit_only`` leaves inferred hops out altogether.
"""
from __future__ import annotations

import heapq
import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

CARRY = ("implements", "continues", "reports_on")
ROLES = ("leads", "cooperates", "prepares")
KIND_ORDER = {"document": 0, "meeting": 1, "agenda_item": 2, "task": 3, "agency": 4, "person": 5}
ONLY = {"tasks": ("task", "agenda_item"), "documents": ("document",), "meetings": ("meeting",)}


class Hop(NamedTuple):
    """One edge of a path, in the graph's direction (subject -> object), with where it is written."""

    subject: str
    predicate: str
    object: str
    label: str
    inferred: bool
    evidence: tuple[dict, ...]

    def to_dict(self) -> dict:
        return {"subject": self.subject, "predicate": self.predicate, "object": self.object, "label": self.label,
                "inferred": self.inferred, "evidence": [dict(e) for e in self.evidence]}


@dataclass(slots=True)
class Row:
    """A node of the lineage with the path that reaches it from the root."""

    node: str
    attrs: dict
    path: tuple[Hop, ...]
    inferred: bool

    @property
    def kind(self) -> str:
        return self.attrs.get("kind", "")

    @property
    def depth(self) -> int:
        return len(self.path)

    def to_dict(self) -> dict:
        return {**_plain(self.attrs), "iri": self.node, "depth": self.depth, "inferred": self.inferred,
                "path": [hop.to_dict() for hop in self.path]}


@dataclass
class LineageResult:
    root: str
    direction: str  # "down" | "up"
    rows: list[Row] = field(default_factory=list)
    note: str | None = None  # how the REF was resolved, when a choice was made

    def nodes(self) -> list[str]:
        return [row.node for row in self.rows]

    def to_dict(self, view) -> dict:
        return {"root": {**_plain(view.nodes[self.root]), "iri": self.root}, "direction": self.direction,
                "count": len(self.rows), "note": self.note, "rows": [row.to_dict() for row in self.rows]}


def _plain(attrs: dict) -> dict:
    return {k: (list(v) if isinstance(v, (list, tuple, set)) else v) for k, v in attrs.items()}


_DOCUMENT_LINKS = frozenset({"issued_with", "probably_same_as"})
# direction -> node kind -> ((follow incoming edges?, predicates, the neighbour is shown but not expanded), ...)
RULES = {
    "down": {
        "document": ((True, frozenset({*CARRY, *_DOCUMENT_LINKS, "part_of"}), False),
                     (False, frozenset({*_DOCUMENT_LINKS, "planned_in"}), False)),
        "meeting": ((False, frozenset({"agenda_item"}), False), (True, frozenset({"part_of"}), False)),
        "task": ((True, frozenset({*CARRY, "planned_in"}), False), (True, frozenset({"agenda_item"}), True)),
    },
    "up": {
        "document": ((False, frozenset({*CARRY, *_DOCUMENT_LINKS, "planned_in"}), False),
                     (True, _DOCUMENT_LINKS, False)),
        "meeting": ((False, frozenset({*CARRY, *_DOCUMENT_LINKS, "part_of"}), False),),
        "task": ((False, frozenset({*CARRY, *_DOCUMENT_LINKS, "part_of"}), False),
                 (True, frozenset({"agenda_item"}), False)),
    },
}
RULES["down"]["agenda_item"] = RULES["down"]["task"]
RULES["up"]["agenda_item"] = RULES["up"]["task"]


_ADJACENCY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def adjacency(view, direction: str) -> dict[str, tuple]:
    """node -> ((neighbour, shown only, inferred, Hop), ...): the edges a walk in ``direction``
    follows from each node, per RULES. Built once per view and direction (one pass over the edges), so a walk
    never looks at the edges it would not follow (the agencies' role edges on every task)."""
    per_view = _ADJACENCY.setdefault(view, {})
    if direction in per_view:
        return per_view[direction]
    rules = RULES[direction]
    kinds = {node: attrs.get("kind") for node, attrs in view._node.items()}
    table: dict[str, list] = {}
    for u, targets in view._succ.items():
        for v, edges in targets.items():
            for key, data in edges.items():
                inferred = bool(data.get("inferred")) or key == "probably_same_as"
                hop = None
                for node, other, incoming in ((u, v, False), (v, u, True)):
                    for rule_incoming, keys, as_context in rules.get(kinds[node], ()):
                        if rule_incoming == incoming and key in keys:
                            hop = hop or Hop(u, key, v, data.get("label") or key, inferred,
                                             tuple(data.get("evidence") or ()))
                            table.setdefault(node, []).append((other, as_context, inferred, hop))
    per_view[direction] = result = {node: tuple(entries) for node, entries in table.items()}
    return result


def walk(view, root: str, direction: str = "down", *, depth: int | None = None,
         explicit_only: bool = False) -> dict[str, tuple[tuple[Hop, ...], bool]]:
    """Every node reached from ``root``: node -> (path, inferred), nearest first.

    Dijkstra on (inferred hops, hops). A meeting reached from one of its agenda items is shown but not
    expanded (a leaf, kept aside), unless its document reaches it too.
    """
    if direction not in RULES:
        raise ValueError(f"direction must be 'down' or 'up', not {direction!r}")
    links, attrs_of = adjacency(view, direction), view._node
    best: dict[str, tuple[int, int]] = {root: (0, 0)}
    parent: dict[str, tuple[str, Hop]] = {}
    shown: dict[str, tuple[tuple[int, int], str, Hop]] = {}  # leaves: cost, previous node, hop
    order: list[str] = []
    done: set[str] = set()
    queue = [(0, 0, root)]
    while queue:
        inferred_hops, hops, node = heapq.heappop(queue)
        if node in done or best[node] != (inferred_hops, hops):
            continue  # a stale entry: the node was reached more cheaply since
        done.add(node)
        order.append(node)
        if depth is not None and hops >= depth:
            continue
        for neighbour, as_context, inferred, hop in links.get(node, ()):
            if inferred:
                if explicit_only:
                    continue
                cost = (inferred_hops + 1, hops + 1)
            else:
                cost = (inferred_hops, hops + 1)
            if as_context:
                if neighbour not in shown or cost < shown[neighbour][0]:
                    shown[neighbour] = (cost, node, hop)
            elif neighbour not in best or cost < best[neighbour]:
                best[neighbour] = cost
                parent[neighbour] = (node, hop)
                heapq.heappush(queue, (cost[0], cost[1], neighbour))

    path_of: dict[str, tuple[Hop, ...]] = {root: ()}
    reached: dict[str, tuple[tuple[Hop, ...], bool]] = {}
    for node in order[1:]:  # in the order settled: a node's parent came before it
        previous, hop = parent[node]
        path = path_of[node] = path_of[previous] + (hop,)
        reached[node] = (path, best[node][0] > 0 or bool(attrs_of[node].get("inferred")))
    for node, (cost, previous, hop) in sorted(shown.items(), key=lambda item: item[1][0]):
        if node not in reached and node != root:
            reached[node] = (path_of[previous] + (hop,), cost[0] > 0 or bool(attrs_of[node].get("inferred")))
    return reached


@lru_cache(maxsize=65536)
def natural_key(text: str | None) -> tuple:
    """Sort item labels as people number them: 1.2 before 1.10, III.1 after 9.4."""
    parts = re.split(r"(\d+)", text or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def row_key(row: Row) -> tuple:
    attrs = row.attrs
    return (KIND_ORDER.get(row.kind, 9), attrs.get("source") or "~", natural_key(attrs.get("label")), row.node)


def lineage(view, root: str, direction: str = "down", *, depth: int | None = None, only: str | None = None,
            agency: str | None = None, explicit_only: bool = False) -> LineageResult:
    """The lineage of ``root`` (a node of ``view``) as rows, each with its path; filters apply to the rows."""
    from kg.lineage.refs import match_agencies

    kinds = ONLY.get(only) if only else None
    if only and kinds is None:
        raise ValueError(f"only must be one of {', '.join(ONLY)}, not {only!r}")
    keep_tasks = None
    if agency:
        agencies = match_agencies(view, agency)
        keep_tasks = {v for a in agencies for _, v, key in view.out_edges(a, keys=True) if key in ROLES}
        kinds = tuple(k for k in (kinds or ONLY["tasks"]) if k in ONLY["tasks"])
    rows = []
    attrs_of = view._node
    for node, (path, inferred) in walk(view, root, direction, depth=depth, explicit_only=explicit_only).items():
        attrs = attrs_of[node]
        if kinds is not None and attrs.get("kind") not in kinds:
            continue
        if keep_tasks is not None and node not in keep_tasks:
            continue
        rows.append(Row(node, attrs, path, inferred))  # the view's own attributes: read, never change
    rows.sort(key=row_key)
    return LineageResult(root, direction, rows)


def lineage_graph(view, result: LineageResult, *, agencies: bool = True):
    """The subgraph a lineage shows: the root, its rows, the nodes on their paths, and the agencies of its tasks.

    A copy, so that callers (exports, views) can add attributes; ``hops`` is a node's distance from the root.
    """
    nodes = {result.root}
    for row in result.rows:
        nodes.add(row.node)
        for hop in row.path:
            nodes.update((hop.subject, hop.object))
    if agencies:
        tasks = [node for node in nodes if view.nodes[node].get("kind") in ("task", "agenda_item")]
        nodes.update(u for node in tasks for u, _, key in view.in_edges(node, keys=True) if key in ROLES)
    graph = view.subgraph(nodes).copy()
    depth = {row.node: row.depth for row in result.rows}
    depth[result.root] = 0
    for row in result.rows:
        graph.nodes[row.node]["inferred"] = row.inferred
    graph.graph.update(root=result.root, direction=result.direction)
    for node in graph:
        if node in depth:
            graph.nodes[node]["hops"] = depth[node]
    return graph
