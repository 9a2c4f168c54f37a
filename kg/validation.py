"""Validate a store against the SHACL shapes of ontology/shapes.ttl with pySHACL (``kg validate``)."""
from __future__ import annotations

from kg.store import GraphStore


def load_union(path: str):
    """The union of the store's graphs as one rdflib Graph (parsed by rdflib from Oxigraph's N-Triples)."""
    import pyoxigraph
    from rdflib import Graph

    store = GraphStore.open(path, read_only=True)
    triples = {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    graph = Graph()
    graph.parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8"),
                format="nt")
    return graph


def validate_graph(graph, shapes_path: str | None = None) -> tuple[bool, list[str]]:
    """(conforms, one line per violation: focus node, path, message)."""
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    from kg.ontology import ONTOLOGY, SHAPES

    shapes = Graph().parse(shapes_path or str(SHAPES), format="turtle")
    ontology = Graph().parse(str(ONTOLOGY), format="turtle")
    conforms, report, _ = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                   allow_warnings=True)
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        lines.append(f"{focus} {path or ''}: {message}")
    return conforms, sorted(lines)


def validate_store(path: str, shapes_path: str | None = None) -> tuple[bool, list[str]]:
    return validate_graph(load_union(path), shapes_path)
