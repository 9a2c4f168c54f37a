"""Interactive, offline HTML views of a kg graph (vis-network through pyvis).

``import viz`` stays instant: networkx, pyvis and Jinja2 are imported only when a page is rendered.

    >>> from viz import render_html
    >>> result = render_html(graph, "lineage.html", title="01/NQ-CP", root=directive)
    >>> result.omitted_nodes  # nodes left out because of max_nodes
"""
from __future__ import annotations

__all__ = ["RenderResult", "render_html", "to_html"]


def __getattr__(name: str):
    if name in __all__:
        from viz import render

        return getattr(render, name)
    raise AttributeError(f"module 'viz' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
