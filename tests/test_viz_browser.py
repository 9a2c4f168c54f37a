"""viz pages in a real headless Chromium (Debian's /usr/bin/chromium through Playwright), from file://.

These tests do not skip: without /usr/bin/chromium they fail and say how to install it (CI installs it).
Waiting uses page.evaluate on the page's own events ("kg:ready", "kg:focused"): Playwright's
wait_for_function polls with eval, which the page's Content-Security-Policy forbids.
"""
from __future__ import annotations


import networkx as nx
import pytest

from pages import PWN, WAIT_READY, OpenPage, assert_offline_and_clean  # noqa: F401

from viz import render_html
from viz.samples import sample_lineage

@pytest.mark.parametrize("layout", ["hierarchical", "force"])
def test_page_opens_offline_with_the_whole_graph(open_page, tmp_path, layout):
    graph = sample_lineage()
    result = render_html(graph, tmp_path / "lineage.html", title="Nghị quyết 01/NQ-CP", layout=layout,
                         root="nq:01-NQ-CP")
    opened = open_page(result.path)
    page = opened.page
    counts = page.evaluate("[kgViz.nodes.length, kgViz.edges.length]")
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
    assert page.evaluate("kgViz.state.readyBy") == "stabilizationIterationsDone"
    positions = page.evaluate("kgViz.network.getPositions()")
    page.wait_for_timeout(400)
    assert page.evaluate("kgViz.network.getPositions()") == positions  # physics stopped after stabilizing
    assert page.locator("#kg-kinds input[type=checkbox]").count() == 3
    assert "Văn bản (document)" in page.locator("#kg-legend").inner_text()
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot))
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert_offline_and_clean(opened)


def test_search_focuses_a_node(open_page, tmp_path):
    result = render_html(sample_lineage(), tmp_path / "lineage.html", title="t")
    opened = open_page(result.path)
    page = opened.page
    target = page.evaluate("kgViz.data.node_details.findIndex(d => d.symbol === '45/KH-UBND')")
    for query in ("45/kh-ubnd", "ke hoach thuc hien nghi quyet so 01/NQ-CP cua chinh phu (ubnd tinh ha giang)"):
        page.evaluate("() => { kgViz.network.unselectAll(); kgViz.network.moveTo({scale: 0.3}); }")
        page.evaluate("() => { window.__focused = new Promise(r => document.addEventListener('kg:focused', r, "
                      "{once: true})); }")
        page.fill("#kg-search-input", query)
        page.press("#kg-search-input", "Enter")
        page.evaluate("() => window.__focused")
        assert page.evaluate("kgViz.network.getSelectedNodes()") == [target]
        assert page.evaluate("kgViz.network.getScale()") >= 1.0
        center = page.evaluate("kgViz.network.getViewPosition()")
        node = page.evaluate(f"kgViz.network.getPosition({target})")
        assert abs(center["x"] - node["x"]) < 1 and abs(center["y"] - node["y"]) < 1
        assert "45/KH-UBND" in opened.panel_text() and "UBND tỉnh Hà Giang" in opened.panel_text()
    page.fill("#kg-search-input", "không có văn bản này")
    assert "Không tìm thấy" in page.locator("#kg-results").inner_text()
    assert_offline_and_clean(opened)


def test_clicking_nodes_and_edges_opens_the_panel_with_evidence(open_page, tmp_path):
    result = render_html(sample_lineage(), tmp_path / "lineage.html", title="t")
    opened = open_page(result.path)
    page = opened.page
    plan = page.evaluate("kgViz.data.node_details.findIndex(d => d.symbol === '112/KH-BGDĐT')")
    opened.click_canvas_at(page.evaluate(f"kgViz.network.getPosition({plan})"))
    text = opened.panel_text()
    assert "112/KH-BGDĐT" in text and "Bộ Giáo dục và Đào tạo" in text and "corpus/112-KH-BGDDT.txt" in text
    edge = page.evaluate("kgViz.data.edge_details.findIndex(e => e.predicate === 'implements' && "
                         f"e.from === {plan})")
    opened.click_canvas_at(opened.edge_point(edge))
    text = opened.panel_text()
    assert "thực hiện (implements)" in text
    assert "triển khai thực hiện Nghị quyết số 01/NQ-CP" in text and "corpus/112-KH-BGDDT.txt" in text
    assert "ký tự (chars) 212–" in text
    assert_offline_and_clean(opened)


def test_kind_filter_hides_and_shows_nodes(open_page, tmp_path):
    graph = sample_lineage()
    result = render_html(graph, tmp_path / "lineage.html", title="t", layout="force")
    opened = open_page(result.path)
    page = opened.page
    drawn = "Object.keys(kgViz.network.getPositions()).length"
    assert page.evaluate(drawn) == graph.number_of_nodes()
    page.locator("#kg-kinds input[data-kind=task]").uncheck()
    assert page.evaluate(drawn) == graph.number_of_nodes() - 6
    page.locator("#kg-kinds input[data-kind=task]").check()
    assert page.evaluate(drawn) == graph.number_of_nodes()
    assert_offline_and_clean(opened)


def hostile_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i, text in enumerate(PWN):
        graph.add_node(f"n{i}", kind="document" if i % 2 else text, label=text, title=text, symbol=text,
                       issuer=text, lead=[text], source=text, iri=text, deadline=text)
    for i, text in enumerate(PWN):
        graph.add_edge(f"n{i}", f"n{(i + 1) % len(PWN)}", predicate="implements" if i % 2 else text,
                       label=text, inferred=bool(i % 2),
                       evidence=[{"source": text, "start": 0, "end": len(text), "quote": text}])
    return graph


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_text_runs_no_code(open_page, tmp_path, bypass_csp):
    graph = hostile_graph()
    result = render_html(graph, tmp_path / "hostile.html", title=PWN[0] + PWN[1], layout="force")
    opened = open_page(result.path, bypass_csp=bypass_csp)
    page = opened.page
    assert page.title() == PWN[0] + PWN[1]
    for node in range(graph.number_of_nodes()):
        opened.click_canvas_at(page.evaluate(f"kgViz.network.getPosition({node})"))
        assert page.evaluate("kgViz.network.getSelectedNodes()") == [node]
        label = page.evaluate(f"kgViz.data.node_details[{node}].label")
        assert page.locator("#kg-panel h2").inner_text() == label  # shown as text, verbatim
    for edge in range(graph.number_of_edges()):
        opened.click_canvas_at(opened.edge_point(edge))
        assert page.evaluate("kgViz.network.getSelectedEdges()") == [edge]
        quote = page.evaluate(f"kgViz.data.edge_details[{edge}].evidence[0].quote")
        assert page.locator("#kg-panel blockquote").inner_text() == quote
    page.fill("#kg-search-input", "script")
    page.locator("#kg-results button").first.click()
    page.locator("#kg-panel button").first.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert "<script>window.__pwned=1</script>" in page.locator("#kg-panel").inner_text() + \
        page.locator("#kg-results").inner_text()
    assert_offline_and_clean(opened)


def test_large_page_opens_and_searches(open_page, tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("root", kind="document", label="01/NQ-CP", symbol="01/NQ-CP")
    for p in range(30):
        graph.add_node(f"p{p}", kind="document", label=f"{p}/KH", symbol=f"{p}/KH")
        graph.add_edge(f"p{p}", "root", predicate="implements")
    for t in range(1200):
        graph.add_node(f"t{t}", kind="task", label=f"Nhiệm vụ {t}")
        graph.add_edge(f"t{t}", f"p{t % 30}", predicate="part_of")
        graph.add_edge(f"a{t % 40}", f"t{t}", predicate="leads", inferred=t % 3 == 0)
    for a in range(40):
        graph.nodes[f"a{a}"].update(kind="agency", label=f"Sở {a}")
    result = render_html(graph, tmp_path / "large.html", title="t", max_nodes=1000, root="root")
    assert (result.nodes, result.omitted_nodes) == (1000, graph.number_of_nodes() - 1000)
    opened = open_page(result.path)
    page = opened.page
    assert page.evaluate("[kgViz.nodes.length, kgViz.data.large]") == [1000, False]
    assert "Lược bớt 271 nút" in page.locator("#kg-legend").inner_text()
    big = render_html(graph, tmp_path / "big.html", title="t", layout="force", max_nodes=5000)
    opened = open_page(big.path)
    page = opened.page
    assert page.evaluate("[kgViz.nodes.length, kgViz.edges.length, kgViz.data.large]") == [
        graph.number_of_nodes(), graph.number_of_edges(), True]
    page.evaluate("() => { window.__focused = new Promise(r => document.addEventListener('kg:focused', r)); }")
    page.fill("#kg-search-input", "17/KH")
    page.press("#kg-search-input", "Enter")
    page.evaluate("() => window.__focused")
    target = page.evaluate("kgViz.data.node_details.findIndex(d => d.symbol === '17/KH')")
    assert page.evaluate("kgViz.network.getSelectedNodes()") == [target]
    assert page.evaluate("kgViz.detail.arrows") is True  # zoomed in: arrowheads back
    assert_offline_and_clean(opened)
