"""``kg serve``."""
from __future__ import annotations

import click

from kg.cli.options import store_option


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; loopback unless you choose otherwise.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=float,
              help="Seconds a query may run before it is ended (answered 503).")
@click.option("--max-rows", default=10_000, show_default=True, type=int,
              help="Answers are cut to this many rows or triples (header X-KG-Truncated).")
@click.option("--workers", default=2, show_default=True, type=int, help="Query processes.")
@click.option("--cache-mb", default=64.0, show_default=True, type=float,
              help="Answers kept for repeated queries, in MB (0: evaluate every request).")
@click.option("--base", default="https://w3id.org/kg-vn/", show_default=True,
              help="Base of the IRIs that dereference on this server.")
def serve(store, host, port, timeout_s, max_rows, workers, cache_mb, base):
    """Serve SPARQL (/sparql, SPARQL 1.1 Protocol, read-only) and pages for documents, agencies,
    tasks and meetings over HTTP.

    \b
    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
         http://127.0.0.1:8000/sparql

    Stop the server before 'kg build' writes to the same store.
    """
    from kg.server import serve as run

    def announce(url: str) -> None:  # once the store is open and the port bound
        click.echo(f"kg: serving {store} on {url} (Ctrl-C to stop)", err=True)

    run(store, host=host, port=port, timeout_s=timeout_s, max_rows=max_rows, workers=workers, base=base,
        cache_mb=cache_mb, announce=announce)
