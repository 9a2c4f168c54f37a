"""Counts by class and relation in a store (``kg stats``)."""
from __future__ import annotations

from kg.store import GraphStore

_CLASSES = """SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE { GRAPH ?g { ?node a ?class } }
GROUP BY ?class ORDER BY DESC(?n)"""
_RELATIONS = """SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o))
  FILTER(STRSTARTS(STR(?p), "https://w3id.org/kg-vn/ontology#")) } GROUP BY ?p ORDER BY DESC(?n)"""


def _short(iri: str) -> str:
    for prefix, name in (("https://w3id.org/kg-vn/ontology#", "kg:"),):
        if iri.startswith(prefix):
            return name + iri[len(prefix):]
    return iri


def store_stats(path: str) -> dict:
    store = GraphStore.open(path, read_only=True)
    return {
        "quads": len(store),
        "graphs": len(store.named_graphs()),
        "sources": len(store.sources()),
        "classes": {_short(r["class"]): r["n"] for r in store.select(_CLASSES)},
        "relations": {_short(r["p"]): r["n"] for r in store.select(_RELATIONS)},
    }
