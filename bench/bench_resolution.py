"""Time corpus resolution (kg.graph.resolution.resolve) on a built store, or on a generated corpus built first.

    python bench/bench_resolution.py --store .kg/store                 # an existing store
    python bench/bench_resolution.py --documents 3000 --work /tmp/res  # generate, build (slow), then time

Prints the figures; asserts nothing. resolve() reads only the file graphs, so it can be timed on any store.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a built store")
    parser.add_argument("--documents", type=int, default=1000, help="generate and build this many documents")
    parser.add_argument("--work", default="/tmp/kg-bench-resolution", help="folder for the generated corpus and store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from kg.graph.namespace import KG
    from kg.graph.resolution import resolve
    from kg.store import GraphStore

    store_path = args.store
    if store_path is None:
        from corpus_gen import generate

        from kg.build import build
        work = Path(args.work)
        generate(work / "corpus", args.documents)
        store_path = str(work / "store")
        start = time.perf_counter()
        summary = build([str(work / "corpus")], store_path, jobs=2)
        print(f"built {len(summary.added)} files in {time.perf_counter() - start:.1f} s")
    store = GraphStore.open(store_path, read_only=True)
    print(f"{store_path}: {len(store)} quads, {len(store.sources())} source files")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        graph = resolve(store)
        times.append(time.perf_counter() - start)
    methods = Counter(str(o) for o in graph.objects(None, KG.inferenceMethod))
    print(f"resolve(): best {min(times):.2f} s, worst {max(times):.2f} s; {len(graph)} triples")
    for method, count in methods.most_common():
        print(f"  {count:>7}  {method}")


if __name__ == "__main__":
    main()
