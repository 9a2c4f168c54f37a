"""The store on a generated corpus of ~1M triples: build, size on disk, query latency, in one run
against rdflib's memory store holding the same data.

    python bench/bench_store.py --documents 3000 --jobs 2

Prints: build throughput (documents/s, triples/s), store size, then for each saved query and for a
transitive lineage query (kg:implements|kg:continues)+ the median latency on the Oxigraph store
and on rdflib's memory store, and their ratio. Figures only; no assertions.
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

LINEAGE = """SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {
  ?target kg:symbol "%s" .
  { ?item (kg:implements|kg:continues)+ ?target }
  UNION { ?doc (kg:implements|kg:continues)* ?target . ?item kg:taskImplements ?doc }
  UNION { ?doc (kg:implements|kg:continues)+ ?target . ?item kg:assignedIn ?doc }
}"""


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description="Store benchmark")
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", help="keep the generated corpus and store in this folder")
    args = parser.parse_args()

    from corpus_gen import generate
    from kg.build import build
    from kg.queries import list_saved_queries
    from kg.store import PREFIXES, GraphStore

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    corpus, store_dir = work / "corpus", work / "store"
    shutil.rmtree(store_dir, ignore_errors=True)
    generate(corpus, args.documents)
    started = time.perf_counter()
    summary = build([str(corpus)], str(store_dir), jobs=args.jobs)
    elapsed = time.perf_counter() - started
    store = GraphStore.open(store_dir, read_only=True)
    quads = len(store)
    print(f"build: {args.documents} documents in {elapsed:.1f} s with {args.jobs} jobs "
          f"({args.documents / elapsed:.0f} docs/s, {summary.triples / elapsed:,.0f} triples/s); "
          f"{quads:,} quads; store {folder_size(store_dir) / 1e6:.0f} MB on disk")
    started = time.perf_counter()
    rebuild = build([str(corpus)], str(store_dir), jobs=args.jobs)
    print(f"rebuild with nothing changed: {time.perf_counter() - started:.2f} s ({len(rebuild.unchanged)} unchanged)")
    del store

    import pyoxigraph
    from rdflib import Dataset

    store = GraphStore.open(store_dir, read_only=True)
    started = time.perf_counter()
    nquads = pyoxigraph.serialize(store.quads(), format=pyoxigraph.RdfFormat.N_QUADS)
    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    print(f"rdflib memory store loaded the same {len(nquads) / 1e6:.0f} MB of N-Quads in "
          f"{time.perf_counter() - started:.1f} s")

    target = store.select("SELECT ?s (COUNT(*) AS ?n) WHERE { ?d kg:implements ?t . ?t kg:symbol ?s } "
                          "GROUP BY ?s ORDER BY DESC(?n) LIMIT 1")[0]["s"]
    cases = [(q.name, q.text) for q in list_saved_queries()]
    cases.append(("lineage (transitive)", PREFIXES + LINEAGE % target))
    print(f"\n{'query':<28} {'oxigraph':>10} {'rdflib mem':>11} {'ratio':>7}   rows")
    for name, text in cases:
        rows = len(list(store.query(text)))
        ox = timed(lambda: list(store.query(text)), args.repeat)
        rd = timed(lambda: list(dataset.query(text)), max(1, args.repeat // 2))
        print(f"{name:<28} {ox * 1000:>8.1f} ms {rd * 1000:>8.0f} ms {rd / ox:>6.0f}x   {rows}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
