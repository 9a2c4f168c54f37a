"""``kg lineage``, ``kg tasks``, ``kg status``, ``kg agencies``: questions over the lineage view (kg.lineage).

Each command is one library call and a formatter; networkx and the store are imported inside the commands.
A REF that names nothing is a one-line error (exit code 1); a choice among several documents is said on stderr.
"""
from __future__ import annotations

import json

import click

from kg.cli.options import format_option, store_option

DATE = click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"])


def _view(store):
    from kg.lineage.view import read_view
    return read_view(store)


def resolve_noted(view, ref: str, year: int | None):
    """The Resolved REF; a choice among several documents is said on stderr."""
    from kg.lineage.refs import resolve_ref

    resolved = resolve_ref(view, ref, year)
    if resolved.note:
        click.echo(f"kg: {resolved.note}", err=True)
    return resolved


def _agencies(view, name: str) -> list[str]:
    from kg.errors import ReferenceNotFound
    from kg.lineage.refs import match_agencies

    found = match_agencies(view, name)
    if not found:
        raise ReferenceNotFound(f"no agency called {name!r} leads, prepares or cooperates on a task "
                                "(see 'kg agencies')")
    return found


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        click.echo(f"kg: wrote {output}", err=True)
    else:
        click.echo(text)


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


@click.command()
@click.argument("ref")
@click.option("--down/--up", "down", default=True, show_default=True,
              help="Downstream: what carries REF out. Upstream: what REF carries out.")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="At most this many hops from REF.")
@click.option("--only", type=click.Choice(["tasks", "documents", "meetings"]), default=None,
              help="Only rows of this kind (tasks include agenda items).")
@click.option("--agency", default=None, help="Only tasks and agenda items this agency leads, prepares or "
                                             "cooperates on (forgiving: case, tone marks, aliases).")
@click.option("--explicit-only", is_flag=True, help="Leave out inferred links (inferred years, implicit "
                                                    "references, probable identities).")
@click.option("--year", type=int, default=None, help="The year of REF when its symbol names several documents.")
@format_option("tree", "table", "json", "csv", "graphml", "gexf")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (required for graphml and gexf).")
@store_option
def lineage(ref, down, depth, only, agency, explicit_only, year, fmt, output, store):
    """What carries REF out (documents, tasks, meetings), or with --up what REF carries out.

    REF is a symbol ("01/NQ-CP", "Nghị quyết số 01/NQ-CP ngày 05/01/2024": the date picks the year), a source
    file ("004", "corpus/004_....txt"), a title fragment or an IRI. When a symbol names several documents,
    the latest is used and stderr says so; --year chooses. Every row shows its path, hop by hop, each hop
    with the file, span and quote that state it; inferred hops are marked.

    \b
      kg lineage 01/NQ-CP
      kg lineage 004 --up
      kg lineage 01/NQ-CP --only tasks --agency "Sở KHĐT" --format csv
      kg lineage 01/NQ-CP --format gexf -o lineage.gexf
    """
    from kg.lineage import text
    from kg.lineage.walk import lineage as run
    from kg.lineage.walk import lineage_graph

    if fmt in ("graphml", "gexf") and not output:
        raise click.UsageError(f"--format {fmt} writes a file: give -o FILE")
    view = _view(store)
    resolved = resolve_noted(view, ref, year)
    if agency:
        _agencies(view, agency)
    result = run(view, resolved.node, "down" if down else "up", depth=depth, only=only, agency=agency,
                 explicit_only=explicit_only)
    result.note = resolved.note
    if fmt in ("graphml", "gexf"):
        from kg.lineage.export import write_graph
        graph = lineage_graph(view, result)
        write_graph(graph, output, fmt)
        click.echo(f"kg: wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)",
                   err=True)
        return
    if fmt == "json":
        _emit(_json(result.to_dict(view)), output)
    elif fmt == "csv":
        _emit(text.render_csv(text.LINEAGE_COLUMNS, text.lineage_rows(view, result)), output)
    else:
        inferred = sum(row.inferred for row in result.rows)
        summary = f"{len(result.rows)} rows, {inferred} through inferred links"
        if fmt == "tree":
            body = text.render_tree(view, result)
        else:
            body = text.render_table(text.LINEAGE_COLUMNS[:-2], [r[:-2] for r in text.lineage_rows(view, result)],
                                     {"label": 40, "lead": 40, "path": 90, "source": 40})
        _emit(f"{body}\n{summary}", output)


TASK_COLUMNS = ["label", "kind", "lead", "cooperating", "deadline", "status", "overdue", "document", "source",
                "span", "iri"]


@click.command()
@click.option("--agency", default=None, help="Tasks this agency leads, prepares (agenda items) or cooperates on; "
                                             "forgiving: case, tone marks, aliases such as \"Sở KHĐT\".")
@click.option("--implements", "implements", default=None, metavar="REF",
              help="Only tasks that carry REF out, directly or through plans (see kg lineage).")
@click.option("--year", type=int, default=None, help="The year of the --implements REF, when ambiguous.")
@click.option("--due-before", type=DATE, default=None, help="Deadline (its last day) before this date.")
@click.option("--overdue", is_flag=True, help="Deadline passed (as of --as-of) and no later report found.")
@click.option("--as-of", type=DATE, default=None, help="The date for --overdue (default: today).")
@click.option("--explicit-only", is_flag=True, help="With --implements: leave out inferred links.")
@format_option("table", "json", "csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to this file.")
@store_option
def tasks(agency, implements, year, due_before, overdue, as_of, explicit_only, fmt, output, store):
    """Tasks and agenda items with lead and cooperating agencies, deadline, status and source.

    Status comes from later documents of the corpus: "reported" when a later document, draft or task reports
    on the task's document, "followed_up" when a later one implements or continues it, else "open". The
    corpus does not say that a single task is done; --overdue lists tasks past their deadline with no report.

    \b
      kg tasks --agency "Sở Tài chính"
      kg tasks --implements 01/NQ-CP --due-before 2024-06-30
      kg tasks --overdue --as-of 2024-12-31 --format csv
    """
    from kg.lineage import text
    from kg.lineage.questions import list_tasks

    view = _view(store)
    agencies = _agencies(view, agency) if agency else None
    root = resolve_noted(view, implements, year).node if implements else None
    rows = list_tasks(view, agencies=agencies, implements=root,
                      due_before=due_before.date().isoformat() if due_before else None, overdue=overdue,
                      as_of=as_of.date().isoformat() if as_of else None, explicit_only=explicit_only)
    records = [row.to_dict(view) for row in rows]
    if fmt == "json":
        _emit(_json({"count": len(records), "tasks": records}), output)
        return
    table = [[r["label"], r["kind"], r["lead"], r["cooperating"], r["deadline"], r["status"],
              "yes" if r["overdue"] else "", r["document_label"], r["source"],
              f"{r['start']}-{r['end']}" if r["start"] is not None else "", r["iri"]] for r in records]
    if fmt == "csv":
        _emit(text.render_csv(TASK_COLUMNS, table), output)
    else:
        _emit(text.render_table(TASK_COLUMNS[:-1], [r[:-1] for r in table],
                                {"lead": 45, "cooperating": 30, "document": 30, "source": 40})
              + f"\n{len(records)} tasks", output)


@click.command()
@click.argument("ref")
@click.option("--year", type=int, default=None, help="The year of REF when its symbol names several documents.")
@format_option("text", "json")
@store_option
def status(ref, year, fmt, store):
    """A document card: identity, what it carries out, what carries it out, what replaced, amended or
    repealed it, and where each fact is written.

    \b
      kg status 50/2016/NQ-HĐND
      kg status 004 --format json
    """
    from kg.lineage import text
    from kg.lineage.questions import document_status

    view = _view(store)
    card = document_status(view, resolve_noted(view, ref, year).node)
    click.echo(_json(card) if fmt == "json" else text.render_card(card))


@click.command()
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the first N agencies.")
@format_option("table", "json", "csv")
@store_option
def agencies(top, fmt, store):
    """Agencies by number of tasks led (or agenda items prepared) and cooperated on, with their aliases.

    \b
      kg agencies --top 10
    """
    from kg.lineage import text
    from kg.lineage.questions import rank_agencies

    rows = rank_agencies(_view(store), top)
    if fmt == "json":
        click.echo(_json(rows))
        return
    headers = ["agency", "led", "prepared", "cooperated", "tasks", "jurisdiction", "aliases"]
    table = [[r[h] for h in headers] for r in rows]
    click.echo(text.render_csv(headers, table) if fmt == "csv" else
               text.render_table(headers, table, {"agency": 60, "aliases": 50}))
