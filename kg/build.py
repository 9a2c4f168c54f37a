"""Build or update the store from source files: incremental, atomic per file, parallel extraction.

- A file whose content hash is in the store already is skipped; a changed file replaces its named
  graph in one transaction; ``prune`` removes the graphs of files no longer found.
- Extraction runs in ``jobs`` worker processes (the pipeline is built once per worker); the main
  process turns records into triples and writes, in a stable order.
- After the files, the corpus-level resolution graph (kg.graph.resolution) is recomputed, so a
  build that was interrupted and run again gives the same store as one clean build.
- A bad file is reported and skipped; the rest is built.
"""
from __future__ import annotations

import hashlib
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from kg.corpus import find_sources
from kg.errors import InputError
from kg.store import GraphStore

RESOLUTION_GRAPH = "urn:kg:resolution"


@dataclass
class BuildSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path: reason"
    triples: int = 0
    resolution_triples: int = 0

    def lines(self) -> list[str]:
        return [f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
                f"removed {len(self.removed)}, failed {len(self.failed)}; "
                f"{self.triples} triples written, {self.resolution_triples} in the resolution graph"]


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _extract(job: tuple[str, int]):
    """Worker: (path, max_bytes) -> Extraction or the InputError message."""
    from kg.extract.pipeline import extract_file
    path, max_bytes = job
    try:
        return extract_file(path, max_bytes=max_bytes)
    except InputError as error:
        return str(error)


def build(paths: list[str] | tuple[str, ...], store_path: str, *, jobs: int = 1, prune: bool = False,
          max_bytes: int = 20_000_000, base: str | None = None,
          progress: Callable[[str, str], None] | None = None) -> BuildSummary:
    """Build ``paths`` into the store at ``store_path``; ``progress(path, outcome)`` is called per file."""
    from kg.graph.iris import DEFAULT_BASE, source_iri
    from kg.graph.to_rdf import to_graph

    base = base or DEFAULT_BASE
    store = GraphStore.open(store_path)
    summary = BuildSummary()
    known = store.sources()
    sources = find_sources(paths)
    todo: list[str] = []
    for path in sources:
        try:
            digest = file_sha256(path)
        except OSError as error:
            summary.failed.append(f"{path}: {error.strerror or error}")
            continue
        if known.get(path) == digest:
            summary.unchanged.append(path)
            if progress:
                progress(path, "unchanged")
        else:
            todo.append(path)

    stale = False  # the resolution graph is dropped before the first write that makes it stale: a build
    #               killed before it is recomputed leaves none, and the next build recomputes it

    def drop_resolution() -> None:
        nonlocal stale
        if not stale:
            store.remove_graph(RESOLUTION_GRAPH)
            stale = True

    for path, result in zip(todo, _run(todo, jobs, max_bytes)):
        if isinstance(result, str):
            summary.failed.append(result)
            if progress:
                progress(path, "failed")
            continue
        graph = to_graph(result, base)
        drop_resolution()
        store.replace_graph(str(source_iri(path, base)), graph)
        summary.triples += len(graph)
        (summary.updated if path in known else summary.added).append(path)
        if progress:
            progress(path, "updated" if path in known else "added")

    if prune:
        found = set(sources)
        for path in sorted(set(known) - found):
            drop_resolution()
            store.remove_graph(str(source_iri(path, base)))
            summary.removed.append(path)

    if summary.added or summary.updated or summary.removed or RESOLUTION_GRAPH not in store.named_graphs():
        summary.resolution_triples = refresh_resolution(store, base)
    store.flush()
    return summary


def refresh_resolution(store: GraphStore, base: str) -> int:
    """Recompute the corpus-level resolution graph from the store and replace it."""
    from kg.graph.resolution import resolve

    graph = resolve(store, base)
    store.replace_graph(RESOLUTION_GRAPH, graph)
    return len(graph)


def _run(paths: list[str], jobs: int, max_bytes: int):
    """Extraction results in the order of ``paths``, from ``jobs`` processes."""
    work = [(path, max_bytes) for path in paths]
    if jobs <= 1 or len(paths) < 2:
        for job in work:
            yield _extract(job)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_extract, work, chunksize=max(1, min(64, len(work) // (jobs * 8) or 1)))


def default_jobs() -> int:
    import os
    return max(1, min(os.cpu_count() or 1, 8))


if __name__ == "__main__":  # pragma: no cover - manual runs
    print(build(sys.argv[1:], ".kg/store").lines()[0])
