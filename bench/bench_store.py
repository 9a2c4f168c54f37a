"""The store on a generated corpus of ~1M triples: build, size on disk, query latency, in one run
against rdflib's memory store holding the same data.

    python bench/bench_store.py                  # 1450 generated documents, ~1.03M quads
    python bench/bench_store.py --documents 150 --repeat 3

Prints: build throughput (documents/s, triples/s), store size, then for each saved query (as shipped, and
the parameterized ones again with the heaviest parameter the store offers: the symbol with the most
documents and tasks carrying it out, the agency name with the most tasks, typed without tone marks) and for
a transitive lineage query the median latency on the Oxigraph store and on rdflib's memory store, their
ratio and the rows returned. Figures only; no assertions.
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

# the downstream rules of kg/lineage/walk.py as one path to a bound document (what `kg lineage` follows),
# then the type: every task that carries the document out, directly or down the chain
CARRIERS = ("kg:implements|kg:continues|kg:reportsOn|kg:taskImplements|kg:issuedWith|^kg:issuedWith|"
            "kg:probablySameAs|^kg:probablySameAs|kg:plannedIn|^kg:plannedIn|kg:partOf")
LINEAGE = """SELECT DISTINCT ?task WHERE {
  { SELECT DISTINCT ?task WHERE { ?task (%s)+ <%s> } }
  ?task a kg:Task }"""
# the same question for every document of one symbol (one per year and province), counted; each UNION branch
# is one path from the bound ?target (a branch of several patterns would be evaluated alone, its paths unbound)
SYMBOL_LINEAGE = """SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {
  { SELECT DISTINCT ?target WHERE {
      { SELECT DISTINCT ?target WHERE { ?target kg:symbol "%s" } }
      FILTER EXISTS { ?target a kg:Document } } }
  { ?item (kg:implements|kg:continues)+ ?target }
  UNION { ?item (kg:taskImplements/(kg:implements|kg:continues)*)|(kg:assignedIn/(kg:implements|kg:continues)+) ?target }
}"""
MOST_IMPLEMENTED = """SELECT ?doc (COUNT(DISTINCT ?item) AS ?n) WHERE {
  ?item kg:implements|kg:taskImplements ?doc }
  GROUP BY ?doc ORDER BY DESC(?n) LIMIT 1"""
HEAVIEST_SYMBOL = """SELECT ?symbol (COUNT(DISTINCT ?item) AS ?n) WHERE {
  { SELECT DISTINCT ?item ?doc WHERE { ?item kg:implements|kg:continues|kg:taskImplements ?doc } }
  ?doc kg:symbol ?symbol } GROUP BY ?symbol ORDER BY DESC(?n) LIMIT 1"""
BUSIEST_AGENCY = """SELECT ?name (SUM(?tasks) AS ?n) WHERE {
  { SELECT ?agency (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
      VALUES ?role { kg:leadAgency kg:preparedBy kg:assignedTo kg:cooperatingAgency }
      ?task ?role ?agency } GROUP BY ?agency }
  { SELECT DISTINCT ?agency ?name WHERE { ?agency rdfs:label ?name } }
} GROUP BY ?name ORDER BY DESC(?n) LIMIT 1"""


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
    parser.add_argument("--documents", type=int, default=1450, help="~1.03M quads with corpus_gen")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", help="keep the generated corpus and store in this folder (reused when there)")
    parser.add_argument("--only", action="append", default=[],
                        help="measure only the queries whose name starts with this (repeatable)")
    args = parser.parse_args()

    from corpus_gen import generate

    from kg.build import build
    from kg.queries import list_saved_queries
    from kg.store import PREFIXES, GraphStore
    from kg.text import strip_marks

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    corpus, store_dir = work / "corpus", work / "store"
    reuse = bool(args.keep) and (store_dir / "CURRENT").exists() and len(list(corpus.glob("*.txt"))) == args.documents
    if reuse:
        store = GraphStore.open(store_dir, read_only=True)
        print(f"store: reusing {store_dir} ({args.documents} documents, {len(store):,} quads, "
              f"{folder_size(store_dir) / 1e6:.0f} MB on disk)")
    else:
        shutil.rmtree(store_dir, ignore_errors=True)
        shutil.rmtree(corpus, ignore_errors=True)
        generate(corpus, args.documents)
        started = time.perf_counter()
        summary = build([str(corpus)], str(store_dir), jobs=args.jobs)
        elapsed = time.perf_counter() - started
        store = GraphStore.open(store_dir, read_only=True)
        print(f"build: {args.documents} documents in {elapsed:.1f} s with {args.jobs} jobs "
              f"({args.documents / elapsed:.0f} docs/s, {summary.triples / elapsed:,.0f} triples/s); "
              f"{len(store):,} quads; store {folder_size(store_dir) / 1e6:.0f} MB on disk")
        del store
        started = time.perf_counter()
        rebuild = build([str(corpus)], str(store_dir), jobs=args.jobs)
        print(f"rebuild with nothing changed: {time.perf_counter() - started:.2f} s "
              f"({len(rebuild.unchanged)} unchanged)")

    import pyoxigraph
    from rdflib import Dataset

    store = GraphStore.open(store_dir, read_only=True)
    started = time.perf_counter()
    nquads = pyoxigraph.serialize(store.quads(), format=pyoxigraph.RdfFormat.N_QUADS)
    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    print(f"rdflib memory store loaded the same {len(nquads) / 1e6:.0f} MB of N-Quads in "
          f"{time.perf_counter() - started:.1f} s")

    symbol = store.select(HEAVIEST_SYMBOL)[0]["symbol"]
    agency = store.select(BUSIEST_AGENCY)[0]["name"]
    params = {"symbol": symbol, "agencyName": strip_marks(agency).lower()}
    cases = []
    for query in list_saved_queries():
        cases.append((query.name, query.text))
        given = {name: value for name, value in params.items() if name in query.parameters}
        if given:
            cases.append((f"{query.name} ({', '.join(given.values())})", query.with_params(given)))
    root = store.select(MOST_IMPLEMENTED)[0]["doc"]
    root_symbol = store.select(f"SELECT ?s WHERE {{ <{root}> kg:symbol ?s }} LIMIT 1")[0]["s"]
    cases.append((f"lineage tasks ({root_symbol})", PREFIXES + LINEAGE % (CARRIERS, root)))
    cases.append((f"lineage, all {symbol}", PREFIXES + SYMBOL_LINEAGE % symbol))
    if args.only:
        cases = [(name, text) for name, text in cases if name.startswith(tuple(args.only))]
    width = max(len(name) for name, _ in cases)
    print(f"\n{'query':<{width}} {'oxigraph':>10} {'rdflib mem':>11} {'ratio':>7}   rows")
    for name, text in cases:
        rows = len(list(store.query(text)))
        ox = timed(lambda text=text: list(store.query(text)), args.repeat)
        rd = timed(lambda text=text: list(dataset.query(text)), max(1, args.repeat // 2))
        print(f"{name:<{width}} {ox * 1000:>8.1f} ms {rd * 1000:>8.0f} ms {rd / ox:>6.0f}x   {rows}", flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
