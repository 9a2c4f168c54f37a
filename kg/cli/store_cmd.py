"""``kg build``, ``kg stats``, ``kg validate``, ``kg export``."""
from __future__ import annotations

import json
import sys

import click

from kg.cli.options import format_option, store_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("-j", "--jobs", type=int, default=None, help="Extraction processes (default: the number of cores).")
@click.option("--prune", is_flag=True, help="Remove the graphs of files that are no longer found under PATHS.")
@click.option("--max-size", "max_size", default=20.0, show_default=True, type=float, help="Refuse files over this many MB.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@format_option("text", "json")
def build(paths, store, jobs, prune, max_size, quiet, fmt):
    """Extract PATHS (files or folders; default corpus/) into the graph store.

    Incremental: unchanged files (same content hash) are skipped, a changed file replaces its named
    graph in one transaction, --prune drops files that disappeared. A bad file is reported and
    skipped, the rest is built, and the exit code is 1. Interrupting a build leaves every document
    as it was or as it is now; run it again to finish.
    """
    from kg.build import build as run_build
    from kg.build import default_jobs

    paths = paths or ("corpus",)
    bar = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(unit="file", file=sys.stderr, desc="build")

    def progress(path: str, outcome: str) -> None:
        if bar:
            bar.update()

    summary = run_build(paths, store, jobs=jobs or default_jobs(), prune=prune,
                        max_bytes=int(max_size * 1_000_000), progress=progress)
    if bar:
        bar.close()
    for failure in summary.failed:
        click.echo(f"kg: skipped {failure}", err=True)
    if fmt == "json":
        click.echo(json.dumps({k: getattr(summary, k) for k in
                               ("added", "updated", "unchanged", "removed", "failed", "triples",
                                "resolution_triples")}, ensure_ascii=False, indent=1))
    else:
        click.echo(f"{store}: " + summary.lines()[0])
    if summary.failed:
        sys.exit(1)


@click.command()
@store_option
@format_option("table", "json")
def stats(store, fmt):
    """Counts of nodes by class and of edges by relation, and the store's size."""
    from kg.stats import store_stats

    figures = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    click.echo(f"{store}: {figures['quads']} quads in {figures['graphs']} named graphs, "
               f"{figures['sources']} source files")
    click.echo("\nby class:")
    for name, count in figures["classes"].items():
        click.echo(f"  {count:>8}  {name}")
    click.echo("\nby relation:")
    for name, count in figures["relations"].items():
        click.echo(f"  {count:>8}  {name}")


@click.command()
@store_option
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False), default=None,
              help="SHACL shapes (default: the project's ontology/shapes.ttl).")
@click.option("--max-errors", default=20, show_default=True, help="How many violations to print.")
def validate(store, shapes, max_errors):
    """Check the whole store against the SHACL shapes (pySHACL); exit 1 with a report if it does not conform."""
    from kg.validation import validate_store

    conforms, violations = validate_store(store, shapes)
    if conforms:
        click.echo(f"{store}: conforms to the shapes")
        return
    click.echo(f"{store}: {len(violations)} violations of the shapes", err=True)
    for line in violations[:max_errors]:
        click.echo(f"  {line}", err=True)
    if len(violations) > max_errors:
        click.echo(f"  ... and {len(violations) - max_errors} more", err=True)
    sys.exit(1)


@click.command()
@store_option
@format_option("trig", "nq", "ttl", "jsonld")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="-", help="File to write (default stdout).")
def export(store, fmt, output):
    """Export the graph: TriG, N-Quads and JSON-LD keep the named graphs; Turtle merges them."""
    from kg.export import export_store

    count = export_store(store, fmt, output)
    if output != "-":
        click.echo(f"wrote {count} quads to {output}", err=True)
