"""Choose which nodes a page shows when a graph is larger than ``max_nodes``."""
from __future__ import annotations

import math
from typing import Hashable

import networkx as nx


def node_sort_key(node: Hashable) -> tuple[str, str, str]:
    """A total, stable order over node keys of any type (str first, then type and repr as tie-breakers)."""
    return (str(node), type(node).__name__, repr(node))


def select_nodes(graph: nx.MultiDiGraph, max_nodes: int, root: Hashable | None = None) -> list[Hashable]:
    """The nodes to draw, in the graph's stable order.

    Up to ``max_nodes`` nodes are kept: the closest to ``root`` (breadth-first, edges followed both ways)
    when a root is given, else the best connected. Ties go to the higher degree, then to the node key.
    """
    ordered = sorted(graph.nodes, key=node_sort_key)
    if len(ordered) <= max_nodes:
        return ordered
    if root is not None:
        distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), root)
    else:
        distance = {}
    degree = dict(graph.degree())

    def relevance(node: Hashable) -> tuple[float, int, tuple[str, str, str]]:
        return (distance.get(node, math.inf), -degree[node], node_sort_key(node))

    kept = set(sorted(ordered, key=relevance)[:max_nodes])
    return [node for node in ordered if node in kept]
