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

# every document and task that carries the documents of one symbol out; each UNION branch is one path from
# the bound ?target (a branch of several patterns would be evaluated alone, its paths unbound)
LINEAGE = """SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {
  ?target kg:symbol "%s" ; a kg:Document .
  { ?item (kg:implements|kg:continues)+ ?target }
  UNION { ?item (kg:taskImplements/(kg:implements|kg:continues)*)|(kg:assignedIn/(kg:implements|kg:continues)+) ?target }
}"""
HEAVIEST_SYMBOL = """SELECT ?symbol (COUNT(DISTINCT ?item) AS ?n) WHERE {
  { SELECT DISTINCT ?item ?doc WHERE { ?item kg:implements|kg:continues|kg:taskImplements ?doc } }
  ?doc kg:symbol ?symbol } GROUP BY ?symbol ORDER BY DESC(?n) LIMIT 1"""
BUSIEST_AGENCY = """SELECT ?name (SUM(?tasks) AS ?n) WHERE {
  { SELECT ?agency (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
      VALUES ?role { kg:leadAgency kg:preparedBy kg:assignedTo kg:cooperatingAgency }
      ?task ?role ?agency } GROUP BY ?agency }
  { SELECT DISTINCT ?agency ?name WHERE { ?agency rdfs:label ?name } }
} GROUP BY ?name ORDER BY DESC(?n) LIMIT 1"""


def fold(text: str) -> str:
    """Lower case without tone marks, as a person may type a name."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


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

    from kg.cli.query_cmd import apply_params

    symbol = store.select(HEAVIEST_SYMBOL)[0]["symbol"]
    agency = store.select(BUSIEST_AGENCY)[0]["name"]
    params = {"symbol": symbol, "agencyName": fold(agency)}
    cases = []
    for query in list_saved_queries():
        cases.append((query.name, query.text))
        given = tuple(f"{name}={value}" for name, value in params.items() if f"VALUES ?{name} " in query.text)
        if given:
            cases.append((f"{query.name} ({', '.join(p.split('=', 1)[1] for p in given)})",
                          apply_params(query.text, given)))
    cases.append((f"lineage ({symbol})", PREFIXES + LINEAGE % symbol))
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
