"""Render a kg graph as one self-contained, offline HTML page (vis-network, drawn through pyvis' model).

    >>> result = render_html(graph, "out/lineage.html", title="Nghị quyết 01/NQ-CP", root="01/NQ-CP")
    >>> result.nodes, result.omitted_nodes

The page loads nothing: vis-network (from the installed pyvis), the page's script and style are inlined, the
graph is a JSON block, and a Content-Security-Policy forbids every request and every script but those.
The same graph gives byte-identical HTML.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Hashable

LAYOUTS = ("hierarchical", "force")
VIS_JS = "templates/lib/vis-9.1.2/vis-network.min.js"  # inside the pyvis package


@dataclass(frozen=True)
class RenderResult:
    """What a page shows and what it left out (counts), so a caller can say how to narrow the view."""

    path: Path
    nodes: int
    edges: int
    omitted_nodes: int
    omitted_edges: int
    omitted_by_kind: tuple[tuple[str, int], ...] = ()  # (kind, nodes left out), largest first


def render_html(graph, path: str | os.PathLike, *, title: str, layout: str = "hierarchical",
                max_nodes: int = 2000, root: Hashable | None = None) -> RenderResult:
    """Write the page for ``graph`` to ``path`` (parent folders are made) and say what it holds."""
    html, counts = _build_page(graph, title=title, layout=layout, max_nodes=max_nodes, root=root)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(html.encode("utf-8"))
    return RenderResult(path=target, **counts)


def to_html(graph, *, title: str, layout: str = "hierarchical", max_nodes: int = 2000,
            root: Hashable | None = None) -> str:
    """The page for ``graph`` as a string (see ``render_html``)."""
    return _build_page(graph, title=title, layout=layout, max_nodes=max_nodes, root=root)[0]


def _build_page(graph, *, title: str, layout: str, max_nodes: int, root: Hashable | None):
    from viz.levels import assign_levels, order_by_level
    from viz.options import ARROW_SCALE, DASH_BUDGET, DASH_PERIOD, DASH_SCALE, LARGE, build_network
    from viz.payload import (build_edges, build_nodes, kind_legend, kind_of, read_styles,
                             relation_legend)
    from viz.select import select_nodes

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    if root is not None and root not in graph:
        from kg.errors import ReferenceNotFound

        raise ReferenceNotFound(f"{root}: not a node of the graph to render")

    styles = read_styles()
    nodes = select_nodes(graph, max_nodes, root)
    kinds = {node: kind_of(graph.nodes[node], styles) for node in graph.nodes}
    levels = None
    if layout == "hierarchical":
        levels = assign_levels(graph, nodes, kinds, styles.kind_order, styles.child_to_parent)
        nodes = order_by_level(graph, nodes, levels)
    vis_nodes, node_details = build_nodes(graph, nodes, levels, root, styles)
    index_of = {node: index for index, node in enumerate(nodes)}
    vis_edges, edge_details = build_edges(graph, index_of, styles)
    network = build_network(layout, vis_nodes, vis_edges, styles)

    omitted: dict[str, int] = {}
    for node, kind in kinds.items():
        if node not in index_of:
            omitted[kind] = omitted.get(kind, 0) + 1
    counts = {
        "nodes": len(vis_nodes), "edges": len(vis_edges),
        "omitted_nodes": graph.number_of_nodes() - len(vis_nodes),
        "omitted_edges": graph.number_of_edges() - len(vis_edges),
        "omitted_by_kind": tuple(sorted(omitted.items(), key=lambda item: (-item[1], item[0]))),
    }
    page_data = {
        "title": str(title),
        "layout": layout,
        "large": len(vis_nodes) > LARGE,
        "arrow_scale": ARROW_SCALE,
        "dash_scale": DASH_SCALE,
        "dash_budget": DASH_BUDGET,
        "dash_period": DASH_PERIOD,
        "root": index_of.get(root) if root is not None else None,
        "counts": {**counts, "omitted_by_kind": [list(item) for item in counts["omitted_by_kind"]]},
        "kinds": kind_legend(node_details, styles),
        "relations": relation_legend(vis_edges, edge_details, styles),
        "options": network.options,
        "nodes": network.nodes,
        "edges": network.edges,
        "node_details": node_details,
        "edge_details": edge_details,
    }
    return _fill_template(str(title), page_data), counts


def to_script_json(value) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``, U+2028/9."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: fall back to \\u escapes
        text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _inline_script(source: str) -> str:
    """Script text that cannot close its ``<script>`` element early."""
    return source.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _asset(name: str) -> str:
    return resources.files("viz").joinpath("assets", name).read_text(encoding="utf-8")


def _fill_template(title: str, page_data: dict) -> str:
    from jinja2 import Environment
    from markupsafe import Markup

    vis_js = _inline_script(resources.files("pyvis").joinpath(VIS_JS).read_text(encoding="utf-8"))
    page_js = _inline_script(_asset("page.js"))
    css = _asset("page.css").replace("</style", "<\\/style")
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; base-uri 'none'; form-action 'none'")
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(_asset("page.html.j2"))
    return template.render(
        title=title, csp=csp, css=Markup(css), data_json=Markup(to_script_json(page_data)),
        vis_js=Markup(vis_js), page_js=Markup(page_js),
    )
