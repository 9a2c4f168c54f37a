"""viz: the HTML page without a browser (determinism, escaping, offline, truncation, levels)."""
from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import subprocess
import sys
from html.parser import HTMLParser

import networkx as nx
import pytest

from viz import RenderResult, render_html, to_html
from viz.samples import sample_lineage

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror="alert(2)">',
    "</script><script>alert(3)</script>",
    "<!-- <script>alert(4)</script> -->",
    "it's \"quoted\" & <b>bold</b> \u2028 line \u2029 para",
    "javascript:alert(5)",
]


def hostile_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i, text in enumerate(HOSTILE):
        graph.add_node(text, kind="document" if i % 2 else text, label=text, title=text, symbol=text,
                       issuer=text, lead=[text], source=text, iri=text, date=text)
    for i, text in enumerate(HOSTILE):
        graph.add_edge(text, HOSTILE[(i + 1) % len(HOSTILE)], predicate="implements" if i % 2 else text,
                       label=text, evidence=[{"source": text, "start": 0, "end": len(text), "quote": text}])
    return graph


class PageParts(HTMLParser):
    """Tags with their attributes, and the text of each <script> element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    return parts


def page_data(html: str) -> dict:
    block = [text for attrs, text in parse(html).scripts if attrs.get("type") == "application/json"]
    assert len(block) == 1
    return json.loads(block[0])


def test_same_graph_gives_identical_bytes(tmp_path):
    first = render_html(sample_lineage(), tmp_path / "a.html", title="01/NQ-CP", root="nq:01-NQ-CP")
    second = render_html(sample_lineage(), tmp_path / "b.html", title="01/NQ-CP", root="nq:01-NQ-CP")
    assert first.path.read_bytes() == second.path.read_bytes()
    for layout in ("hierarchical", "force"):
        assert to_html(sample_lineage(), title="t", layout=layout) == to_html(sample_lineage(), title="t",
                                                                              layout=layout)


def test_insertion_order_does_not_change_the_page():
    graph = sample_lineage()
    shuffled = nx.MultiDiGraph()
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(keys=True, data=True))
    random.Random(3).shuffle(nodes)
    random.Random(4).shuffle(edges)
    shuffled.add_nodes_from((n, dict(reversed(list(attrs.items())))) for n, attrs in nodes)
    shuffled.add_edges_from(edges)
    assert to_html(graph, title="t") == to_html(shuffled, title="t")


def test_result_counts_and_page_data(tmp_path):
    graph = sample_lineage()
    result = render_html(graph, tmp_path / "out" / "lineage.html", title="01/NQ-CP")
    assert isinstance(result, RenderResult)
    assert (result.nodes, result.edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert (result.omitted_nodes, result.omitted_edges, result.omitted_by_kind) == (0, 0, ())
    data = page_data(result.path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == len(data["node_details"]) == graph.number_of_nodes()
    assert len(data["edges"]) == len(data["edge_details"]) == graph.number_of_edges()
    labels = {edge["label"] for edge in data["edges"]}
    assert {"thực hiện (implements)", "thuộc (part of)", "chủ trì (leads)", "phối hợp (cooperates)"} <= labels
    inferred = [edge for edge in data["edges"] if edge.get("inferred")]
    assert inferred and all(edge["color"]["opacity"] < 1 for edge in inferred)
    assert any(node.get("shapeProperties", {}).get("borderDashes") for node in data["nodes"])
    assert "title" not in {key for node in data["nodes"] for key in node}  # no vis tooltips (HTML-capable)
    details = {d["key"]: d for d in data["node_details"]}
    assert details["nq:01-NQ-CP"]["symbol"] == "01/NQ-CP"
    assert details["nq:01-NQ-CP"]["issuer"] == "Chính phủ"
    with_evidence = [d for d in data["edge_details"] if d.get("evidence")]
    assert with_evidence[0]["evidence"][0]["quote"].startswith(("triển khai", "Sở"))


def test_hostile_text_is_data_not_markup():
    html = to_html(hostile_graph(), title=HOSTILE[0] + HOSTILE[1], layout="force")
    parts = parse(html)
    assert [tag for tag, _ in parts.tags].count("script") == 3
    assert html.count("</script>") == 3  # nothing closes a script element early
    markup = html
    for attrs, text in parts.scripts:  # what is left: the template's markup and the JSON data block
        if "type" not in attrs:
            markup = markup.replace(text, "")
    for needle in ("<script>alert", "<img", "<b>", "<!--", "\u2028", "\u2029"):
        assert needle not in markup, needle
    assert not [(tag, attrs) for tag, attrs in parts.tags if any(name.startswith("on") for name in attrs)]
    assert not [tag for tag, _ in parts.tags if tag in ("img", "iframe", "object", "embed", "b")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the page title, escaped by the template
    data_block = [text for attrs, text in parts.scripts if attrs.get("type") == "application/json"][0]
    assert "<" not in data_block and ">" not in data_block and "&" not in data_block
    data = json.loads(data_block)
    assert {d["label"] for d in data["node_details"]} == set(HOSTILE)
    assert {d["evidence"][0]["quote"] for d in data["edge_details"]} == set(HOSTILE)
    assert data["title"] == HOSTILE[0] + HOSTILE[1]


def test_unknown_kinds_and_relations_are_drawn_as_other():
    data = page_data(to_html(hostile_graph(), title="t"))
    groups = {node["group"] for node in data["nodes"]}
    assert groups == {"document", "other"}
    other = [d for d in data["node_details"] if d["kind"] == "other"]
    assert {d["kind_name"] for d in other} == {HOSTILE[0], HOSTILE[2], HOSTILE[4]}


SCHEME_LOAD = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?|"""
    r"""import\(\s*["']|importScripts\(\s*["'])(?:[a-z][a-z0-9+.-]*:)?//""", re.IGNORECASE)


def test_page_loads_nothing_from_the_network():
    html = to_html(sample_lineage(), title="01/NQ-CP")
    parts = parse(html)
    for tag, attrs in parts.tags:
        assert "src" not in attrs or tag not in ("script", "img", "iframe", "audio", "video", "source", "embed")
        if tag == "link":
            assert attrs["href"].startswith("data:")
        assert tag not in ("img", "iframe", "object", "embed", "base", "form") or tag == "form" and \
            "action" not in attrs
    assert not SCHEME_LOAD.search(html), SCHEME_LOAD.search(html)
    assert [attrs for attrs, _ in parts.scripts if "src" in attrs] == []
    assert "vis-network" in html and "@version 9.1.2" in html  # inlined from the installed pyvis
    assert "bootstrap" not in html.lower() and "cdn" not in re.sub(r"kg-|cdn_resources", "", html).lower()


def test_content_security_policy_allows_exactly_the_inline_scripts():
    html = to_html(sample_lineage(), title="t")
    parts = parse(html)
    meta = [attrs for tag, attrs in parts.tags if tag == "meta" and attrs.get("http-equiv")]
    policy = meta[0]["content"]
    assert "default-src 'none'" in policy and "connect-src" not in policy
    hashes = set(re.findall(r"'sha256-([^']+)'", policy))
    scripts = [text for attrs, text in parts.scripts if "type" not in attrs]
    assert len(scripts) == 2
    assert hashes == {base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() for s in scripts}


def star_with_tail(n_leaves: int) -> nx.MultiDiGraph:
    """A hub with leaves, and a long path hanging off the root: root - a0 - a1 - ... ."""
    graph = nx.MultiDiGraph()
    graph.add_node("root", kind="document", label="root")
    graph.add_node("hub", kind="document", label="hub")
    graph.add_edge("hub", "root", predicate="implements")
    for i in range(n_leaves):
        graph.add_node(f"leaf{i:03d}", kind="task", label=f"leaf {i}")
        graph.add_edge(f"leaf{i:03d}", "hub", predicate="part_of")
    previous = "root"
    for i in range(10):
        graph.add_node(f"a{i}", kind="document", label=f"a{i}")
        graph.add_edge(f"a{i}", previous, predicate="implements")
        previous = f"a{i}"
    return graph


def test_truncation_keeps_nodes_nearest_the_root_and_reports_the_rest(tmp_path):
    graph = star_with_tail(40)  # 52 nodes, 51 edges
    result = render_html(graph, tmp_path / "t.html", title="t", max_nodes=10, root="a5")
    assert (result.nodes, result.omitted_nodes) == (10, 42)
    assert result.edges + result.omitted_edges == graph.number_of_edges()
    assert result.omitted_by_kind[0][0] == "task"
    data = page_data(result.path.read_text(encoding="utf-8"))
    kept = {d["key"] for d in data["node_details"]}
    assert kept == {f"a{i}" for i in range(10)}  # the tail lies within 5 steps of a5; root is 6 away
    assert data["counts"]["omitted_nodes"] == 42
    assert data["node_details"][data["root"]]["key"] == "a5"
    assert render_html(graph, tmp_path / "all.html", title="t", max_nodes=52).omitted_nodes == 0


def test_truncation_without_root_keeps_the_best_connected():
    data = page_data(to_html(star_with_tail(40), title="t", max_nodes=3, layout="force"))
    kept = {d["key"] for d in data["node_details"]}
    assert kept == {"hub", "a0", "a1"}  # the hub, then degree 2 (ties broken by key)


def test_levels_put_the_directive_on_top():
    data = page_data(to_html(sample_lineage(), title="t"))
    level = {d["key"]: node["level"] for d, node in zip(data["node_details"], data["nodes"])}
    assert level["nq:01-NQ-CP-2023"] < level["nq:01-NQ-CP"] < level["kh:45-KH-UBND"] < level["nv:0.0"] \
        < level["cq:Sở Tư pháp"]
    assert data["options"]["layout"]["hierarchical"]["direction"] == "UD"


def test_given_levels_win_and_force_layout_has_none():
    graph = sample_lineage()
    for node in graph:
        graph.nodes[node]["level"] = 7 if node == "nq:01-NQ-CP" else 1
    data = page_data(to_html(graph, title="t"))
    levels = {d["key"]: node["level"] for d, node in zip(data["node_details"], data["nodes"])}
    assert levels["nq:01-NQ-CP"] == 7 and set(levels.values()) == {1, 7}
    force = page_data(to_html(graph, title="t", layout="force"))
    assert all("level" not in node for node in force["nodes"])
    assert "hierarchical" not in force["options"]["layout"]
    assert force["options"]["layout"]["randomSeed"] == data["options"]["layout"]["randomSeed"]


def test_plain_digraph_and_odd_attribute_values():
    import datetime as dt

    graph = nx.DiGraph()
    graph.add_node(1, kind="task", label="one", date=dt.date(2024, 1, 2), lead={"B", "A"}, year=float("nan"))
    graph.add_node("1", kind="task", label="string one")
    graph.add_edge(1, "1", predicate="part_of", evidence="a bare quote")
    data = page_data(to_html(graph, title="t"))
    details = {d["label"]: d for d in data["node_details"]}
    assert details["one"]["date"] == "2024-01-02" and details["one"]["lead"] == ["A", "B"]
    assert data["edge_details"][0]["evidence"] == [{"quote": "a bare quote"}]


def test_bad_arguments():
    from kg.errors import ReferenceNotFound

    with pytest.raises(ValueError, match="layout"):
        to_html(sample_lineage(), title="t", layout="circle")
    with pytest.raises(ValueError, match="max_nodes"):
        to_html(sample_lineage(), title="t", max_nodes=0)
    with pytest.raises(ReferenceNotFound):
        to_html(sample_lineage(), title="t", root="no such node")


def test_import_viz_is_light():
    code = "import sys, viz; print(sorted(m for m in ('pyvis', 'networkx', 'jinja2', 'IPython') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
