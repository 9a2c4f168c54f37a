"""Build or update the store from source files: incremental, atomic, parallel.

- Worker processes (``jobs``) read, extract and turn each file into N-Triples (the pipeline is built
  once per worker); the main process only writes, in a stable order.
- A fresh build (no store yet, or a store without documents) bulk-loads into a staging folder next to
  the store and renames it into place when complete: an interrupted build leaves no half store, and the
  previous (empty or missing) state stands.
- An update writes each new or changed file in one Oxigraph transaction that drops its old named graph
  and inserts the new one: every document is either as it was or as it is now, never half. A file whose
  content hash is in the store already is skipped; ``prune`` removes the graphs of files no longer found.
- Then the corpus-level resolution graph (kg.graph.resolution) is recomputed. It is dropped before the
  first write that makes it stale, so a build killed midway leaves none, and the next build, which skips
  the files already written, recomputes it: the result equals one clean build.
- Last, the store's files are compacted (Oxigraph's optimize) after a fresh build and after an update that
  rewrote at least a tenth of the files: the bulk loader and many transactions leave overlapping files,
  and compacted, the saved queries run 2-3x faster (1.7 s of compaction for 1M quads).
- A bad file is reported and skipped; the rest is built.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.corpus import find_sources
from kg.errors import InputError
from kg.store import GraphStore

RESOLUTION_GRAPH = "urn:kg:resolution"
_COMPACT_SHARE = 10  # an update that rewrites at least 1/10 of the files compacts the store
STAGING_SUFFIX = ".building"
_BULK_CHUNK = 8_000_000  # characters of N-Quads per bulk load: small enough to overlap with conversion


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


@dataclass(frozen=True)
class FileGraph:
    """What a worker hands back for one file: its named graph as N-Triples, or why it failed."""

    path: str
    graph_iri: str
    ntriples: str = ""
    triples: int = 0
    error: str | None = None


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def convert(job: tuple[str, int, str]) -> FileGraph:
    """Worker: read, extract and convert one file (path, max_bytes, base)."""
    from kg.extract.pipeline import extract_file
    from kg.graph.iris import source_iri
    from kg.graph.to_rdf import to_ntriples, to_triples

    path, max_bytes, base = job
    graph_iri = str(source_iri(path, base))
    try:
        extraction = extract_file(path, max_bytes=max_bytes)
    except InputError as error:
        return FileGraph(path, graph_iri, error=str(error))
    triples = to_triples(extraction, base)
    return FileGraph(path, graph_iri, to_ntriples(triples), len(triples))


def build(paths: list[str] | tuple[str, ...], store_path: str, *, jobs: int = 1, prune: bool = False,
          max_bytes: int = 20_000_000, base: str | None = None,
          progress: Callable[[str, str], None] | None = None) -> BuildSummary:
    """Build ``paths`` into the store at ``store_path``; ``progress(path, outcome)`` is called per file."""
    from kg.graph.iris import DEFAULT_BASE, source_iri

    base = base or DEFAULT_BASE
    summary = BuildSummary()
    sources = find_sources(paths)
    _remove_staging(store_path)
    if not (Path(store_path) / "CURRENT").exists() or not _has_sources(store_path):
        return _fresh_build(sources, store_path, jobs, max_bytes, base, progress, summary)

    store = GraphStore.open(store_path)
    known = store.sources()
    todo = _changed(sources, known, summary, progress)
    stale = False

    def drop_resolution() -> None:
        nonlocal stale
        if not stale:
            store.remove_graph(RESOLUTION_GRAPH)
            stale = True

    for result in _run(todo, jobs, max_bytes, base):
        if _report_failure(result, summary, progress):
            continue
        drop_resolution()
        store.replace_graph_text(result.graph_iri, result.ntriples)
        summary.triples += result.triples
        outcome = "updated" if result.path in known else "added"
        (summary.updated if outcome == "updated" else summary.added).append(result.path)
        if progress:
            progress(result.path, outcome)

    if prune:
        for path in sorted(set(known) - set(sources)):
            drop_resolution()
            store.remove_graph(str(source_iri(path, base)))
            summary.removed.append(path)

    if stale or RESOLUTION_GRAPH not in store.named_graphs():
        summary.resolution_triples = refresh_resolution(store, base)
    store.flush()
    if len(summary.added) + len(summary.updated) + len(summary.removed) >= max(1, len(known) // _COMPACT_SHARE):
        store.optimize()  # many graphs rewritten: compact, as after a fresh build
    return summary


def _fresh_build(sources, store_path, jobs, max_bytes, base, progress, summary) -> BuildSummary:
    """Bulk-load every file into ``<store>.building`` and rename it into place when complete."""
    staging = str(Path(store_path)) + STAGING_SUFFIX
    store = GraphStore.open(staging)
    buffer: list[str] = []
    size = 0
    for result in _run(_readable(sources, summary, progress), jobs, max_bytes, base):
        if _report_failure(result, summary, progress):
            continue
        quads = result.ntriples.replace(" .\n", f" <{result.graph_iri}> .\n")
        buffer.append(quads)
        size += len(quads)
        if size > _BULK_CHUNK:
            store.bulk_load_nquads("".join(buffer))
            buffer, size = [], 0
        summary.triples += result.triples
        summary.added.append(result.path)
        if progress:
            progress(result.path, "added")
    if buffer:
        store.bulk_load_nquads("".join(buffer))
    summary.resolution_triples = refresh_resolution(store, base)
    store.optimize()  # the bulk loader leaves many overlapping files: compacted, queries read 2-3x faster
    store.close()
    target = Path(store_path)
    if target.exists():  # a store folder without documents: replace it
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, target)
    return summary


def _has_sources(store_path: str) -> bool:
    store = GraphStore.open(store_path)
    try:
        return bool(store.sources())
    finally:
        store.close()


def _remove_staging(store_path: str) -> None:
    """A staging folder left by an interrupted fresh build holds nothing anyone reads: remove it."""
    staging = Path(str(Path(store_path)) + STAGING_SUFFIX)
    if staging.exists():
        shutil.rmtree(staging)


def _readable(sources: list[str], summary: BuildSummary, progress) -> list[str]:
    readable = []
    for path in sources:
        try:
            os.stat(path)
            readable.append(path)
        except OSError as error:
            summary.failed.append(f"{path}: {error.strerror or error}")
            if progress:
                progress(path, "failed")
    return readable


def _changed(sources: list[str], known: dict[str, str], summary: BuildSummary, progress) -> list[str]:
    """The files whose content hash differs from the store's (new files included)."""
    todo = []
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
    return todo


def _report_failure(result: FileGraph, summary: BuildSummary, progress) -> bool:
    if result.error is None:
        return False
    summary.failed.append(result.error)
    if progress:
        progress(result.path, "failed")
    return True


def refresh_resolution(store: GraphStore, base: str) -> int:
    """Recompute the corpus-level resolution graph from the store and replace it."""
    from kg.graph.resolution import resolve

    graph = resolve(store, base)
    store.replace_graph(RESOLUTION_GRAPH, graph)
    return len(graph)


def _run(paths: list[str], jobs: int, max_bytes: int, base: str):
    """Conversion results in the order of ``paths``, from ``jobs`` processes."""
    work = [(path, max_bytes, base) for path in paths]
    if jobs <= 1 or len(paths) < 2:
        yield from map(convert, work)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(convert, work, chunksize=max(1, min(16, len(work) // (jobs * 8) or 1)))


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
