"""Lineage speed on a generated corpus of about 1M triples: the NetworkX view against SPARQL property paths.

    python bench/bench_lineage.py                                  # 700 documents (~1.1M triples), temporary
    python bench/bench_lineage.py --work /tmp/bench-lineage        # keep (and reuse) the corpus and the store
    python bench/bench_lineage.py --documents 300 --no-rdflib      # a quick run

In one run: the corpus (bench/corpus_gen.py) is built with ``kg.build.build`` (jobs=2) and its triples
counted; the lineage view is built from the store, written to its pickle, read back from the pickle (what
another process does) and from memory; then, for the Government resolution with the largest lineage and one
with a small lineage, the set of tasks that carry it out is asked four ways: the library (``kg.lineage``),
the same rules as one SPARQL property path on the on-disk Oxigraph store, and on rdflib's memory store
(``rdflib.Dataset`` loaded from the store's N-Quads). Figures are printed; nothing is asserted.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

KG = "https://w3id.org/kg-vn/ontology#"
# the downstream rules of kg/lineage/walk.py as one path: ?task CARRIERS+ ?root
CARRIERS = ("kg:implements|kg:continues|kg:reportsOn|kg:taskImplements|kg:issuedWith|^kg:issuedWith|"
            "kg:probablySameAs|^kg:probablySameAs|kg:plannedIn|^kg:plannedIn|kg:partOf")


def timed(function, repeat: int = 1):
    """(median seconds, last result) over ``repeat`` runs."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def task_query(root: str) -> str:
    """The path first (from the bound root), then the type: both engines otherwise walk from every task."""
    return (f"SELECT DISTINCT ?task WHERE {{ {{ SELECT DISTINCT ?task WHERE {{ ?task ({CARRIERS})+ <{root}> }} }} "
            "?task a kg:Task }")


def prepare(work: Path, documents: int, jobs: int):
    from corpus_gen import generate

    from kg.build import build
    from kg.store import GraphStore

    corpus, store_path = work / "corpus", work / "store"
    if not corpus.exists() or len(list(corpus.glob("*.txt"))) != documents:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(store_path, ignore_errors=True)
        generate(corpus, documents)
    if not (store_path / "CURRENT").exists():
        seconds, summary = timed(lambda: build([str(corpus)], str(store_path), jobs=jobs))
        print(f"built {documents} documents in {seconds:.1f} s: {summary.lines()[0]}")
    store = GraphStore.open(store_path, read_only=True)
    return store_path, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1600, help="generated documents (1,600 give ~1.1M triples)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus and store (kept)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=20, help="runs per library answer (median)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib's memory store (slow to load)")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-lineage-"))
    work.mkdir(parents=True, exist_ok=True)
    store_path, store = prepare(work, args.documents, args.jobs)
    triples = len(store)
    print(f"store: {store_path} — {triples:,} triples ({triples / 1e6:.2f}M), {len(store.named_graphs())} graphs")

    import networkx  # noqa: F401  (imported before timing: a CLI pays it once per process)

    from kg.lineage import lineage
    from kg.lineage import view as view_module
    from kg.lineage.walk import walk

    view_module.view_cache_path(store_path).unlink(missing_ok=True)
    view_module.clear_cache()
    build_seconds, view = timed(lambda: view_module.build_view(store))
    print(f"\nview: {view.number_of_nodes():,} nodes, {view.number_of_edges():,} edges")
    print(f"  build from the store      {ms(build_seconds)}  ({build_seconds / (triples / 1e5):.2f} s per 100k triples)")
    first_seconds, _ = timed(lambda: view_module.read_view(store))
    print(f"  build + write the pickle  {ms(first_seconds)}  "
          f"({view_module.view_cache_path(store_path).stat().st_size / 1e6:.1f} MB)")
    view_module.clear_cache()
    pickle_seconds, view = timed(lambda: view_module.read_view(store))
    print(f"  read back from the pickle {ms(pickle_seconds)}  (a new process, store unchanged)")
    cached_seconds, _ = timed(lambda: view_module.read_view(store), 20)
    print(f"  from memory               {ms(cached_seconds)}  (generation check only)")

    def tasks_of(node: str) -> int:
        return sum(1 for n in walk(view, node) if view.nodes[n]["kind"] in ("task", "agenda_item"))

    def carried(suffix: str) -> list[tuple[int, str]]:
        """(tasks downstream, node) of the documents whose symbol ends with ``suffix``, with at least one task."""
        nodes = [node for node, attrs in view.nodes(data=True)
                 if attrs.get("kind") == "document" and str(attrs.get("symbol") or "").endswith(suffix)]
        return sorted(pair for pair in ((tasks_of(node), node) for node in nodes) if pair[0])

    resolutions, directives = carried("/NQ-CP"), carried("/CT-TTg")
    if not resolutions:
        print("no Government resolution with tasks in this corpus")
        return
    # the Government resolution that most tasks carry out, and a Prime Minister's directive that few do
    roots = {"large": resolutions[-1][1], "small": (directives or resolutions)[0][1]}

    dataset = None
    if not args.no_rdflib:
        import pyoxigraph
        import rdflib

        dump_seconds, nquads = timed(lambda: store._store.dump(format=pyoxigraph.RdfFormat.N_QUADS))
        dataset = rdflib.Dataset(default_union=True)
        load_seconds, _ = timed(lambda: dataset.parse(data=nquads.decode("utf-8"), format="nquads"))
        print(f"\nrdflib memory store: N-Quads dump {dump_seconds:.1f} s, load {load_seconds:.1f} s "
              f"({len(dataset):,} triples)")

    print(f"\n{'question':<34}{'rows':>7}{'library':>13}{'oxigraph':>13}{'rdflib':>13}"
          f"{'x oxigraph':>12}{'x rdflib':>10}  same tasks")
    for name, root in roots.items():
        symbol = view.nodes[root].get("label")
        full_seconds, full = timed(lambda root=root: lineage(view, root), args.repeat)
        lib_seconds, result = timed(lambda root=root: lineage(view, root, only="tasks"), args.repeat)
        library = {row.node for row in result.rows}
        ox_seconds, rows = timed(lambda root=root: [r[0].value for r in store.query(task_query(root))], 5)
        oxigraph = set(rows)
        rd_seconds, rdflib_tasks = float("nan"), None
        if dataset is not None:  # once when slow: a minute per answer is enough to know
            ask = lambda root=root: list(dataset.query(task_query(root), initNs={"kg": KG}))
            rd_seconds, answer = timed(ask)
            if rd_seconds < 5:
                rd_seconds, answer = timed(ask, 3)
            rdflib_tasks = {str(r[0]) for r in answer}
        same = library == oxigraph and (rdflib_tasks is None or rdflib_tasks == oxigraph)
        differs = f"no: sparql {len(oxigraph)}, only in sparql {len(oxigraph - library)}, only in library " \
                  f"{len(library - oxigraph)}" + ("" if rdflib_tasks is None else f", rdflib {len(rdflib_tasks)}")
        print(f"{name + ' ' + str(symbol) + ' (tasks)':<34}{len(library):>7}{ms(lib_seconds):>13}"
              f"{ms(ox_seconds):>13}{ms(rd_seconds):>13}{ox_seconds / lib_seconds:>11.0f}x"
              f"{rd_seconds / lib_seconds:>9.0f}x  {'yes' if same else differs}")
        print(f"{name + ' (every row, with paths)':<34}{len(full.rows):>7}{ms(full_seconds):>13}")
    print("\nlibrary: kg.lineage.lineage on the view (paths, evidence and filters included); oxigraph and rdflib: "
          "the same rules as one SPARQL property path, answering task IRIs only. The path cannot say that a "
          "document-level relation stated inside one task is that task's (kg/lineage/view.py), so SPARQL also "
          "counts the other tasks of such documents.")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
