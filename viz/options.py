"""vis-network options for a page, held in a pyvis ``Network`` (its options and node/edge dict model).

Layouts are seeded so the same graph gives the same picture. Physics runs a bounded stabilization and the
page switches it off when ``stabilizationIterationsDone`` fires. Large graphs drop the costly parts
(improvedLayout, smooth curves, hover, hierarchical physics whose repulsion is quadratic).
"""
from __future__ import annotations

import json
from typing import Any

from viz.payload import Styles

SEED = 20240101
LARGE = 1000  # nodes: from here on the page favours speed over polish
ARROW_SCALE = 0.3  # on large pages, arrowheads are drawn only at this zoom or closer (they cost most of a frame)
# Inferred edges are dashed only at this zoom or closer: far out, a 5-unit dash is a fraction of a pixel and
# Chromium's software canvas takes seconds to rasterise the millions of dashes of a wide hierarchy.
DASH_SCALE = 0.25
DASH_BUDGET = 100_000  # dashes (of DASH_PERIOD units) over all inferred edges at the current zoom
DASH_PERIOD = 9  # a dash and its gap, in canvas units (vis' default pattern is [5, 5])
HIERARCHICAL_PHYSICS_MAX = 400  # nodes: above this the hierarchical layout is drawn without physics


def stabilization_iterations(n_nodes: int) -> int:
    if n_nodes <= 200:
        return 600
    if n_nodes <= LARGE:
        return 300
    if n_nodes <= 3000:
        return 150
    return 70  # a 5k-node tick costs ~60 ms in headless Chromium on 2 cores: ~4 s


def build_options(layout: str, n_nodes: int, styles: Styles) -> dict[str, Any]:
    large = n_nodes > LARGE
    groups = {
        kind["kind"]: {
            "shape": kind["shape"],
            "size": kind["size"],
            "color": {
                "background": kind["background"], "border": kind["border"],
                "highlight": {"background": kind["background"], "border": "#1a202c"},
                "hover": {"background": kind["background"], "border": "#1a202c"},
            },
            "font": {"color": kind["font"] if kind["shape"] in ("box", "ellipse") else "#1a202c"},
        }
        for kind in styles.kinds
    }
    options: dict[str, Any] = {
        "autoResize": True,
        "groups": groups,
        # Labels fade out below a zoom (drawThreshold: on-screen font px); large pages hide them sooner,
        # as thousands of labels are most of a frame's cost in a software-rendered canvas.
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif"},
                  "widthConstraint": {"maximum": 160}, "margin": 8,
                  "scaling": {"label": {"drawThreshold": 8 if large else 5}}},
        "edges": {
            # Large pages start without arrowheads (the page adds them once zoomed in: see ARROW_SCALE).
            "arrows": {"to": {"enabled": not large, "scaleFactor": 0.6}},
            "color": {"color": "#a0aec0", "highlight": "#1a202c", "inherit": False},
            "font": {"size": 11, "align": "middle", "strokeWidth": 3, "color": "#2d3748"},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1.2,
            "selectionWidth": 2,
            "scaling": {"label": {"drawThreshold": 9 if large else 6}},
        },
        "interaction": {"hover": not large, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "tooltipDelay": 400, "multiselect": False, "navigationButtons": False,
                        "keyboard": False},
        "layout": {"randomSeed": SEED, "improvedLayout": n_nodes <= 300},
    }
    # updateInterval: ticks between two yields to the browser (a 5k-node tick is ~60 ms: keep input responsive)
    stabilization = {"enabled": True, "iterations": stabilization_iterations(n_nodes),
                     "updateInterval": 10 if large else 25, "fit": True}
    if layout == "hierarchical":
        options["layout"]["hierarchical"] = {
            "enabled": True, "direction": "UD", "sortMethod": "directed", "shakeTowards": "roots",
            "levelSeparation": 170, "nodeSpacing": 180, "treeSpacing": 220,
            "blockShifting": True, "edgeMinimization": not large, "parentCentralization": True,
        }
        if not large:
            options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier",
                                          "forceDirection": "vertical", "roundness": 0.4}
        options["physics"] = {
            "enabled": n_nodes <= HIERARCHICAL_PHYSICS_MAX,
            "solver": "hierarchicalRepulsion",
            "hierarchicalRepulsion": {"centralGravity": 0.0, "springLength": 120, "springConstant": 0.01,
                                      "nodeDistance": 180, "damping": 0.09, "avoidOverlap": 0.4},
            "stabilization": stabilization,
        }
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            # A coarser Barnes-Hut (theta) makes a 5k-node tick ~3x cheaper in this vis build.
            "forceAtlas2Based": {"theta": 0.9 if large else 0.5, "gravitationalConstant": -60, "centralGravity": 0.012, "springLength": 110,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.2},
            "minVelocity": 1.0,
            "maxVelocity": 60,
            "timestep": 0.5,
            "stabilization": stabilization,
        }
    return options


def build_network(layout: str, vis_nodes: list[dict], vis_edges: list[dict], styles: Styles):
    """A pyvis Network holding the node and edge dicts and the options (no ``add_node``: it is slow)."""
    from pyvis.network import Network  # imports IPython: only when a page is rendered

    network = Network(directed=True, layout=layout == "hierarchical", cdn_resources="in_line")
    network.nodes = vis_nodes
    network.edges = vis_edges
    network.node_ids = [node["id"] for node in vis_nodes]
    network.node_map = {node["id"]: node for node in vis_nodes}
    network.set_options(json.dumps(build_options(layout, len(vis_nodes), styles), ensure_ascii=True))
    return network
