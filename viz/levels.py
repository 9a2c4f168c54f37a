"""Hierarchy levels for the top-down layout: directive on top, then plans, tasks and agencies.

A node's ``level`` attribute wins when the caller gives one. Other nodes are placed in bands by kind, in the
order of ``viz/assets/styles.json`` (documents, meetings, agenda items, tasks, agencies, persons, other).
Inside a band, an edge between two nodes of that band puts one below the other: for a child-to-parent
relation such as ``implements`` or ``part_of`` the edge's source goes below its target (a plan that
implements a resolution sits under it). Cycles share a level.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Iterable, Mapping

import networkx as nx


def given_level(value) -> int | None:
    """The caller's level as an int, or None when it is missing or not a whole number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        level = int(value)
    except (TypeError, ValueError):
        return None
    return level if level == value or str(level) == str(value).strip() else None


def assign_levels(
    graph: nx.MultiDiGraph,
    nodes: Iterable[Hashable],
    kind_of: Mapping[Hashable, str],
    band_order: list[str],
    child_to_parent: Mapping[str, bool],
) -> dict[Hashable, int]:
    """A level (0 = top) for every node of ``nodes``."""
    nodes = list(nodes)
    given = {node: given_level(graph.nodes[node].get("level")) for node in nodes}
    if all(level is not None for level in given.values()):
        return dict(given)

    members = set(nodes)
    band_of = {node: band_order.index(kind_of[node]) for node in nodes}
    band_graphs: dict[int, nx.DiGraph] = defaultdict(nx.DiGraph)
    for node in nodes:
        band_graphs[band_of[node]].add_node(node)
    for source, target, predicate in graph.edges(data="predicate"):
        if source == target or source not in members or target not in members:
            continue
        band = band_of[source]
        if band != band_of[target]:
            continue
        upward = child_to_parent.get(str(predicate), True)
        parent, child = (target, source) if upward else (source, target)
        band_graphs[band].add_edge(parent, child)

    levels: dict[Hashable, int] = {}
    offset = 0
    for band in sorted(band_graphs):
        depth = _depths(band_graphs[band])
        for node, value in depth.items():
            levels[node] = offset + value
        offset += max(depth.values()) + 1
    for node, level in given.items():
        if level is not None:
            levels[node] = level
    return levels


def _depths(dag: nx.DiGraph) -> dict[Hashable, int]:
    """Longest distance from a root for each node; the nodes of a cycle share one depth."""
    condensed = nx.condensation(dag)
    depth_of_component: dict[int, int] = {}
    for component in nx.topological_sort(condensed):
        parents = condensed.predecessors(component)
        depth_of_component[component] = max((depth_of_component[p] + 1 for p in parents), default=0)
    mapping = condensed.graph["mapping"]
    return {node: depth_of_component[mapping[node]] for node in dag.nodes}


def order_by_level(graph: nx.MultiDiGraph, nodes: list[Hashable], levels: Mapping[Hashable, int]) -> list[Hashable]:
    """The nodes level by level, each level ordered under its parents (fewer crossing edges).

    vis-network places a level's nodes in id order, so ids given in this order put a plan's tasks under the
    plan. A node follows its earliest-placed neighbour on a higher level; ``nodes`` breaks ties (stable).
    """
    rank_in_input = {node: i for i, node in enumerate(nodes)}
    by_level: dict[int, list[Hashable]] = defaultdict(list)
    for node in nodes:
        by_level[levels[node]].append(node)
    placed: dict[Hashable, int] = {}
    ordered: list[Hashable] = []
    for level in sorted(by_level):
        def parent_rank(node: Hashable) -> tuple[int, int]:
            neighbours = list(graph.predecessors(node)) + list(graph.successors(node))
            ranks = [placed[n] for n in neighbours if n in placed and levels[n] < level]
            return (min(ranks) if ranks else len(nodes), rank_in_input[node])

        for node in sorted(by_level[level], key=parent_rank):
            placed[node] = len(ordered)
            ordered.append(node)
    return ordered
