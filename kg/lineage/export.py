"""Write a view (or any part of it) as GraphML or GEXF for Gephi, yEd or Cytoscape.

GraphML and GEXF hold strings, numbers and booleans only: lists and dicts (``lead``, ``evidence``) are written
as JSON text, missing values are left out, and every other value becomes its string.
"""
from __future__ import annotations

import json
import os

FORMATS = ("graphml", "gexf")


def _scalar(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return json.dumps(sorted(value) if isinstance(value, (set, frozenset)) else value, ensure_ascii=False,
                          default=str)
    return str(value)


def to_flat_graph(graph):
    """A copy of ``graph`` whose node, edge and graph attributes are strings, numbers or booleans."""
    flat = graph.__class__()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items() if v is not None})
    flat.add_nodes_from((node, {k: _scalar(v) for k, v in attrs.items() if v is not None})
                        for node, attrs in graph.nodes(data=True))
    if graph.is_multigraph():
        flat.add_edges_from((u, v, key, {k: _scalar(x) for k, x in attrs.items() if x is not None})
                            for u, v, key, attrs in graph.edges(keys=True, data=True))
    else:
        flat.add_edges_from((u, v, {k: _scalar(x) for k, x in attrs.items() if x is not None})
                            for u, v, attrs in graph.edges(data=True))
    return flat


def write_graph(graph, path: str | os.PathLike, fmt: str | None = None) -> str:
    """Write ``graph`` as GraphML or GEXF (from ``fmt`` or the file's extension); returns the format used."""
    import networkx as nx

    fmt = fmt or str(path).rsplit(".", 1)[-1].lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    flat = to_flat_graph(graph)
    if fmt == "graphml":
        nx.write_graphml(flat, path, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(flat, path, encoding="utf-8", prettyprint=True)
    return fmt


def write_graphml(graph, path: str | os.PathLike) -> None:
    write_graph(graph, path, "graphml")


def write_gexf(graph, path: str | os.PathLike) -> None:
    write_graph(graph, path, "gexf")
