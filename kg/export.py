"""Export a store as TriG, N-Quads, Turtle or JSON-LD (``kg export``)."""
from __future__ import annotations

import sys

from kg.store import GraphStore

FORMATS = {"trig": "TRIG", "nq": "N_QUADS", "ttl": "TURTLE"}


def export_store(path: str, fmt: str, output: str) -> int:
    """Write the store to ``output`` ("-" for stdout); returns the number of quads.

    TriG and N-Quads keep one named graph per source; Turtle merges the graphs (the provenance
    stays in the kg:Evidence nodes). JSON-LD goes through rdflib, the other formats through
    Oxigraph's own serializers (about 40 times faster for Turtle, docs/benchmarks.md).
    """
    import pyoxigraph

    store = GraphStore.open(path, read_only=True)
    quads = list(store.quads())
    if fmt == "jsonld":
        from rdflib import Dataset
        dataset = Dataset()
        dataset.parse(data=pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8"),
                      format="nquads")
        data = dataset.serialize(format="json-ld", auto_compact=True).encode("utf-8")
    else:
        rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt])
        if fmt == "ttl":
            quads = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
        data = pyoxigraph.serialize(quads, format=rdf_format)
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(output, "wb") as handle:
            handle.write(data)
    return len(quads)
