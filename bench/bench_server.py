"""Load benchmark of `kg serve`: 50 concurrent clients, 10,000 saved queries, a store of about 1M triples.

    python bench/bench_server.py                          # 1450 generated documents (~1.03M quads), temporary
    python bench/bench_server.py --store /tmp/kg-bench    # reuse the store there (built there when missing)
    python bench/bench_server.py --cache-mb 0             # every query evaluated (the server caches answers)
    python bench/bench_server.py --documents 150 --requests 2000   # a quick run

The store is the project's own: the generated corpus (bench/corpus_gen.py ``generate``) built by
``kg.build.build`` (jobs=2), its quad count printed. The server runs as its own process
(``kg.server.serve`` on a free loopback port, with its query workers); this process is the load generator
(asyncio, a bare keep-alive HTTP/1.1 client). Every request goes to 127.0.0.1; the request count is bounded,
and ``--duration`` bounds the wall time.

The queries (``--mix saved``, the default) are the saved queries (kg/queries/*.rq, or ``--queries DIR``),
drawn uniformly, each with its parameters drawn from the store the way ``kg sparql --saved NAME --param``
sets them (kg.queries.SavedQuery.with_params): ``symbol`` among the symbols of documents that something
implements, continues or carries out; ``agencyName`` among the labels of agencies that have tasks, as
written, in lower case, or without tone marks. ``--mix lookups`` sends built-in researcher lookups instead.

Before the measured run, a warm-up sends every distinct query of the mix once (``--no-warmup`` to skip):
the figures are then those of a server that has seen its queries, and with the server's answer cache
(``--cache-mb``, default as `kg serve`) most answers come from it; ``--cache-mb 0`` measures evaluation.
It prints throughput, latency percentiles overall and per query, answers by status, the server's RSS
(web process and workers, from /proc) at start, after the warm-up and after the run, and CPU time. It
asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402

from kg.text import strip_marks  # noqa: E402

KG = "https://w3id.org/kg-vn/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DEFAULT_DOCUMENTS = 1450  # ~1.03M quads with corpus_gen's mix of plans, notices and decisions (check the count)


# -- the store --------------------------------------------------------------------------------------
def build_store(store_dir: Path, documents: int, jobs: int = 2) -> None:
    """Generate ``documents`` files next to ``store_dir`` and build them with kg.build."""
    from corpus_gen import generate

    from kg.build import build

    corpus = store_dir.parent / f"{store_dir.name}-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    started = time.perf_counter()
    generate(corpus, documents)
    summary = build([str(corpus)], str(store_dir), jobs=jobs)
    if summary.failed:
        raise SystemExit(f"build failed for {len(summary.failed)} files: {summary.failed[:3]}")
    print(f"store: {documents} generated documents built in {time.perf_counter() - started:.1f} s "
          f"with {jobs} jobs")


def count_quads(store_dir: Path) -> int:
    return len(ox.Store.read_only(str(store_dir)))


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# -- the query mix ----------------------------------------------------------------------------------
_PREFIXES = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <{RDFS}>\nPREFIX rdf: <{RDF}>\n"
BUILTIN_QUERIES = {  # name -> template; {doc} {agency} {symbol} are filled with random nodes of the store
    "document-by-symbol": "SELECT ?doc ?label ?date ?issuer WHERE { ?doc kg:symbol {symbol} ; "
                          "rdfs:label ?label OPTIONAL { ?doc kg:dateIssued ?date } OPTIONAL { ?doc kg:issuer ?issuer } }",
    "implemented-by": "SELECT ?doc ?label WHERE { ?doc kg:implements {doc} . "
                      "OPTIONAL { ?doc rdfs:label ?label FILTER(lang(?label) = 'vi') } }",
    "lineage-up": "SELECT ?ancestor ?symbol WHERE { {doc} (kg:implements|kg:continues)+ ?ancestor . "
                  "?ancestor kg:symbol ?symbol }",
    "lineage-down": "SELECT ?descendant WHERE { ?descendant (kg:implements|kg:continues)+ {doc} } LIMIT 1000",
    "tasks-of-document": "SELECT ?task ?label ?lead ?deadline WHERE { ?task kg:assignedIn {doc} ; "
                         "rdfs:label ?label . OPTIONAL { ?task kg:leadAgency ?lead } "
                         "OPTIONAL { ?task kg:deadline ?deadline } }",
    "tasks-of-agency": "SELECT ?task ?doc WHERE { ?task kg:leadAgency {agency} ; kg:assignedIn ?doc } LIMIT 100",
    "evidence-of-document": "SELECT ?mention ?quote ?start ?end ?target WHERE { {doc} kg:mentions ?mention . "
                            "?mention kg:quote ?quote ; kg:start ?start ; kg:end ?end . "
                            "OPTIONAL { ?mention kg:refersTo ?target } }",
    "statements-about": "SELECT ?statement ?quote WHERE { ?statement rdf:object {doc} ; kg:evidence ?e . "
                        "?e kg:quote ?quote } LIMIT 100",
}


@dataclass(frozen=True)
class BenchQuery:
    name: str
    text: str


def _select(store, query: str) -> list[dict[str, str]]:
    results = store.query(_PREFIXES + query, use_default_graph_as_union=True)
    names = [variable.value for variable in results.variables]
    return [{name: row[name].value for name in names} for row in results]


def read_parameters(store_dir: Path) -> dict[str, list[str]]:
    """Values for the saved queries' parameters, drawn from the store."""
    store = ox.Store.read_only(str(store_dir))
    symbols = sorted({row["symbol"] for row in _select(store, """SELECT DISTINCT ?symbol WHERE {
        { SELECT DISTINCT ?doc WHERE { ?item kg:implements|kg:continues|kg:taskImplements ?doc } }
        ?doc kg:symbol ?symbol }""")})
    agencies = sorted({row["name"] for row in _select(store, """SELECT DISTINCT ?name WHERE {
        { SELECT DISTINCT ?agency WHERE {
            VALUES ?role { kg:leadAgency kg:preparedBy kg:assignedTo kg:cooperatingAgency }
            ?task ?role ?agency } }
        ?agency rdfs:label ?name }""")})
    return {"symbol": symbols, "agencyName": agencies}


def read_query_mix(store_dir: Path, queries_dir: Path | None, count: int, seed: int,
                   mix: str = "saved") -> tuple[str, list[BenchQuery]]:
    """``count`` queries: the saved set with parameters from the store, or the built-in lookups."""
    from kg.queries import list_saved_queries

    rng = random.Random(seed)
    saved = list_saved_queries(queries_dir) if mix == "saved" else []
    if saved:
        values = read_parameters(store_dir)
        queries = []
        for _ in range(count):
            query = rng.choice(saved)
            params = {}
            for name, candidates in values.items():
                if name in query.parameters and candidates:
                    value = rng.choice(candidates)
                    spelling = rng.random()  # as written, in lower case, or without tone marks
                    if spelling >= 0.7:
                        value = value.lower() if spelling < 0.85 else strip_marks(value).lower()
                    params[name] = value
            queries.append(BenchQuery(query.name, query.with_params(params)))
        counts = ", ".join(f"{name} ({len(found)})" for name, found in values.items())
        return f"saved queries, parameters from the store: {counts}", queries
    store = ox.Store.read_only(str(store_dir))
    docs = [(row["d"], row["s"]) for row in _select(
        store, "SELECT ?d ?s WHERE { ?d kg:readFrom ?f ; kg:symbol ?s }")]
    agencies = [row["a"] for row in _select(store, "SELECT DISTINCT ?a WHERE { ?t kg:leadAgency ?a }")]
    del store
    names = sorted(BUILTIN_QUERIES)
    queries = []
    for _ in range(count):
        name = rng.choice(names)
        doc, symbol = rng.choice(docs)
        text = (BUILTIN_QUERIES[name].replace("{doc}", f"<{doc}>").replace("{agency}", f"<{rng.choice(agencies)}>")
                .replace("{symbol}", '"' + symbol + '"'))
        queries.append(BenchQuery(name, _PREFIXES + text))
    return "built-in lookup templates", queries


# -- measuring --------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """RSS of ``pid`` and of ``pid`` with all its descendants, in MB, from /proc."""

    def rss(p: int) -> float:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    own = rss(pid)
    total, stack = own, _children(pid)
    while stack:
        child = stack.pop()
        try:
            total += rss(child)
            stack += _children(child)
        except FileNotFoundError:
            pass
    return own, total


def tree_cpu_s(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) of ``pid`` and of its live descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu(p: int) -> float:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    own, total, stack = cpu(pid), 0.0, _children(pid)
    while stack:
        child = stack.pop()
        try:
            total += cpu(child)
            stack += _children(child)
        except FileNotFoundError:
            pass
    return own, total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(store_dir: Path, port: int, workers: int, timeout_s: float, queries_dir,
                 cache_mb: float | None) -> subprocess.Popen:
    cache = "" if cache_mb is None else f", cache_mb={cache_mb!r}"
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from kg.server import serve\n"
        "serve(%r, '127.0.0.1', %d, workers=%d, timeout_s=%r, queries_dir=%r, log_level='warning'%s)\n"
    ) % (str(ROOT), str(store_dir), port, workers, timeout_s, str(queries_dir) if queries_dir else None, cache)
    return subprocess.Popen([sys.executable, "-c", code])


async def wait_ready(url: str, server: subprocess.Popen) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=5) as client:
        for _ in range(600):
            if server.poll() is not None:
                raise SystemExit("the server exited before it was ready")
            try:
                if (await client.get(url + "/sparql", params={"query": "ASK {}"})).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not become ready in 60 s")


async def post_query(reader, writer, host: str, body: bytes) -> tuple[int, bytes]:
    """One POST /sparql on a kept-alive connection; (status, body). A bare HTTP/1.1 client: the
    load generator shares the 2 cores with the server, so it must cost little per request."""
    writer.write(
        b"POST /sparql HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
        b"Content-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(b":", 1)[1]) for line in lines[1:] if line.lower().startswith(b"content-length:"))
    return status, await reader.readexactly(length)


async def drive(url: str, mix: list[BenchQuery], clients: int, duration_s: float) -> dict:
    """Send the mix with ``clients`` concurrent keep-alive connections; stop early after ``duration_s``."""
    host, port = url.removeprefix("http://").split(":")
    latencies: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    next_index = 0
    deadline = time.monotonic() + duration_s

    async def one_client():
        nonlocal next_index
        reader, writer = await asyncio.open_connection(host, int(port), limit=2**24)
        try:
            while next_index < len(mix) and time.monotonic() < deadline:
                query = mix[next_index]
                next_index += 1
                started = time.perf_counter()
                try:
                    status, body = await post_query(reader, writer, f"{host}:{port}", query.text.encode("utf-8"))
                    outcome = str(status)
                    if status == 503:
                        outcome += " timed out" if b"timed out" in body else " busy"
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    outcome = type(error).__name__
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port), limit=2**24)
                latencies.setdefault(query.name, []).append(time.perf_counter() - started)
                statuses[outcome] = statuses.get(outcome, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    return {"elapsed": time.perf_counter() - started, "latencies": latencies, "statuses": statuses}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS,
                        help="generated documents to build when the store is missing")
    parser.add_argument("--jobs", type=int, default=2, help="build processes")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="query worker processes of the server")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-query timeout of the server, s")
    parser.add_argument("--cache-mb", type=float, default=None,
                        help="answer cache of each worker, MB (default: the server's; 0: none)")
    parser.add_argument("--duration", type=float, default=900.0, help="stop sending after this many s")
    parser.add_argument("--store", type=Path, help="store folder to reuse (built there when missing)")
    parser.add_argument("--queries", type=Path, help="folder of .rq files (default: kg/queries)")
    parser.add_argument("--mix", choices=["saved", "lookups"], default="saved",
                        help="the saved queries with parameters from the store, or built-in lookups")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false",
                        help="measure from the first request (no pass over the distinct queries first)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server too when terminated

    scratch = None
    store_dir = args.store
    if store_dir is None:
        scratch = Path(tempfile.mkdtemp(prefix="kg-bench-server-"))
        store_dir = scratch / "store"
    try:
        if not (store_dir / "CURRENT").exists():
            build_store(store_dir, args.documents, args.jobs)
        else:
            print(f"store: reusing {store_dir}")
        print(f"store: {count_quads(store_dir):,} quads, {folder_mb(store_dir):.0f} MB on disk")
        source, mix = read_query_mix(store_dir, args.queries, args.requests, args.seed, args.mix)
        distinct = list({query.text: query for query in mix}.values())
        print(f"queries: {len(mix):,} ({len(distinct)} distinct) drawn from {source}: "
              f"{', '.join(sorted({q.name for q in mix}))}")

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = start_server(store_dir, port, args.workers, args.timeout, args.queries, args.cache_mb)
        try:
            asyncio.run(wait_ready(url, server))
            memory = [("start", tree_rss_mb(server.pid))]
            warmup = None
            if args.warmup:
                warmup = asyncio.run(drive(url, distinct, args.clients, args.duration))
                memory.append(("after warm-up", tree_rss_mb(server.pid)))
            cpu_before, client_before = tree_cpu_s(server.pid), time.process_time()
            result = asyncio.run(drive(url, mix, args.clients, args.duration))
            cpu_after = tree_cpu_s(server.pid)
            memory.append(("after the run", tree_rss_mb(server.pid)))
            result["cpu"] = (cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1],
                             time.process_time() - client_before)
        finally:
            server.terminate()
            server.wait(30)
        report(result, warmup, memory, args)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def report(result: dict, warmup: dict | None, memory: list, args) -> None:
    if warmup is not None:
        every = [value for values in warmup["latencies"].values() for value in values]
        print(f"\nwarm-up: {len(every)} distinct queries in {warmup['elapsed']:.1f} s, "
              f"p50 {percentile(every, .5) * 1000:.0f} ms, max {max(every) * 1000:.0f} ms; answers: "
              + ", ".join(f"{status}: {n:,}" for status, n in sorted(warmup["statuses"].items())))
    every = [value for values in result["latencies"].values() for value in values]
    done = len(every)
    cache = "the server's default" if args.cache_mb is None else f"{args.cache_mb:g} MB"
    print(f"\n{done:,} queries in {result['elapsed']:.1f} s with {args.clients} clients, "
          f"{args.workers} query workers (answer cache: {cache}), on {os.cpu_count()} cores")
    print(f"throughput: {done / result['elapsed']:.0f} queries/s")
    print(f"latency: p50 {percentile(every, .5) * 1000:.1f} ms, p95 {percentile(every, .95) * 1000:.1f} ms, "
          f"p99 {percentile(every, .99) * 1000:.1f} ms, max {max(every) * 1000:.0f} ms")
    print("answers: " + ", ".join(f"{status}: {n:,}" for status, n in sorted(result["statuses"].items())))
    print("server RSS, web process / with workers: "
          + "; ".join(f"{when} {own:.0f} / {total:.0f} MB" for when, (own, total) in memory))
    web, workers, client = result["cpu"]
    print(f"CPU: web process {web:.1f} s, query workers {workers:.1f} s, load generator {client:.1f} s "
          f"({(web + workers) / max(done, 1) * 1000:.1f} ms of server CPU per query)")
    print(f"\n{'per query':24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, values in sorted(result["latencies"].items()):
        print(f"  {name:22} {len(values):6,} {statistics.median(values) * 1000:8.1f} "
              f"{percentile(values, .95) * 1000:8.1f} {percentile(values, .99) * 1000:8.1f} {max(values) * 1000:8.0f}")


if __name__ == "__main__":
    main()
