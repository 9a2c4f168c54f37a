"""Subgraphs of the lineage view for the HTML views other than a lineage: an agency's work, a meeting
with its agenda, the whole graph, and the graph a SPARQL query describes.

Each returns a copy of part of the view (same node and edge attributes, the input contract of
``viz.render``), so callers may add attributes.
"""
from __future__ import annotations

from kg.errors import KgError, ReferenceNotFound

ROLES = ("leads", "cooperates", "prepares")
WORK_KINDS = ("task", "agenda_item")


def agency_graph(view, agencies: list[str]):
    """The agencies, the tasks and agenda items they lead, prepare or cooperate on, and the documents and
    meetings those belong to."""
    nodes = set(agencies)
    for agency in agencies:
        for _, task, key in view.out_edges(agency, keys=True):
            if key in ROLES:
                nodes.add(task)
    for task in [n for n in nodes if view.nodes[n].get("kind") in WORK_KINDS]:
        nodes.update(v for _, v, key in view.out_edges(task, keys=True) if key in ("part_of", "implements"))
    return view.subgraph(nodes).copy()


def meeting_graph(view, date: str):
    """The meetings held on ``date`` (YYYY-MM-DD), their agenda items, who prepared them, and the documents
    the items implement or report on."""
    meetings = [n for n, a in view.nodes(data=True) if a.get("kind") == "meeting" and a.get("date") == date]
    if not meetings:
        raise ReferenceNotFound(f"no meeting on {date} in the store")
    nodes = set(meetings)
    for meeting in meetings:
        nodes.update(u for u, _, key in view.in_edges(meeting, keys=True) if key == "part_of")
        nodes.update(v for _, v, key in view.out_edges(meeting, keys=True) if key == "agenda_item")
    for item in [n for n in nodes if view.nodes[n].get("kind") in WORK_KINDS]:
        nodes.update(u for u, _, key in view.in_edges(item, keys=True) if key in ROLES)
        nodes.update(v for _, v, key in view.out_edges(item, keys=True) if key in ("implements", "reports_on"))
    return view.subgraph(nodes).copy()


def whole_graph(view):
    """Every node and edge of the view (the renderer keeps the best-connected ones above --max-nodes)."""
    return view.copy()


def query_graph(view, store, text: str):
    """The graph a CONSTRUCT query builds, or a SELECT of ?s ?p ?o: IRIs become nodes (with the view's
    attributes when the view has them), literals become attributes of their subject."""
    import networkx as nx
    import pyoxigraph

    results = store.query(text)
    if isinstance(results, pyoxigraph.QueryTriples):
        triples = [(t.subject, t.predicate, t.object) for t in results]
    elif isinstance(results, pyoxigraph.QuerySolutions):
        names = {v.value for v in results.variables}
        if not {"s", "p", "o"} <= names:
            raise KgError("a SELECT for a view must bind ?s ?p ?o (or use CONSTRUCT)")
        triples = [(row["s"], row["p"], row["o"]) for row in results if row["s"] is not None and row["o"] is not None]
    else:
        raise KgError("an ASK query has no graph to draw: use CONSTRUCT or SELECT ?s ?p ?o")
    graph = nx.MultiDiGraph()
    for subject, predicate, obj in triples:
        name = _local(predicate.value)
        if isinstance(obj, pyoxigraph.Literal):
            _node(graph, view, subject.value).setdefault(name, obj.value)
            continue
        _node(graph, view, subject.value)
        _node(graph, view, obj.value)
        graph.add_edge(subject.value, obj.value, key=name, predicate=_predicate(name), label=name)
    return graph


def _node(graph, view, iri: str) -> dict:
    if iri not in graph:
        attrs = dict(view.nodes[iri]) if iri in view else {"kind": "other", "label": _local(iri), "iri": iri}
        graph.add_node(iri, **attrs)
    return graph.nodes[iri]


_PREDICATES = {"basedOn": "based_on", "issuedWith": "issued_with", "reportsOn": "reports_on", "partOf": "part_of",
               "leadAgency": "leads", "cooperatingAgency": "cooperates", "preparedBy": "prepares",
               "taskImplements": "implements", "agendaItem": "agenda_item"}


def _predicate(name: str) -> str:
    return _PREDICATES.get(name, name)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
