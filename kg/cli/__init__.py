"""The ``kg`` command. Subcommands live in their own modules and are imported only when run,
so ``kg --help`` stays instant; heavy libraries are imported inside the commands that need them.
"""
from __future__ import annotations

import importlib
import sys

import click

from kg.errors import KgError

# name -> (module, function, one-line help shown by ``kg --help``)
COMMANDS = {
    "extract": ("kg.cli.extract_cmd", "extract", "Extract records from documents (JSON for scripts)."),
    "evaluate": ("kg.cli.extract_cmd", "evaluate", "Score the extractor against a gold annotation."),
    "build": ("kg.cli.store_cmd", "build", "Build or update the graph store from documents."),
    "stats": ("kg.cli.store_cmd", "stats", "Counts by class and relation in the store."),
    "validate": ("kg.cli.store_cmd", "validate", "Check the store against the SHACL shapes."),
    "export": ("kg.cli.store_cmd", "export", "Export the graph as Turtle, TriG, N-Quads or JSON-LD."),
    "sparql": ("kg.cli.query_cmd", "sparql", "Run a SPARQL query or a saved query."),
    "queries": ("kg.cli.query_cmd", "queries", "List the saved SPARQL queries."),
    "lineage": ("kg.cli.lineage_cmd", "lineage", "What carries a document out, or what it carries out."),
    "tasks": ("kg.cli.lineage_cmd", "tasks", "Tasks with lead agencies, deadlines and sources."),
    "status": ("kg.cli.lineage_cmd", "status", "A document card: identity, lineage counts, changes."),
    "agencies": ("kg.cli.lineage_cmd", "agencies", "Agencies by tasks led and cooperated on."),
    "viz": ("kg.cli.viz_cmd", "viz", "Write an interactive HTML graph view that works offline."),
    "serve": ("kg.cli.serve_cmd", "serve", "Serve SPARQL and document pages over HTTP."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    def _available(self, name: str) -> bool:
        module = COMMANDS[name][0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        module, attribute, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli() -> None:
    """kg: a knowledge graph of directives and legal references from Vietnamese government documents.

    \b
    Typical session:
      kg build corpus/                 # extract and load into the store (.kg/store)
      kg lineage "01/NQ-CP"            # what carries Nghị quyết 01/NQ-CP out
      kg viz "01/NQ-CP" -o lineage.html
      kg serve                         # SPARQL endpoint and pages on 127.0.0.1:8000
    """


def main() -> None:
    """Entry point: project errors become one line on stderr and a non-zero exit code."""
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("kg: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except KgError as error:
        click.echo(f"kg: error: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("kg: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
