"""``kg viz`` on real stores: every mode, and the page of the seeds' 01/NQ-CP lineage and a page built from a
hostile document opened in real headless Chromium (no console error, no request, counts equal the graph's,
no injected script runs, a screenshot)."""
from __future__ import annotations

import pytest

from kg.cli import cli
from pages import PWN, assert_offline_and_clean


def run(runner, store, *args):
    return runner.invoke(cli, ["viz", "--store", store, *args])


@pytest.fixture(scope="module")
def lineage_page(seed_store, tmp_path_factory):
    from click.testing import CliRunner
    path = tmp_path_factory.mktemp("viz") / "lineage-01-NQ-CP.html"
    result = run(CliRunner(), seed_store, "01/NQ-CP", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path, result.output


def test_lineage_page_counts_equal_the_lineage_graph(seed_store, lineage_page):
    from kg.lineage import lineage, lineage_graph, read_view, resolve_ref
    from kg.store import GraphStore

    view = read_view(GraphStore.open(seed_store, read_only=True))
    graph = lineage_graph(view, lineage(view, resolve_ref(view, "01/NQ-CP").node))
    path, output = lineage_page
    assert f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges" in output
    tasks = [n for n, a in graph.nodes(data=True) if a.get("kind") == "task" and "004_" in str(a.get("source"))]
    assert len(tasks) == 66  # every task of the plan in 004


@pytest.mark.parametrize("args", [["004", "--up"], ["--agency", "Sở Tài chính"], ["--meeting", "2024-04-17"],
                                  ["--all", "--max-nodes", "100"]], ids=["up", "agency", "meeting", "all"])
def test_other_views(runner, seed_store, tmp_path, args):
    out = tmp_path / "view.html"
    result = run(runner, seed_store, *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") or "<html" in out.read_text(encoding="utf-8")


def test_a_query_view_and_the_max_nodes_message(runner, seed_store, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("PREFIX kg: <https://w3id.org/kg-vn/ontology#>\n"
                     "CONSTRUCT { ?a kg:implements ?b } WHERE { ?a kg:implements ?b }\n", encoding="utf-8")
    result = run(runner, seed_store, "--query", str(query), "-o", str(tmp_path / "q.html"))
    assert result.exit_code == 0 and " edges" in result.output
    small = run(runner, seed_store, "--all", "--max-nodes", "20", "-o", str(tmp_path / "all.html"))
    assert "left out" in small.stderr and "--max-nodes" in small.stderr


def test_bad_requests_are_one_line(runner, seed_store, tmp_path):
    missing = run(runner, seed_store, "99/XX-YY", "-o", str(tmp_path / "x.html"))
    assert missing.exit_code == 1 and not (tmp_path / "x.html").exists()
    assert run(runner, seed_store, "-o", str(tmp_path / "x.html")).exit_code == 2
    assert run(runner, seed_store, "--meeting", "17/4/2024", "-o", str(tmp_path / "x.html")).exit_code == 2


def test_lineage_page_in_chromium(open_page, lineage_page, tmp_path):
    path, output = lineage_page
    opened = open_page(path)
    assert_offline_and_clean(opened)
    nodes, edges = opened.page.evaluate("[kgViz.nodes.length, kgViz.edges.length]")
    assert f"{nodes} nodes, {edges} edges" in output
    shot = tmp_path / "lineage.png"
    opened.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_hostile_document_runs_no_script(open_page, runner, tmp_path):
    """A document whose text carries markup: extracted, built into a store, drawn; nothing it holds runs."""
    from kg.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = " ".join(PWN)
    (corpus / "hostile.txt").write_text(
        f"KẾ HOẠCH\nThực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ về {hostile}\n"
        f"1. Sở Tài chính: Chủ trì, phối hợp với Sở Tư pháp {hostile} thực hiện Nghị quyết số 01/NQ-CP; "
        f"hoàn thành trước ngày 30/6/2024.\n", encoding="utf-8")
    store = str(tmp_path / "store")
    assert not build([str(corpus)], store).failed
    page_path = tmp_path / "hostile.html"
    result = run(runner, store, "01/NQ-CP", "-o", str(page_path))
    assert result.exit_code == 0, result.output
    opened = open_page(page_path)
    assert_offline_and_clean(opened)
    page = opened.page
    shown = []
    for node, position in page.evaluate("kgViz.network.getPositions()").items():
        opened.click_canvas_at(position)  # a real click opens the node's side panel
        shown.append(opened.panel_text())
    assert any("<script>" in text for text in shown)  # the hostile text is shown, as text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.errors == []
