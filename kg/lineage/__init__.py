"""Lineage: a NetworkX view of the graph and the questions legal officers bring.

Who carries out this directive, through which plans and tasks, led by which agency, by when, and where each
link is written::

    from kg.lineage import read_view, resolve_ref, lineage, list_tasks, document_status, rank_agencies

    view = read_view(".kg/store")                  # a networkx.MultiDiGraph, cached by the store's generation
    ref = resolve_ref(view, "Nghị quyết số 01/NQ-CP ngày 05/01/2024")
    result = lineage(view, ref.node)               # downstream; lineage(view, ref.node, "up") for upstream
    for row in result.rows:
        row.kind, row.attrs["label"], row.inferred, [(h.predicate, h.evidence) for h in row.path]
    tasks = list_tasks(view, agencies=match_agencies(view, "Sở KHĐT"))
    card = document_status(view, resolve_ref(view, "50/2016/NQ-HĐND").node)
    write_graph(lineage_graph(view, result), "lineage.gexf")

The same answers on the command line: ``kg lineage``, ``kg tasks``, ``kg status``, ``kg agencies``.
Modules: ``view`` (projection and cache), ``refs`` (what a REF names, agency names), ``walk`` (lineage),
``questions`` (tasks, status, agencies), ``export`` (GraphML, GEXF), ``text`` (terminal forms).
Nothing heavy is imported until used.
"""
from __future__ import annotations

import html
import os

_EXPORTS = {
    "read_view": "kg.lineage.view", "build_view": "kg.lineage.view", "view_cache_path": "kg.lineage.view",
    "clear_cache": "kg.lineage.view",
    "resolve_ref": "kg.lineage.refs", "match_agencies": "kg.lineage.refs", "Resolved": "kg.lineage.refs",
    "AmbiguousReference": "kg.lineage.refs", "fold": "kg.lineage.refs",
    "lineage": "kg.lineage.walk", "lineage_graph": "kg.lineage.walk", "walk": "kg.lineage.walk",
    "LineageResult": "kg.lineage.walk", "Row": "kg.lineage.walk", "Hop": "kg.lineage.walk",
    "list_tasks": "kg.lineage.questions", "task_status": "kg.lineage.questions",
    "document_status": "kg.lineage.questions", "rank_agencies": "kg.lineage.questions",
    "write_graph": "kg.lineage.export", "write_graphml": "kg.lineage.export", "write_gexf": "kg.lineage.export",
}

__all__ = sorted([*_EXPORTS, "build_view_html"])


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg.lineage' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def __dir__():
    return __all__


def build_view_html(store_dir, iri: str, *, max_nodes: int = 2000, layout: str = "hierarchical") -> str:
    """The downstream lineage of ``iri`` (or any REF) as one HTML page: ``viz.render.to_html`` when the viz
    package is installed, else a plain list of the rows. ``store_dir`` is a folder or an open GraphStore.

    Raises ReferenceNotFound when nothing in the store is called ``iri``.
    """
    from kg.lineage.refs import resolve_ref
    from kg.lineage.view import read_view
    from kg.lineage.walk import lineage, lineage_graph

    view = read_view(store_dir)
    node = resolve_ref(view, iri).node
    result = lineage(view, node, "down")
    attrs = view.nodes[node]
    title = f"{attrs.get('label') or node}: văn bản, nhiệm vụ thực hiện (lineage)"
    try:
        from viz.render import to_html
    except ImportError:
        to_html = None
    if to_html is not None:
        return to_html(lineage_graph(view, result), title=title, layout=layout, max_nodes=max_nodes, root=node)
    items = "\n".join(
        f"<li>{html.escape(row.kind)}: {html.escape(str(row.attrs.get('label') or row.node))}"
        f"{' (inferred)' if row.inferred else ''} — {html.escape(str(row.attrs.get('source') or ''))}</li>"
        for row in result.rows)
    return (f"<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<h1>{html.escape(title)}</h1><p>{len(result.rows)} rows{os.linesep}</p><ul>{items}</ul></html>")
