"""The graph layer: records in, rdflib terms out. The only place where rdflib terms are made.

- ``kg.graph.namespace``: ``KG`` (every term of ontology/kg.ttl) and the namespaces it aligns to.
- ``kg.graph.iris``: the one module that mints IRIs.
- ``kg.graph.to_rdf``: ``to_graph(extraction)``, the triples of one source file.

``validate(graph)`` checks a graph against ontology/shapes.ttl. Nothing is imported until it is used, so that
``import kg.graph`` stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["to_graph", "validate"]


def to_graph(extraction: Any, base: str | None = None) -> Graph:
    """The triples of one source file; see ``kg.graph.to_rdf.to_graph``."""
    from kg.graph import iris
    from kg.graph.to_rdf import to_graph as convert

    return convert(extraction, base or iris.DEFAULT_BASE)


def validate(graph: Graph) -> tuple[bool, Graph, str]:
    """Check ``graph`` against shapes.ttl, with kg.ttl as the ontology (so kind classes count as kg:Document).

    Returns pyshacl's triple: whether it conforms, the report graph and the report text.
    """
    import pyshacl
    from rdflib import Graph

    from kg.graph.namespace import ontology_files

    ontology, shapes = ontology_files()
    conforms, report, text = pyshacl.validate(
        graph,
        shacl_graph=Graph().parse(shapes, format="turtle"),
        ont_graph=Graph().parse(ontology, format="turtle"),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    return bool(conforms), report, text
