"""The data a page carries: vis-network node and edge dicts (pyvis' format) and the side panel's details.

Everything here is plain JSON data. Text from documents is never markup: the page draws labels on a canvas
and fills the panel with ``textContent``; no vis ``title`` (tooltip) is set.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Hashable, Mapping

import networkx as nx

from viz.select import node_sort_key

LABEL_LIMIT = 60  # characters of a node label drawn on the canvas; the panel shows the full text
NODE_FIELDS = ("doc_kind", "title", "symbol", "date", "year", "issuer", "lead", "cooperating", "deadline",
               "source", "iri")


@dataclass(frozen=True)
class Styles:
    """Kinds (colour, shape, Vietnamese and English names) and relations, from ``assets/styles.json``."""

    kinds: tuple[Mapping[str, Any], ...]
    relations: tuple[Mapping[str, Any], ...]

    @property
    def kind_order(self) -> list[str]:
        return [kind["kind"] for kind in self.kinds]

    @property
    def child_to_parent(self) -> dict[str, bool]:
        return {rel["predicate"]: bool(rel["child_to_parent"]) for rel in self.relations}

    def relation(self, predicate: str) -> Mapping[str, Any] | None:
        return next((rel for rel in self.relations if rel["predicate"] == predicate), None)


@lru_cache(maxsize=1)
def read_styles() -> Styles:
    text = resources.files("viz").joinpath("assets/styles.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    return Styles(kinds=tuple(raw["kinds"]), relations=tuple(raw["relations"]))


def kind_of(attrs: Mapping[str, Any], styles: Styles) -> str:
    kind = attrs.get("kind")
    return kind if isinstance(kind, str) and kind in styles.kind_order else "other"


def to_plain(value: Any) -> Any:
    """A JSON-ready copy of an attribute value (dates as ISO text, sets sorted, unknown objects as str)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_plain(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (set, frozenset)):
        return [to_plain(item) for item in sorted(value, key=str)]
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    return str(value)


def short_label(text: str, limit: int = LABEL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_nodes(graph: nx.MultiDiGraph, nodes: list[Hashable], levels: Mapping[Hashable, int] | None,
                root: Hashable | None, styles: Styles) -> tuple[list[dict], list[dict]]:
    """vis node dicts (id, label, group, level) and the panel details of each node, by position."""
    vis_nodes, details = [], []
    for index, node in enumerate(nodes):
        attrs = graph.nodes[node]
        kind = kind_of(attrs, styles)
        label = attrs.get("label") or attrs.get("symbol") or attrs.get("title") or str(node)
        vis = {"id": index, "label": short_label(str(label)), "group": kind}
        if levels is not None:
            vis["level"] = levels[node]
        inferred = bool(attrs.get("inferred"))
        if inferred:  # dashed border
            vis["shapeProperties"] = {"borderDashes": [5, 4]}
            vis["borderWidth"] = 2
        if node == root:
            vis["borderWidth"] = 4
        vis_nodes.append(vis)

        info = {"key": str(node), "kind": kind, "label": str(label), "inferred": inferred}
        if kind == "other" and attrs.get("kind") is not None:
            info["kind_name"] = str(attrs["kind"])
        for field in NODE_FIELDS:
            value = to_plain(attrs.get(field))
            if value not in (None, "", []):
                info[field] = value
        details.append(info)
    return vis_nodes, details


def build_edges(graph: nx.MultiDiGraph, index_of: Mapping[Hashable, int], styles: Styles
                ) -> tuple[list[dict], list[dict]]:
    """vis edge dicts (id, from, to, label, colour, dashes when inferred) and each edge's panel details."""
    triples = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, "", data) for u, v, data in graph.edges(data=True))
    kept = [(index_of[u], index_of[v], str(key), u, v, data)
            for u, v, key, data in triples if u in index_of and v in index_of]
    kept.sort(key=lambda e: (e[0], e[1], str(e[5].get("predicate", "")), e[2]))
    parallel: dict[frozenset, int] = {}
    for source, target, *_ in kept:
        pair = frozenset((source, target))
        parallel[pair] = parallel.get(pair, 0) + 1

    vis_edges, details, seen = [], [], {}
    for index, (source, target, _key, _u, _v, data) in enumerate(kept):
        predicate = str(data.get("predicate") or "")
        relation = styles.relation(predicate)
        if relation:
            label = f"{relation['vi']} ({relation['en']})"
        else:
            label = str(data.get("label") or predicate or "")
        inferred = bool(data.get("inferred"))
        vis = {"id": index, "from": source, "to": target, "label": short_label(label)}
        if relation:
            vis["color"] = {"color": relation["color"], "highlight": relation["color"]}
        if inferred:  # translucent; the page dashes it when that is cheap enough (see DASH_* in viz.options)
            vis["inferred"] = True
            vis["color"] = {**vis.get("color", {}), "opacity": 0.55}
        pair = frozenset((source, target))
        if parallel[pair] > 1:  # spread parallel edges so each label stays readable
            seen[pair] = seen.get(pair, 0) + 1
            vis["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * seen[pair]}
        vis_edges.append(vis)

        info = {"predicate": predicate, "relation": label, "from": source, "to": target, "inferred": inferred}
        if data.get("label") and relation:
            info["label"] = str(data["label"])
        evidence = data.get("evidence")
        if evidence:
            items = evidence if isinstance(evidence, (list, tuple)) else [evidence]
            info["evidence"] = [to_plain(item) if isinstance(item, Mapping) else {"quote": str(item)}
                                for item in items]
        details.append(info)
    return vis_edges, details


def kind_legend(details: list[dict], styles: Styles) -> list[dict]:
    """The legend rows: every kind with its colours, shape, names and how many nodes of it are shown."""
    counts: dict[str, int] = {}
    for info in details:
        counts[info["kind"]] = counts.get(info["kind"], 0) + 1
    return [{"kind": k["kind"], "vi": k["vi"], "en": k["en"], "shape": k["shape"], "background": k["background"],
             "border": k["border"], "count": counts.get(k["kind"], 0)} for k in styles.kinds]


def relation_legend(vis_edges: list[dict], details: list[dict], styles: Styles) -> list[dict]:
    """The relations present on the page, in the order of the styles file."""
    present = {info["predicate"] for info in details}
    rows = [{"predicate": r["predicate"], "vi": r["vi"], "en": r["en"], "color": r["color"]}
            for r in styles.relations if r["predicate"] in present]
    known = {r["predicate"] for r in styles.relations}
    rows += [{"predicate": p, "vi": p, "en": p, "color": "#a0aec0"} for p in sorted(present - known)]
    return rows


def sort_nodes(nodes: list[Hashable]) -> list[Hashable]:
    return sorted(nodes, key=node_sort_key)
