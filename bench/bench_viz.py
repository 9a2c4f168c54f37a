"""How fast a large viz page renders, opens, settles and answers a search, in headless Chromium.

    python bench/bench_viz.py                 # 5,000 nodes, both layouts
    python bench/bench_viz.py --nodes 2000 --layout force --keep out/

Builds a lineage-like graph (one directive, plans and sub-plans, ~4k tasks, 80 agencies), renders it with
``viz.render_html`` (max_nodes = the graph's size, so nothing is left out) and prints figures:
render time and page size; time for the page to load (``load`` event); time until the layout is done
(vis-network's ``stabilizationIterationsDone``, or the first drawing when physics is off), measured both from
the test's clock and by the page itself; and a search-and-focus round trip (type a symbol, press Enter, until
the focus animation has finished). No assertions on time.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Waits for the page's own signal (set on vis-network's stabilizationIterationsDone, or on the first drawing
# when physics is off). page.evaluate goes through the DevTools protocol, which the page's CSP allows;
# Playwright's wait_for_function polls with eval, which that CSP forbids.
WAIT_READY = """() => new Promise(resolve => {
  if (window.kgViz && kgViz.state.ready) { resolve(); } else { document.addEventListener('kg:ready', resolve); }
})"""
PROVINCES = ["Hà Giang", "Lào Cai", "Nghệ An", "Quảng Nam", "Đắk Lắk", "Cần Thơ", "Đồng Tháp", "Thái Bình"]


def build_lineage_graph(n_nodes: int = 5000, n_agencies: int = 80, seed: int = 7) -> nx.MultiDiGraph:
    """A directive, plans implementing it, sub-plans, tasks (80 % of the nodes) and agencies."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    graph.add_node("doc:01-NQ-CP", kind="document", doc_kind="Nghị quyết", symbol="01/NQ-CP", label="01/NQ-CP",
                   title="Về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội",
                   date="2024-01-05", issuer="Chính phủ", source="corpus/01-NQ-CP.txt")
    n_tasks = int(n_nodes * 0.8)
    n_docs = n_nodes - 1 - n_tasks - n_agencies
    n_plans = max(1, n_docs // 15)
    agencies = [f"agency:{i}" for i in range(n_agencies)]
    for i, agency in enumerate(agencies):
        graph.add_node(agency, kind="agency", label=f"Sở {i:02d} tỉnh {PROVINCES[i % len(PROVINCES)]}")
    plans = []
    for i in range(n_docs):
        node = f"doc:{i}"
        top = i < n_plans
        symbol = f"{100 + i}/KH-{'UBND' if top else 'SKHĐT'}"
        graph.add_node(node, kind="document", doc_kind="Kế hoạch", symbol=symbol, label=symbol,
                       title=f"Kế hoạch thực hiện Nghị quyết 01/NQ-CP tại {PROVINCES[i % len(PROVINCES)]}",
                       date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", source=f"corpus/kh-{i}.txt")
        parent = "doc:01-NQ-CP" if top else f"doc:{rng.randrange(n_plans)}"
        graph.add_edge(node, parent, predicate="implements",
                       evidence=[{"source": f"corpus/kh-{i}.txt", "start": 80, "end": 140,
                                  "quote": "thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ"}])
        plans.append(node)
    for i in range(n_tasks):
        node = f"task:{i}"
        lead = rng.choice(agencies)
        graph.add_node(node, kind="task", label=f"Nhiệm vụ {i}: cải cách thủ tục hành chính",
                       lead=[graph.nodes[lead]["label"]], deadline="2024-12-31")
        graph.add_edge(node, rng.choice(plans[n_plans:] or plans), predicate="part_of")
        graph.add_edge(lead, node, predicate="leads")
        if rng.random() < 0.5:
            graph.add_edge(rng.choice(agencies), node, predicate="cooperates", inferred=True)
    return graph


def _next_frames(page) -> float:
    """Seconds until two more animation frames have run (the canvas has been painted)."""
    start = time.perf_counter()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return time.perf_counter() - start


def measure(html_path: Path, symbol: str, screenshot: Path | None = None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        start = time.perf_counter()
        page.goto(html_path.as_uri(), wait_until="load", timeout=120_000)
        figures["load_s"] = time.perf_counter() - start
        probe = time.perf_counter()
        page.evaluate("1")  # the page answers between stabilization batches
        figures["roundtrip_while_laying_out_s"] = time.perf_counter() - probe
        page.evaluate(WAIT_READY)
        figures["ready_s"] = time.perf_counter() - start
        timing = page.evaluate("kgViz.state.timing")
        figures["page_network_built_s"] = (timing["created"] - timing["start"]) / 1000
        figures["page_ready_s"] = (timing["ready"] - timing["start"]) / 1000
        start = time.perf_counter()
        page.evaluate("1")
        figures["idle_roundtrip_s"] = time.perf_counter() - start
        figures["first_frames_painted_s"] = figures["ready_s"] + _next_frames(page)

        page.evaluate("() => { window.__focused = new Promise(r => document.addEventListener('kg:focused', r)); }")
        start = time.perf_counter()
        page.fill("#kg-search-input", symbol)
        page.press("#kg-search-input", "Enter")
        page.evaluate("() => window.__focused")
        figures["search_focus_s"] = time.perf_counter() - start
        figures["search_focus_painted_s"] = figures["search_focus_s"] + _next_frames(page)
        focus = page.evaluate("kgViz.state.lastFocus")
        figures["page_focus_s"] = (focus["end"] - focus["start"]) / 1000
        if screenshot:
            page.screenshot(path=str(screenshot))
        figures["errors"] = len(errors)
        browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--layout", choices=["hierarchical", "force", "both"], default="both")
    parser.add_argument("--keep", type=Path, help="folder to keep the pages in")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from viz import render_html

    start = time.perf_counter()
    graph = build_lineage_graph(args.nodes)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"(built in {time.perf_counter() - start:.2f} s)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_viz_"))
    layouts = ["hierarchical", "force"] if args.layout == "both" else [args.layout]
    for layout in layouts:
        path = folder / f"bench-{layout}-{args.nodes}.html"
        start = time.perf_counter()
        result = render_html(graph, path, title=f"Bench {layout}", layout=layout, max_nodes=args.nodes,
                             root="doc:01-NQ-CP")
        render_s = time.perf_counter() - start
        shot = path.with_suffix(".png") if args.keep else None
        figures = measure(path, graph.nodes["doc:5"]["symbol"], shot)
        print(f"\n{layout}: {result.nodes} nodes, {result.edges} edges, {path.stat().st_size / 1e6:.2f} MB, "
              f"rendered in {render_s:.2f} s")
        for name, value in figures.items():
            print(f"  {name:30s} {value:8.3f}" if isinstance(value, float) else f"  {name:30s} {value:8d}")
    print(f"\npages in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
