"""``kg sparql`` and ``kg queries``."""
from __future__ import annotations

import csv
import json
import shlex
import sys

import click

from kg.cli.options import format_option, store_option


def read_params(params: tuple[str, ...]) -> dict[str, str]:
    """``("symbol=02/NQ-CP", ...)`` -> ``{"symbol": "02/NQ-CP"}``."""
    values = {}
    for param in params:
        if "=" not in param:
            raise click.BadParameter(f"{param!r}: expected NAME=VALUE", param_hint="--param")
        name, value = param.split("=", 1)
        values[name.strip()] = value
    return values


@click.command()
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a .rq file.")
@click.option("--saved", help="Run a saved query by name (see 'kg queries').")
@click.option("--param", "params", multiple=True, help="NAME=VALUE for a saved query's VALUES ?NAME line.")
@store_option
@format_option("table", "json", "csv", "tsv")
def sparql(query, query_file, saved, params, store, fmt):
    """Run a SPARQL query over the store (all named graphs as the default graph).

    \b
    kg sparql 'SELECT ?d ?s WHERE { ?d kg:symbol ?s } LIMIT 5'
    kg sparql --file my.rq --format csv
    kg sparql --saved implementing --param symbol=02/NQ-CP --format json

    The prefixes kg:, rdf:, rdfs:, xsd:, eli:, prov:, dcterms:, skos: are predeclared. CONSTRUCT
    and DESCRIBE print N-Triples.
    """
    from kg.store import GraphStore

    sources = [bool(query), bool(query_file), bool(saved)]
    if sum(sources) != 1:
        raise click.UsageError("give exactly one of QUERY, --file or --saved")
    if params and not saved:
        raise click.UsageError("--param sets a parameter of a saved query: give --saved NAME too")
    if saved:
        from kg.queries import load_saved_query
        text = load_saved_query(saved).with_params(read_params(params))
    else:
        text = query if query else query_file.read()
    results = GraphStore.open(store, read_only=True).query(text)
    _print(results, fmt)


def _print(results, fmt: str) -> None:
    import pyoxigraph

    if isinstance(results, pyoxigraph.QueryBoolean):
        click.echo(json.dumps({"boolean": bool(results)}) if fmt == "json" else str(bool(results)).lower())
        return
    if isinstance(results, pyoxigraph.QueryTriples):
        sys.stdout.buffer.write(results.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES) or b"")
        return
    names = [v.value for v in results.variables]
    rows = [[None if s[n] is None else s[n].value for n in names] for s in results]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(names, row)) for row in rows], ensure_ascii=False, indent=1))
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    else:
        widths = [min(60, max([len(n)] + [len(str(r[i] or "")) for r in rows])) for i, n in enumerate(names)]
        click.echo("  ".join(n.ljust(w) for n, w in zip(names, widths)))
        for row in rows:
            click.echo("  ".join(_cell(v, w) for v, w in zip(row, widths)))
        click.echo(f"({len(rows)} rows)", err=True)


def _cell(value, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    for prefix, short in (("https://w3id.org/kg-vn/ontology#", "kg:"),):
        text = text.replace(prefix, short)
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)


@click.command()
@format_option("table", "json")
def queries(fmt):
    """List the saved SPARQL queries shipped with the project (run one with 'kg sparql --saved NAME')."""
    from kg.queries import list_saved_queries

    saved = list_saved_queries()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                "parameters": q.parameters} for q in saved], ensure_ascii=False, indent=1))
        return
    for q in saved:
        params = " ".join("--param " + shlex.quote(f"{name}={default}") for name, default in q.parameters.items())
        click.echo(f"{q.name:<24} {q.title}" + (f"\n{'':<24} {params}" if params else ""))
