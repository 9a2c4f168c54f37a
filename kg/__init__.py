"""kg: a knowledge graph of directives and legal references from Vietnamese government documents.

The flow runs one way:
read (kg.ingest) -> extract (kg.extract, spaCy) -> records (kg.records) -> graph (kg.graph, rdflib)
-> store (kg.store, Oxigraph) -> query / lineage (NetworkX) -> views (viz, pyvis) / endpoint (kg.server)
-> cli (kg.cli, click).

Nothing heavy is imported here: ``import kg`` must stay instant.
"""
__version__ = "0.1.0"
