"""``kg viz``: interactive HTML graph views that open offline (file://, no network)."""
from __future__ import annotations

import re

import click

from kg.cli.options import store_option


@click.command()
@click.argument("ref", required=False)
@click.option("--down", "direction", flag_value="down", default=True, help="What carries REF out (default).")
@click.option("--up", "direction", flag_value="up", help="What REF carries out, up to Party and Government documents.")
@click.option("--depth", type=int, default=None, help="At most this many hops from REF.")
@click.option("--year", type=int, default=None, help="When REF names documents of several years.")
@click.option("--explicit-only", is_flag=True, help="Leave inferred links out.")
@click.option("--agency", help="The work of one agency: the tasks it leads, prepares or cooperates on.")
@click.option("--meeting", "meeting_date", help="A meeting by its date (YYYY-MM-DD) with its agenda.")
@click.option("--all", "whole", is_flag=True, help="The whole graph (the best-connected nodes up to --max-nodes).")
@click.option("--query", "query_file", type=click.File("r", encoding="utf-8"),
              help="A .rq file: a CONSTRUCT, or a SELECT of ?s ?p ?o.")
@click.option("--max-nodes", default=2000, show_default=True, help="Leave out nodes beyond this many (and say which).")
@click.option("--layout", type=click.Choice(["hierarchical", "force"]), default=None,
              help="Default: hierarchical for lineage, agency and meeting views; force for --all and --query.")
@click.option("--title", help="Title of the page.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@store_option
def viz(ref, direction, depth, year, explicit_only, agency, meeting_date, whole, query_file, max_nodes, layout,
        title, output, store):
    """Write an interactive HTML view of the graph that works offline.

    \b
    kg viz 01/NQ-CP -o lineage.html            # the lineage of a document, top-down
    kg viz 004 --up -o upstream.html           # what the plan of file 004 carries out
    kg viz --agency "Sở Tài chính" -o stc.html
    kg viz --meeting 2024-04-17 -o meeting.html
    kg viz --all --max-nodes 3000 -o all.html
    kg viz --query my.rq -o query.html

    Nodes are coloured by kind with a legend, edges labelled by relation, inferred links dashed; click a
    node or an edge for its details and the quoted evidence with its file; search by symbol or title.
    Every script and style is inside the page, which sends no request anywhere.
    """
    from kg.lineage.view import read_view
    from kg.store import GraphStore
    from viz.render import render_html

    modes = [bool(ref), bool(agency), bool(meeting_date), whole, bool(query_file)]
    if sum(modes) != 1:
        raise click.UsageError("give exactly one of REF, --agency, --meeting, --all or --query")
    graph_store = GraphStore.open(store, read_only=True)
    view = read_view(graph_store)
    root = None
    if ref:
        from kg.cli.lineage_cmd import resolve_noted
        from kg.lineage.walk import lineage, lineage_graph
        root = resolve_noted(view, ref, year).node
        result = lineage(view, root, direction, depth=depth, explicit_only=explicit_only)
        graph = lineage_graph(view, result)
        name = view.nodes[root].get("label") or root
        title = title or f"{name}: {'văn bản, nhiệm vụ thực hiện' if direction == 'down' else 'văn bản được thực hiện'}"
    elif agency:
        from kg.lineage.refs import match_agencies
        from kg.lineage.subgraphs import agency_graph
        nodes = match_agencies(view, agency)
        if not nodes:
            from kg.errors import ReferenceNotFound
            raise ReferenceNotFound(f"no agency called {agency!r} in the store")
        graph = agency_graph(view, nodes)
        title = title or f"{agency}: nhiệm vụ chủ trì, phối hợp (tasks)"
    elif meeting_date:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meeting_date):
            raise click.BadParameter("expected YYYY-MM-DD", param_hint="--meeting")
        from kg.lineage.subgraphs import meeting_graph
        graph = meeting_graph(view, meeting_date)
        title = title or f"Cuộc họp ngày {meeting_date} (meeting)"
    elif whole:
        from kg.lineage.subgraphs import whole_graph
        graph = whole_graph(view)
        title = title or "Toàn bộ đồ thị (the whole graph)"
    else:
        from kg.lineage.subgraphs import query_graph
        graph = query_graph(view, graph_store, query_file.read())
        title = title or f"Truy vấn {query_file.name} (query)"
    default_layout = "force" if whole or query_file else "hierarchical"
    result = render_html(graph, output, title=title, layout=layout or default_layout, max_nodes=max_nodes, root=root)
    click.echo(f"wrote {result.path}: {result.nodes} nodes, {result.edges} edges")
    if result.omitted_nodes:
        left = ", ".join(f"{count} {kind}" for kind, count in result.omitted_by_kind)
        click.echo(f"kg: left out {result.omitted_nodes} nodes ({left}) and {result.omitted_edges} edges over "
                   f"--max-nodes {max_nodes}; narrow the view with --depth, --up/--down, --explicit-only, "
                   f"--agency or --meeting, or raise --max-nodes", err=True)
