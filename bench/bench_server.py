"""Load benchmark of `kg serve`: 50 concurrent clients, 10,000 queries, a store of about 1M triples.

    python bench/bench_server.py                       # 1M triples, 10,000 queries, 50 clients
    python bench/bench_server.py --triples 100000 --requests 2000    # a quick run
    python bench/bench_server.py --store DIR           # reuse (or build once into) DIR

The server runs as its own process (``kg.server.serve`` on a free loopback port, with its query
workers); this process is the load generator (asyncio, a bare keep-alive HTTP/1.1 client). It prints throughput, latency
percentiles, errors by status and the server's memory (the web process plus its workers, RSS from
/proc) before and after. It asserts nothing. Every request goes to 127.0.0.1, the request count is
bounded, and ``--duration`` bounds the wall time.

The queries are the saved queries (kg/queries/*.rq, or ``--queries DIR``), or with ``--mix lookups``
(also while there are no saved queries) built-in researcher lookups, each filled in with a random
document or agency of the store.

:func:`generate_legal_graph` makes the synthetic store (a stand-in for the project's generated
corpus, shaped as `kg build` shapes its graph): documents whose ``kg:implements`` chains run up to six
levels deep, tasks (``kg:partOf`` their document, sub-tasks part of tasks) led by 80 agencies,
mentions and relation statements with quoted evidence, one named graph per source file.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

BASE = "https://w3id.org/kg-vn/"
KG = BASE + "ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

_KINDS = [  # (class, type code, Vietnamese kind, English kind)
    ("Resolution", "NQ", "Nghị quyết", "Resolution"),
    ("Decision", "QĐ", "Quyết định", "Decision"),
    ("Directive", "CT", "Chỉ thị", "Directive"),
    ("Plan", "KH", "Kế hoạch", "Plan"),
    ("Notice", "TB", "Thông báo", "Notice"),
    ("Decree", "NĐ", "Nghị định", "Decree"),
]
_PROVINCES = ["Bắc Giang", "Bắc Ninh", "Hà Nam", "Nam Định", "Thái Bình", "Hưng Yên", "Hải Dương", "Ninh Bình"]
_BODIES = ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Tư pháp", "Sở Y tế",
           "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Xây dựng", "Sở Giao thông vận tải",
           "Ủy ban nhân dân tỉnh"]
_VERBS = ["Triển khai", "Tổ chức thực hiện", "Rà soát", "Báo cáo kết quả", "Xây dựng kế hoạch",
          "Kiểm tra, giám sát", "Tuyên truyền", "Hướng dẫn"]


def _slug(text: str) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def generate_legal_graph(
    target_triples: int = 1_000_000, seed: int = 0, base: str = BASE, agencies: int = 80
) -> Iterator[ox.Quad]:
    """Quads of a synthetic legal graph of about ``target_triples`` triples (deterministic per seed).

    Shaped as kg.graph.to_rdf shapes a source file: the file (kg:SourceFile, also the graph name),
    its document (kg:readFrom the file) with mentions (kg:refersTo, kg:cites), tasks (kg:assignedIn,
    kg:partOf, lead and cooperating agencies, deadline, evidence span; some sub-tasks part of tasks,
    some kg:taskImplements), and relation statements (rdf:subject/predicate/object + kg:evidence).
    Documents form a forest by kg:implements up to six levels deep; a few replace or amend older
    ones; about 1 cited document in 10 is not in the corpus (no kg:readFrom).
    """
    rng = random.Random(seed)
    N, L = ox.NamedNode, ox.Literal
    kg = {name: N(KG + name) for name in (
        "Agency", "Task", "Mention", "Evidence", "RelationStatement", "SourceFile", "symbol", "number",
        "year", "dateIssued", "issuer", "implements", "replaces", "amends", "title", "path", "sha256",
        "readFrom", "typeCode", "partOf", "assignedIn", "label", "leadAgency", "cooperatingAgency",
        "deadline", "evidence", "quote", "source", "start", "end", "mentions", "refersTo", "cites",
        "taskImplements", "jurisdiction", *(kind[0] for kind in _KINDS))}
    a, label = N(RDF + "type"), N(RDFS + "label")
    subject, predicate, object_ = N(RDF + "subject"), N(RDF + "predicate"), N(RDF + "object")
    integer, date = N(XSD + "integer"), N(XSD + "date")
    corpus_graph = N(base + "source/synthetic-registry")

    def vi(text: str) -> ox.Literal:
        return L(text, language="vi")

    agency_nodes = []
    for i in range(agencies):
        province = _PROVINCES[i % len(_PROVINCES)]
        body = _BODIES[(i // len(_PROVINCES)) % len(_BODIES)]
        node = N(f"{base}agency/{_slug(province)}/{_slug(body)}")
        agency_nodes.append(node)
        yield ox.Quad(node, a, kg["Agency"], corpus_graph)
        yield ox.Quad(node, label, vi(body), corpus_graph)
        yield ox.Quad(node, kg["jurisdiction"], vi(province), corpus_graph)
    emitted = 3 * agencies

    def statement(source, start, end, s, p, o, quote):
        node = N(f"{source.value}/statement/{start}-{end}/{p.value.rsplit('#', 1)[-1].lower()}/{o.value.rsplit('/', 1)[-1]}")
        span = N(f"{source.value}/evidence/{start}-{end}")
        return [
            (node, a, kg["RelationStatement"]), (node, subject, s), (node, predicate, p), (node, object_, o),
            (node, kg["evidence"], span), (span, a, kg["Evidence"]), (span, kg["quote"], L(quote)),
            (span, kg["source"], source), (span, kg["start"], L(str(start), datatype=integer)),
            (span, kg["end"], L(str(end), datatype=integer)),
        ]

    levels: list[list] = [[] for _ in range(6)]
    for i in itertools.count():
        level = 0 if i < 60 or rng.random() < 0.02 else min(5, 1 + int(rng.expovariate(0.9)))
        while level > 0 and not levels[level - 1]:
            level -= 1
        cls, code, kind_vi, _ = _KINDS[0 if level == 0 else rng.randrange(len(_KINDS))]
        year = 2015 + rng.randrange(10)
        symbol = f"{i + 1:02d}/{code}-{'CP' if level == 0 else 'UBND'}"
        doc = N(f"{base}eli/{_slug(code)}/{year}/{_slug(symbol)}")
        in_corpus = level > 0 or rng.random() < 0.5  # half the national documents are only cited
        source = N(f"{base}source/synthetic-{i:06d}-txt")
        graph = source if in_corpus else corpus_graph
        day = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        quads = [
            (doc, a, kg[cls]), (doc, kg["symbol"], L(symbol)), (doc, kg["number"], L(str(i + 1))),
            (doc, kg["year"], L(str(year), datatype=integer)), (doc, kg["typeCode"], L(code)),
            (doc, label, vi(f"{kind_vi} {symbol}")),
        ]
        levels[level].append((doc, symbol))
        if in_corpus:
            quads += [
                (source, a, kg["SourceFile"]), (source, kg["path"], L(f"synthetic/{i:06d}.txt")),
                (source, kg["sha256"], L(f"{rng.getrandbits(256):064x}")), (source, label, L(f"synthetic/{i:06d}.txt")),
                (doc, kg["readFrom"], source), (doc, kg["dateIssued"], L(day, datatype=date)),
                (doc, kg["issuer"], rng.choice(agency_nodes)),
                (doc, kg["title"], vi(f"Về việc thực hiện nhiệm vụ năm {year}")),
            ]
        if in_corpus and level > 0:
            parent, parent_symbol = rng.choice(levels[level - 1])
            quads.append((doc, kg["implements"], parent))
            quads += statement(source, 200, 260, doc, kg["implements"], parent, f"Thực hiện văn bản số {parent_symbol}")
            if rng.random() < 0.05 and len(levels[level]) > 1:
                older, older_symbol = rng.choice(levels[level][:-1])
                change = kg["replaces"] if rng.random() < 0.5 else kg["amends"]
                quads.append((doc, change, older))
                quads += statement(source, 300, 360, doc, change, older, f"Thay thế văn bản số {older_symbol}")
        mentions = []
        for m in range(rng.randint(2, 6) if in_corpus else 0):
            start = 400 + 100 * m
            target, target_symbol = rng.choice(levels[max(0, level - 1)])
            mention = N(f"{source.value}/mention/{start}-{start + 50}")
            mentions.append(mention)
            quads += [
                (doc, kg["mentions"], mention), (doc, kg["cites"], target), (mention, a, kg["Mention"]),
                (mention, kg["quote"], L(f"Văn bản số {target_symbol}")), (mention, kg["symbol"], L(target_symbol)),
                (mention, kg["source"], source), (mention, kg["refersTo"], target),
                (mention, kg["start"], L(str(start), datatype=integer)),
                (mention, kg["end"], L(str(start + 50), datatype=integer)),
            ]
        tasks = []
        for t in range(rng.randint(4, 12) if in_corpus else 0):
            task = N(f"{source.value}/task/{t + 1}")
            owner = doc if t < 3 or rng.random() < 0.6 else rng.choice(tasks)  # sub-tasks: deeper partOf
            start = 1000 + 300 * t
            span = N(f"{source.value}/evidence/{start}-{start + 200}")
            verb = rng.choice(_VERBS)
            quads += [
                (task, a, kg["Task"]), (task, kg["label"], L(str(t + 1))),
                (task, label, vi(f"{t + 1}. {verb} {symbol}")),
                (task, kg["assignedIn"], doc), (task, kg["partOf"], owner),
                (task, kg["leadAgency"], rng.choice(agency_nodes)),
                (task, kg["cooperatingAgency"], rng.choice(agency_nodes)),
                (task, kg["deadline"], L(f"{year}-{rng.randrange(1, 13):02d}-28", datatype=date)),
                (task, kg["evidence"], span), (span, a, kg["Evidence"]),
                (span, kg["quote"], L(f"{verb} các nội dung của {kind_vi.lower()}")),
                (span, kg["source"], source), (span, kg["start"], L(str(start), datatype=integer)),
                (span, kg["end"], L(str(start + 200), datatype=integer)),
            ]
            if mentions and rng.random() < 0.2:
                quads.append((task, kg["mentions"], rng.choice(mentions)))
                quads.append((task, kg["taskImplements"], doc if level == 0 else rng.choice(levels[level - 1])[0]))
            tasks.append(task)
        for s, p, o in quads:
            yield ox.Quad(s, p, o, graph)
        emitted += len(quads)
        if emitted >= target_triples:
            return


def build_synthetic_store(store_dir: str | Path, target_triples: int = 1_000_000, seed: int = 0) -> int:
    """Write the synthetic graph into a new on-disk Oxigraph store; returns the number of quads."""
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(store_dir))
    count = 0

    def counted():
        nonlocal count
        for quad in generate_legal_graph(target_triples, seed):
            count += 1
            yield quad

    store.bulk_extend(counted())
    store.flush()
    store.optimize()
    del store
    return count


# -- the query mix ----------------------------------------------------------------------------------
_PREFIXES = (f"PREFIX kg: <{KG}>\nPREFIX rdfs: <{RDFS}>\nPREFIX rdf: <{RDF}>\n")
BUILTIN_QUERIES = {  # name -> template; {doc} and {agency} are filled with random nodes of the store
    "document-by-symbol": "SELECT ?doc ?label ?date ?issuer WHERE { ?doc kg:symbol {symbol} ; "
                          "rdfs:label ?label OPTIONAL { ?doc kg:dateIssued ?date } OPTIONAL { ?doc kg:issuer ?issuer } }",
    "implemented-by": "SELECT ?doc ?label WHERE { ?doc kg:implements {doc} . "
                      "OPTIONAL { ?doc rdfs:label ?label FILTER(lang(?label) = 'vi') } }",
    "lineage-up": "SELECT ?ancestor ?symbol WHERE { {doc} kg:implements+ ?ancestor . ?ancestor kg:symbol ?symbol }",
    "lineage-down": "SELECT ?descendant WHERE { ?descendant kg:implements+ {doc} } LIMIT 1000",
    "tasks-of-document": "SELECT ?task ?label ?lead ?leadName ?deadline WHERE { ?task kg:assignedIn {doc} ; "
                         "rdfs:label ?label ; kg:leadAgency ?lead . ?lead rdfs:label ?leadName "
                         "OPTIONAL { ?task kg:deadline ?deadline } }",
    "tasks-of-agency": "SELECT ?task ?doc WHERE { ?task kg:leadAgency {agency} ; kg:assignedIn ?doc } LIMIT 100",
    "evidence-of-document": "SELECT ?mention ?quote ?start ?end ?target WHERE { {doc} kg:mentions ?mention . "
                            "?mention kg:quote ?quote ; kg:start ?start ; kg:end ?end ; kg:refersTo ?target }",
    "statements-about": "SELECT ?statement ?quote WHERE { ?statement rdf:object {doc} ; kg:evidence ?e . "
                        "?e kg:quote ?quote } LIMIT 100",
}


@dataclass(frozen=True)
class BenchQuery:
    name: str
    text: str


def read_query_mix(store_dir: Path, queries_dir: Path | None, count: int, seed: int,
                   mix: str = "saved") -> tuple[str, list[BenchQuery]]:
    """``count`` queries: the saved set (when there is one) or the built-in lookup templates filled in."""
    from kg.queries import list_saved_queries

    rng = random.Random(seed)
    saved = list_saved_queries(queries_dir) if mix == "saved" else []
    if saved:
        return "saved queries", [BenchQuery(q.name, q.text) for q in (rng.choice(saved) for _ in range(count))]
    store = ox.Store.read_only(str(store_dir))
    docs = [(row["d"].value, row["s"].value) for row in store.query(
        f"SELECT ?d ?s WHERE {{ ?d <{KG}symbol> ?s }}", use_default_graph_as_union=True)]
    agencies = [row["a"].value for row in store.query(
        f"SELECT ?a WHERE {{ ?a a <{KG}Agency> }}", use_default_graph_as_union=True)]
    del store
    names = sorted(BUILTIN_QUERIES)
    mix = []
    for _ in range(count):
        name = rng.choice(names)
        doc, symbol = rng.choice(docs)
        text = (BUILTIN_QUERIES[name].replace("{doc}", f"<{doc}>").replace("{agency}", f"<{rng.choice(agencies)}>")
                .replace("{symbol}", '"' + symbol + '"'))
        mix.append(BenchQuery(name, _PREFIXES + text))
    return "built-in lookup templates", mix


# -- measuring --------------------------------------------------------------------------------------
def tree_rss_mb(pid: int) -> tuple[float, float]:
    """RSS of ``pid`` and of all its descendants, in MB, from /proc."""

    def rss(p: int) -> float:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def children(p: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{p}/task").iterdir():
            text = (task / "children").read_text().split()
            found += [int(child) for child in text]
        return found

    own = rss(pid)
    total, stack = own, children(pid)
    while stack:
        child = stack.pop()
        try:
            total += rss(child)
            stack += children(child)
        except FileNotFoundError:
            pass
    return own, total


def tree_cpu_s(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) of ``pid`` and of its live descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu(p: int) -> float:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    def children(p: int) -> list[int]:
        return [int(c) for task in Path(f"/proc/{p}/task").iterdir() for c in (task / "children").read_text().split()]

    own, total, stack = cpu(pid), 0.0, children(pid)
    while stack:
        child = stack.pop()
        try:
            total += cpu(child)
            stack += children(child)
        except FileNotFoundError:
            pass
    return own, total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(store_dir: Path, port: int, workers: int, timeout_s: float, queries_dir) -> subprocess.Popen:
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from kg.server import serve\n"
        "serve(%r, '127.0.0.1', %d, workers=%d, timeout_s=%r, queries_dir=%r, log_level='warning')\n"
    ) % (str(ROOT), str(store_dir), port, workers, timeout_s, str(queries_dir) if queries_dir else None)
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
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="query worker processes of the server")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-query timeout of the server, s")
    parser.add_argument("--duration", type=float, default=900.0, help="stop sending after this many s")
    parser.add_argument("--store", type=Path, help="store folder to reuse (built there when missing)")
    parser.add_argument("--queries", type=Path, help="folder of .rq files (default: kg/queries)")
    parser.add_argument("--mix", choices=["saved", "lookups"], default="saved",
                        help="the saved queries, or built-in lookups filled with random documents")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    scratch = None
    store_dir = args.store
    if store_dir is None:
        scratch = Path(tempfile.mkdtemp(prefix="kg-bench-server-"))
        store_dir = scratch / "store"
    try:
        if not store_dir.exists():
            started = time.perf_counter()
            quads = build_synthetic_store(store_dir, args.triples, args.seed)
            print(f"store: {quads:,} quads generated and loaded in {time.perf_counter() - started:.1f} s "
                  f"({sum(f.stat().st_size for f in store_dir.rglob('*') if f.is_file()) / 1e6:.0f} MB on disk)")
        else:
            print(f"store: reusing {store_dir}")
        source, mix = read_query_mix(store_dir, args.queries, args.requests, args.seed, args.mix)
        print(f"queries: {len(mix):,} drawn from {source}: {', '.join(sorted({q.name for q in mix}))}")

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = start_server(store_dir, port, args.workers, args.timeout, args.queries)
        try:
            asyncio.run(wait_ready(url, server))
            before, cpu_before, client_before = tree_rss_mb(server.pid), tree_cpu_s(server.pid), time.process_time()
            result = asyncio.run(drive(url, mix, args.clients, args.duration))
            after, cpu_after = tree_rss_mb(server.pid), tree_cpu_s(server.pid)
            result["cpu"] = (cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1],
                             time.process_time() - client_before)
        finally:
            server.terminate()
            server.wait(30)
        report(result, before, after, args)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def report(result: dict, before, after, args) -> None:
    every = [value for values in result["latencies"].values() for value in values]
    done = len(every)
    print(f"\n{done:,} queries in {result['elapsed']:.1f} s with {args.clients} clients, "
          f"{args.workers} query workers, on {os.cpu_count()} cores")
    print(f"throughput: {done / result['elapsed']:.0f} queries/s")
    print(f"latency: p50 {percentile(every, .5) * 1000:.1f} ms, p95 {percentile(every, .95) * 1000:.1f} ms, "
          f"p99 {percentile(every, .99) * 1000:.1f} ms, max {max(every) * 1000:.0f} ms")
    print("answers: " + ", ".join(f"{status}: {n:,}" for status, n in sorted(result["statuses"].items())))
    print(f"server RSS: web process {before[0]:.0f} -> {after[0]:.0f} MB; "
          f"with workers {before[1]:.0f} -> {after[1]:.0f} MB")
    web, workers, client = result["cpu"]
    print(f"CPU: web process {web:.1f} s, query workers {workers:.1f} s, load generator {client:.1f} s "
          f"({(web + workers) / max(done, 1) * 1000:.1f} ms of server CPU per query)")
    print("\nper query (n, median ms, p95 ms):")
    for name, values in sorted(result["latencies"].items()):
        print(f"  {name:24} {len(values):6,} {statistics.median(values) * 1000:8.1f} {percentile(values, .95) * 1000:8.1f}")


if __name__ == "__main__":
    main()
