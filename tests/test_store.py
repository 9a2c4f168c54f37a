"""The store on disk (kg.store, kg.build): real files in, named graphs out, queries, validation, export.

Builds are incremental and atomic per file: building twice changes nothing, a build killed midway and run again
gives the store of one clean build, a bad file is skipped, --prune drops a deleted file, a changed file
replaces its graph. The saved queries answer on the seeds; stats, validate and export work from the CLI.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.build import STAGING_SUFFIX, RESOLUTION_GRAPH, build
from kg.cli import cli
from kg.graph import iris
from kg.graph.namespace import KG
from kg.errors import StoreError
from kg.store import META_GRAPH, GraphStore
from kg.validation import load_union, validate_store

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "kg" / "queries"
NQ01 = "https://w3id.org/kg-vn/eli/nq/2024/01-nq-cp"
KH02 = "https://w3id.org/kg-vn/eli/kh/2024/bac-giang/02-kh-ubnd"  # a provincial plan: numbered per province
GENERATED = 200  # documents in the generated corpus of the interrupted build


def nquads(path: str, skip=(META_GRAPH,)) -> list[str]:
    """The store's quads as sorted N-Quads lines (the bookkeeping graph, a time stamp, left out)."""
    store = GraphStore.open(path, read_only=True)
    quads = [q for q in store.quads() if q.graph_name.value not in skip]
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(text.splitlines())


def copy_store(path: str, to: Path) -> str:
    shutil.copytree(path, to)
    return str(to)


def select(path: str, query: str) -> list[dict]:
    return GraphStore.open(path, read_only=True).select(query)


def saved(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus_gen import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("generated") / "corpus"
    generate(folder, GENERATED)
    return folder


def small_corpus(generated: Path, folder: Path, count: int = 3) -> list[Path]:
    folder.mkdir()
    return [Path(shutil.copy(path, folder)) for path in sorted(generated.glob("*.txt"))[:count]]


# -- the seeds ------------------------------------------------------------------------------------------------

def test_the_seed_store_conforms_to_the_shapes(seed_store):
    conforms, violations = validate_store(seed_store)
    assert conforms, "\n".join(violations[:20])


def test_the_seed_store_holds_one_graph_per_file_and_the_resolution(seed_store, corpus_files):
    store = GraphStore.open(seed_store, read_only=True)
    assert set(store.sources()) == set(corpus_files)
    graphs = set(store.named_graphs())
    assert {str(iris.source_iri(path)) for path in corpus_files} | {RESOLUTION_GRAPH} <= graphs


def test_every_relation_statement_leads_back_to_its_sentence(seed_store):
    rows = select(seed_store, """
        SELECT ?statement ?p ?start ?end ?quote ?path WHERE {
          ?statement a kg:RelationStatement ; rdf:predicate ?p ; kg:evidence ?e .
          ?e kg:start ?start ; kg:end ?end ; kg:source/kg:path ?path .
          OPTIONAL { ?e kg:quote ?quote }
        }""")
    assert len({r["statement"] for r in rows}) > 300
    texts = {path: Path(path).read_text(encoding="utf-8") for path in {r["path"] for r in rows}}
    document_relations = {str(KG[name]) for name in ("implements", "continues", "basedOn", "replaces", "amends",
                                                     "repeals", "issuedWith", "reportsOn")}
    for row in rows:
        span = texts[row["path"]][row["start"]:row["end"]]
        assert span.strip(), row
        if row["p"] in document_relations:
            assert span == row["quote"], row
        elif row["quote"] is not None:
            assert span.startswith(row["quote"]), row
    without = select(seed_store, "SELECT ?s WHERE { ?s a kg:RelationStatement FILTER NOT EXISTS { ?s kg:evidence ?e } }")
    assert not without


def test_implementing_01_nq_cp_lists_the_plan_of_004_and_its_tasks(seed_store):
    rows = select(seed_store, saved("implementing"))
    assert {r["target"] for r in rows} == {NQ01}
    plan = [r["item"] for r in rows if r["source"] and "/004_" in r["source"] and r["type"].endswith("#Document")]
    assert len(plan) == 1
    tasks = {r["item"] for r in rows if r["source"] and "/004_" in r["source"] and r["type"].endswith("#Task")}
    assigned = {r["t"] for r in select(seed_store, f"SELECT ?t WHERE {{ ?t kg:assignedIn <{plan[0]}> }}")}
    assert tasks == assigned and len(tasks) > 50
    assert KH02 in {r["item"] for r in rows}  # resolved from 002
    assert len(rows) == len({(r["target"], r["item"]) for r in rows})  # each item once


def test_replaced_or_repealed_lists_50_2016_nq_hdnd(seed_store):
    rows = select(seed_store, saved("replaced_or_repealed"))
    [row] = [r for r in rows if r["old"].endswith("/eli/nq/2016/bac-giang/50-2016-nq-hdnd")]
    assert row["change"] == str(KG.replaces)
    assert "50/2016/NQ-HĐND" in row["quote"] and "/000_" in row["source"]
    assert "/source/" in row["new"] and "/draft/" in row["new"]


def test_cited_not_in_corpus_lists_01_nq_cp(seed_store):
    rows = {r["document"]: r for r in select(seed_store, saved("cited_not_in_corpus"))}
    assert rows[NQ01]["symbol"] == "01/NQ-CP" and rows[NQ01]["year"] == 2024
    assert rows[NQ01]["mentions"] >= 4 and rows[NQ01]["citing_files"] >= 3
    read = {r["d"] for r in select(seed_store, "SELECT DISTINCT ?d WHERE { ?d kg:readFrom ?f }")}
    assert not read & set(rows)
    probably = rows[KH02]["probably_read_as"]
    assert probably and probably.endswith("corpus-004-0c44b8b32b54e5ec-txt/document")


def test_relation_counts_count_each_edge(seed_store):
    counts = {r["relation"]: r["count"] for r in select(seed_store, saved("relation_counts"))}
    for relation in ("implements", "basedOn", "taskImplements", "replaces"):
        edges = select(seed_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s kg:{relation} ?o }} }}")
        assert counts[str(KG[relation])] == edges[0]["n"] > 0, relation


# -- building --------------------------------------------------------------------------------------------------

def test_building_twice_changes_nothing(seed_store, corpus_files, tmp_path):
    path = copy_store(seed_store, tmp_path / "store")
    before = nquads(path, skip=())
    summary = build(corpus_files, path, jobs=1)
    assert (summary.added, summary.updated, summary.removed, summary.failed) == ([], [], [], [])
    assert sorted(summary.unchanged) == sorted(corpus_files)
    assert nquads(path, skip=()) == before


def test_compaction_keeps_every_quad_and_needs_a_writable_store(seed_store, tmp_path):
    path = copy_store(seed_store, tmp_path / "store")
    before = nquads(path, skip=())
    with pytest.raises(StoreError, match="read-only"):
        GraphStore.open(path, read_only=True).optimize()
    store = GraphStore.open(path)
    store.optimize()
    store.close()
    assert nquads(path, skip=()) == before


def _kill_when(process, folder: Path, threshold: int) -> None:
    """SIGKILL ``process`` once ``folder`` holds more than ``threshold`` bytes of Oxigraph logs and tables."""
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        written = sum(f.stat().st_size for f in folder.glob("*") if f.suffix in (".log", ".sst")) \
            if folder.exists() else 0
        if written > threshold:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()


def _cli_build(corpus: Path, store: Path, jobs: int = 1):
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store),
                             "-j", str(jobs), "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_fresh_build_killed_midway_leaves_no_half_store(generated, tmp_path):
    """A fresh build bulk-loads into <store>.building and renames it when complete: killed, it leaves nothing
    at the store's path, and the next build starts over and equals one clean build."""
    killed = tmp_path / "killed"
    staging = Path(str(killed) + STAGING_SUFFIX)
    _kill_when(_cli_build(generated, killed), staging, 1)
    assert not (killed / "CURRENT").exists()
    summary = build([str(generated)], str(killed), jobs=2)
    assert not staging.exists() and len(summary.added) == GENERATED
    clean = tmp_path / "clean"
    build([str(generated)], str(clean), jobs=2)
    assert nquads(str(killed)) == nquads(str(clean))


_BUILD_PRINTING_PROGRESS = """
import sys
from kg.build import build
build([sys.argv[1]], sys.argv[2], jobs=1, progress=lambda path, outcome: print(outcome, path, flush=True))
"""


def test_an_update_killed_midway_and_run_again_equals_a_clean_build(generated, tmp_path):
    """An update writes one transaction per file: killed midway (SIGKILL after the fifth file written), each
    document is old or new, never half; the resolution graph is gone (dropped before the first write);
    building again equals one clean build."""
    first = tmp_path / "first"
    small_corpus(generated, first, 20)
    killed = tmp_path / "killed"
    build([str(first)], str(killed), jobs=1)
    process = subprocess.Popen([sys.executable, "-c", _BUILD_PRINTING_PROGRESS, str(generated), str(killed)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    written = 0
    for line in process.stdout:
        written += line.startswith("added")
        if written == 5:
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    done = GraphStore.open(killed, read_only=True).sources()
    assert 5 <= len([p for p in done if p.startswith(str(generated))]) < GENERATED
    assert RESOLUTION_GRAPH not in GraphStore.open(killed, read_only=True).named_graphs()
    build([str(generated)], str(killed), jobs=2, prune=True)
    clean = tmp_path / "clean"
    build([str(generated)], str(clean), jobs=2)
    assert nquads(str(killed)) == nquads(str(clean))


def test_a_build_stopped_before_the_resolution_leaves_none_stale(generated, tmp_path, monkeypatch):
    """Killed after a changed file is written but before the resolution graph is recomputed: the old resolution
    graph is gone (dropped with the first write), so the next build recomputes it."""
    import kg.build
    folder = tmp_path / "corpus"
    changed = small_corpus(generated, folder, 3)[0]
    store = str(tmp_path / "store")
    build([str(folder)], store, jobs=1)
    assert RESOLUTION_GRAPH in GraphStore.open(store, read_only=True).named_graphs()
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThực hiện Kế hoạch số 77/KH-UBND.\n",
                       encoding="utf-8")

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.build, "refresh_resolution", killed)
    with pytest.raises(KeyboardInterrupt):
        build([str(folder)], store, jobs=1)
    monkeypatch.undo()
    assert RESOLUTION_GRAPH not in GraphStore.open(store, read_only=True).named_graphs()
    summary = build([str(folder)], store, jobs=1)
    assert summary.unchanged and summary.resolution_triples > 0
    clean = str(tmp_path / "clean")
    build([str(folder)], clean, jobs=1)
    assert nquads(store) == nquads(clean)


def test_a_bad_file_is_reported_and_skipped(generated, tmp_path, runner):
    folder = tmp_path / "corpus"
    good = small_corpus(generated, folder, 2)
    bad = folder / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 not text \x00")
    summary = build([str(folder)], str(tmp_path / "store"), jobs=1)
    assert len(summary.failed) == 1 and "broken.txt" in summary.failed[0]
    assert sorted(GraphStore.open(tmp_path / "store", read_only=True).sources()) == sorted(map(str, good))
    result = runner.invoke(cli, ["build", str(folder), "--store", str(tmp_path / "cli-store"), "-j", "1", "-q"])
    assert result.exit_code == 1
    assert "skipped" in result.output and "broken.txt" in result.output


def test_prune_removes_the_graph_of_a_deleted_file(generated, tmp_path):
    folder = tmp_path / "corpus"
    files = small_corpus(generated, folder, 3)
    store = str(tmp_path / "store")
    build([str(folder)], store, jobs=1)
    files[1].unlink()
    graph = str(iris.source_iri(str(files[1])))
    assert graph in GraphStore.open(store, read_only=True).named_graphs()
    summary = build([str(folder)], store, jobs=1)  # without --prune the graph stays
    assert summary.removed == [] and graph in GraphStore.open(store, read_only=True).named_graphs()
    summary = build([str(folder)], store, jobs=1, prune=True)
    assert summary.removed == [str(files[1])]
    after = GraphStore.open(store, read_only=True)
    assert graph not in after.named_graphs() and str(files[1]) not in after.sources()
    assert not list(after.quads(graph))
    clean = str(tmp_path / "clean")
    build([str(folder)], clean, jobs=1)
    assert nquads(store) == nquads(clean)


def test_a_changed_file_replaces_its_graph(generated, tmp_path):
    folder = tmp_path / "corpus"
    changed = small_corpus(generated, folder, 2)[0]
    store = str(tmp_path / "store")
    build([str(folder)], store, jobs=1)
    text = changed.read_text(encoding="utf-8")
    number = text.split("Số: ", 1)[1].split("/", 1)[0]
    old_doc = select(store, f'SELECT ?d WHERE {{ ?d kg:readFrom/kg:path "{changed}" }}')[0]["d"]
    changed.write_text(text.replace(f"Số: {number}/", f"Số: 9{number}/", 1), encoding="utf-8")
    summary = build([str(folder)], store, jobs=1)
    assert summary.updated == [str(changed)]
    graph = str(iris.source_iri(str(changed)))
    new_doc = select(store, f'SELECT ?d WHERE {{ ?d kg:readFrom/kg:path "{changed}" }}')[0]["d"]
    assert new_doc != old_doc and new_doc.endswith(f"/9{number}-" + old_doc.rsplit("/", 1)[1].split("-", 1)[1])
    assert not select(store, f"SELECT ?p WHERE {{ GRAPH <{graph}> {{ <{old_doc}> ?p ?o }} }}")
    clean = str(tmp_path / "clean")
    build([str(folder)], clean, jobs=1)
    assert nquads(store) == nquads(clean)


# -- the CLI on a store ----------------------------------------------------------------------------------------

def test_kg_stats(seed_store, runner):
    result = runner.invoke(cli, ["stats", "--store", seed_store])
    assert result.exit_code == 0, result.output
    assert "5 source files" in result.output and "kg:Plan" in result.output
    figures = json.loads(runner.invoke(cli, ["stats", "--store", seed_store, "--format", "json"]).output)
    assert figures["sources"] == 5 and figures["classes"]["kg:Mention"] > 100
    assert figures["relations"]["kg:implements"] > 0


def test_kg_validate(seed_store, runner, tmp_path):
    result = runner.invoke(cli, ["validate", "--store", seed_store])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
    broken = copy_store(seed_store, tmp_path / "broken")
    store = GraphStore.open(broken)
    store.replace_graph("urn:test:broken", [(URIRef(NQ01), KG.year, Literal(2023))])
    del store
    result = runner.invoke(cli, ["validate", "--store", broken])
    assert result.exit_code == 1
    assert "violations of the shapes" in result.output
    assert NQ01 in result.output and "at most one year" in result.output


@pytest.mark.parametrize("fmt", ["trig", "nq", "ttl", "jsonld"])
def test_kg_export_and_load_back(seed_store, runner, tmp_path, fmt):
    """TriG, N-Quads and JSON-LD keep the named graphs (compared quad by quad); Turtle merges them (compared
    with the union of the store's graphs)."""
    out = tmp_path / f"export.{fmt}"
    result = runner.invoke(cli, ["export", "--store", seed_store, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    store = GraphStore.open(seed_store, read_only=True)
    if fmt == "ttl":
        loaded = Graph().parse(out, format="turtle")
        assert isomorphic(loaded, load_union(seed_store))
        return
    expected = Dataset()
    expected.parse(data=pyoxigraph.serialize(list(store.quads()), format=pyoxigraph.RdfFormat.N_QUADS),
                   format="nquads")
    loaded = Dataset()
    loaded.parse(out, format={"trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt])
    assert set(loaded.quads()) == set(expected.quads())
    assert RESOLUTION_GRAPH in {str(g.identifier) for g in loaded.graphs()}
