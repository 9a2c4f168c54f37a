"""The SPARQL endpoint and pages, driven over real HTTP by real clients (SPARQLWrapper, rdflib, httpx).

Each server is uvicorn in a background thread on a free loopback port, over a store built with
pyoxigraph from tests/data/server/sample.trig (or generated, for the runaway-query test). Queries run
in the server's worker processes, exactly as under `kg serve`.
"""
from __future__ import annotations

import csv
import re
import io
import socket
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, XML, SPARQLWrapper

from kg.errors import KgError, QueryError, StoreError
from kg.queries import list_saved_queries, load_saved_query
from kg.server import _listen as listen
from kg.server import build_app, serve
from kg.server.guard import uses_service
from kg.server.protocol import choose_format

DATA = Path(__file__).parent / "data" / "server"
BASE = "https://w3id.org/kg-vn/"
KG = rdflib.Namespace(BASE + "ontology#")
PLAN = BASE + "eli/kh/2024/02-kh-ubnd"
RESOLUTION = BASE + "eli/nq/2024/01-nq-cp"
SOURCE = BASE + "source/corpus-004-0c44b8b32b54e5ec-txt"
STATEMENT = SOURCE + "/statement/402-464/implements/01-nq-cp"
PREFIX = "PREFIX kg: <https://w3id.org/kg-vn/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
MAX_ROWS = 30
SAMPLE_QUADS = 48


class RunningServer:
    """uvicorn serving ``app`` on a loopback socket in a daemon thread."""

    def __init__(self, app):
        import uvicorn

        self.app = app
        self.socket = listen("127.0.0.1", 0)  # the listener `kg serve` makes
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(30)
        self.socket.close()


def build_sample_store(folder: Path) -> Path:
    store_dir = folder / "store"
    store_dir.mkdir(parents=True)
    store = pyoxigraph.Store(str(store_dir))
    store.bulk_load(path=str(DATA / "sample.trig"), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    return store_dir


def count_quads(store_dir: Path) -> int:
    store = pyoxigraph.Store.read_only(str(store_dir))
    return len(list(store.quads_for_pattern(None, None, None, None)))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="module")
def server(store_dir):
    app = build_app(store_dir, timeout_s=20, max_rows=MAX_ROWS, queries_dir=DATA / "queries")
    with RunningServer(app) as running:
        yield running


@pytest.fixture()
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def sparqlwrapper(server, query: str, return_format, method=None) -> object:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    if method:
        client.setMethod(POST)
        client.setRequestMethod(method)
    return client.query().convert()


DOCUMENTS = PREFIX + "SELECT ?doc ?symbol WHERE { ?doc kg:symbol ?symbol } ORDER BY ?symbol"


# -- SPARQL clients ---------------------------------------------------------------------------------
def test_sparqlwrapper_select_as_json_xml_and_csv(server):
    data = sparqlwrapper(server, DOCUMENTS, JSON)
    assert [row["symbol"]["value"] for row in data["results"]["bindings"]] == ["01/NQ-CP", "02/KH-UBND"]
    assert data["results"]["bindings"][0]["doc"] == {"type": "uri", "value": RESOLUTION}

    document = sparqlwrapper(server, DOCUMENTS, XML)  # an xml.dom.minidom document
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == ["01/NQ-CP", "02/KH-UBND"]

    table = list(csv.reader(io.StringIO(sparqlwrapper(server, DOCUMENTS, CSV).decode("utf-8"))))
    assert table == [["doc", "symbol"], [RESOLUTION, "01/NQ-CP"], [PLAN, "02/KH-UBND"]]


@pytest.mark.parametrize("method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_posts_form_and_direct(server, method):
    data = sparqlwrapper(server, DOCUMENTS, JSON, method=method)
    assert len(data["results"]["bindings"]) == 2


def test_sparqlwrapper_construct_as_turtle(server):
    turtle = sparqlwrapper(server, PREFIX + "CONSTRUCT WHERE { ?d kg:implements ?o }", TURTLE)
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert set(graph) == {(rdflib.URIRef(PLAN), KG.implements, rdflib.URIRef(RESOLUTION))}


def test_rdflib_sparqlstore_reads_the_union_of_graphs(server):
    graph = rdflib.Graph(store=SPARQLStore(query_endpoint=server.url + "/sparql", returnFormat="xml"))
    rows = graph.query(PREFIX + "SELECT ?label WHERE { ?d kg:symbol '01/NQ-CP' ; rdfs:label ?label }")
    assert {str(row.label) for row in rows} == {"Nghị quyết số 01/NQ-CP", "Resolution 01/NQ-CP"}
    implemented = list(graph.triples((rdflib.URIRef(PLAN), KG.implements, None)))
    assert implemented == [(rdflib.URIRef(PLAN), KG.implements, rdflib.URIRef(RESOLUTION))]


# -- protocol ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "accept, media",
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_accept_header_chooses_the_results_format(http, accept, media):
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", params={"query": DOCUMENTS}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


@pytest.mark.parametrize(
    "accept, media, rdflib_format",
    [
        (None, "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml;q=0.4, text/turtle;q=0.3", "application/rdf+xml", "xml"),
    ],
)
def test_accept_header_chooses_the_graph_format(http, accept, media, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    query = PREFIX + "CONSTRUCT WHERE { ?d kg:symbol ?s }"
    response = http.get("/sparql", params={"query": query}, headers=headers)
    assert response.headers["content-type"].startswith(media)
    graph = rdflib.Graph().parse(data=response.text, format=rdflib_format)
    assert len(graph) == 2


def test_ask_query(http):
    response = http.get("/sparql", params={"query": f"ASK {{ <{PLAN}> ?p ?o }}"})
    assert response.json() == {"head": {}, "boolean": True}


def test_default_and_named_graph_uris(http):
    government = BASE + "source/corpus-government-txt"
    response = http.get("/sparql", params={"query": DOCUMENTS, "default-graph-uri": government})
    assert [row["symbol"]["value"] for row in response.json()["results"]["bindings"]] == ["01/NQ-CP"]
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = http.post("/sparql", data={"query": query, "named-graph-uri": SOURCE})
    assert [row["g"]["value"] for row in response.json()["results"]["bindings"]] == [SOURCE]


def test_row_cap_truncates_and_says_so(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["x-kg-truncated"] == str(MAX_ROWS)
    response = http.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert len(rdflib.Graph().parse(data=response.text, format="turtle")) == MAX_ROWS
    assert response.headers["x-kg-truncated"] == str(MAX_ROWS)
    response = http.get("/sparql", params={"query": DOCUMENTS})
    assert "x-kg-truncated" not in response.headers


def test_syntax_error_is_400_with_the_parsers_message(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "syntax error" in response.text and "1:" in response.text
    assert http.get("/sparql", headers={"Accept": "application/json"}).status_code == 400
    assert http.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415


def test_oversized_request_is_413(http):
    filler = "#" + "x" * 1_000_100 + "\nASK {}"
    response = http.post("/sparql", content=filler.encode(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    response = http.post("/sparql", data={"query": filler})
    assert response.status_code == 413


def test_cors_preflight_and_simple_requests(http):
    preflight = http.options("/sparql", headers={
        "Origin": "https://yasgui.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    })
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    response = http.get("/sparql", params={"query": DOCUMENTS}, headers={"Origin": "https://yasgui.example"})
    assert response.headers["access-control-allow-origin"] == "*"


# -- read-only --------------------------------------------------------------------------------------
def test_updates_and_graph_store_writes_are_refused(http, store_dir):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = http.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }"
    refused = [
        http.post("/sparql", data={"update": update}),
        http.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        http.get("/sparql", params={"update": update}),
        http.put("/sparql?default", content="<urn:x:a> <urn:x:b> <urn:x:c> .", headers={"Content-Type": "text/turtle"}),
        http.post("/sparql?default", content="<urn:x:a> <urn:x:b> <urn:x:c> .", headers={"Content-Type": "text/turtle"}),
        http.delete("/sparql?graph=" + SOURCE),
        http.patch("/sparql", content=update),
        http.delete("/eli/kh/2024/02-kh-ubnd"),
        http.post("/eli/kh/2024/02-kh-ubnd", content="x"),
    ]
    for response in refused:
        assert response.status_code == 403, (response.request.method, response.text)
        assert "read-only" in response.text
    as_query = http.post("/sparql", data={"query": update})  # the query parser rejects it
    assert as_query.status_code == 400
    after = http.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
    assert before == after == str(SAMPLE_QUADS)
    assert count_quads(store_dir) == SAMPLE_QUADS


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        "select * where { service silent <{url}> { ?s ?p ?o } }",
        "SELECT * WHERE { ?x ?y ?z OPTIONAL { SeRvIcE # a comment\n <{url}> { ?s ?p ?o } } }",
        "PREFIX r: <{url}>\nSELECT * WHERE { SERVICE r: { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE\t<{url}>{ ?s ?p ?o } } } }",
    ],
)
def test_service_is_refused_and_no_request_leaves(http, query):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.3)
    url = "http://127.0.0.1:%d/sparql" % listener.getsockname()[1]
    try:
        response = http.get("/sparql", params={"query": query.replace("{url}", url)})
        assert response.status_code == 403
        assert "SERVICE is not allowed" in response.text
        with pytest.raises(socket.timeout):
            listener.accept()  # nobody called
    finally:
        listener.close()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT * WHERE { ?s ?p 'customer service' }", False),
        ("SELECT ?service WHERE { ?service <urn:x:service> ?o } # SERVICE in a comment", False),
        ("PREFIX service: <urn:x:> SELECT * WHERE { ?s service:p ?o }", False),
        ("SELECT * WHERE { SERVICE <urn:x:e> { ?s ?p ?o } }", True),
        ("SELECT * WHERE {SERVICE?endpoint{?s ?p ?o}}", True),
        ('SELECT * WHERE { ?s ?p """a\n""" . SERVICE <urn:x:e> {} }', True),
    ],
)
def test_service_guard(query, expected):
    assert uses_service(query) is expected


def test_word_service_in_data_is_fine(http):
    response = http.get("/sparql", params={"query": "SELECT ?service WHERE { BIND('service' AS ?service) }"})
    assert response.status_code == 200


# -- pages ------------------------------------------------------------------------------------------
def test_document_iri_dereferences_as_html_then_turtle(http):
    page = http.get("/eli/kh/2024/02-kh-ubnd", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Kế hoạch số 02/KH-UBND" in html
    assert 'href="/eli/nq/2024/01-nq-cp"' in html  # outgoing link, to the IRI's own page
    assert 'href="/source/corpus-004-0c44b8b32b54e5ec-txt/task/1"' in html  # incoming link
    assert "/view?iri=" in html  # the lineage view of a document
    assert "Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ" in html  # the mention's quote
    assert http.get("/eli/nq/2024/01-nq-cp").status_code == 200  # follow the link

    turtle = http.get("/eli/kh/2024/02-kh-ubnd", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(PLAN), KG.implements, rdflib.URIRef(RESOLUTION)) in graph
    assert (rdflib.URIRef(SOURCE + "/task/1"), KG.partOf, rdflib.URIRef(PLAN)) in graph

    jsonld = http.get("/eli/kh/2024/02-kh-ubnd", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert (rdflib.URIRef(PLAN), KG.symbol, rdflib.Literal("02/KH-UBND")) in rdflib.Graph().parse(
        data=jsonld.text, format="json-ld")


def test_statement_card_shows_quoted_evidence_with_source_and_span(http):
    html = http.get(STATEMENT.removeprefix(BASE).join(["/", ""])).text
    assert "Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ" in html
    assert "402–464" in html
    assert 'href="/source/corpus-004-0c44b8b32b54e5ec-txt"' in html  # the source file
    mention = http.get("/source/corpus-004-0c44b8b32b54e5ec-txt/mention/412-464").text
    assert "<blockquote>Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ</blockquote>" in mention


def test_unknown_iri_is_404(http):
    assert http.get("/eli/nq/1999/none").status_code == 404
    assert http.get("/eli/nq/1999/none", headers={"Accept": "text/turtle"}).status_code == 404
    assert http.get("/describe", params={"iri": "urn:x:none"}).status_code == 404


def test_describe_any_iri_and_properties(http):
    page = http.get("/describe", params={"iri": KG.implements})
    assert page.status_code == 200 and "Kế hoạch số 02/KH-UBND" in page.text


def test_hostile_literals_and_iris_are_escaped(http):
    html = http.get("/eli/kh/2024/02-kh-ubnd").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in html
    assert 'href="javascript:' not in html
    search = http.get("/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in search.text and "&lt;script&gt;alert(1)" in search.text
    assert "script-src 'nonce-" in search.headers["content-security-policy"]


@pytest.mark.parametrize("text", ["01/NQ-CP", "01/nq-cp", "NGHỊ QUYẾT SỐ 01", "nghi quyet so 01"])
def test_search_ignores_case_and_diacritics(http, text):
    page = http.get("/search", params={"q": text})
    assert page.status_code == 200
    assert 'href="/eli/nq/2024/01-nq-cp"' in page.text


def test_search_finds_agencies_by_label(http):
    assert 'href="/agency/bac-giang/so-tai-chinh"' in http.get("/search", params={"q": "so tai chinh"}).text


def test_home_lists_saved_queries_and_runs_them(http):
    home = http.get("/")
    assert home.status_code == 200 and "<textarea" in home.text
    for name in ("documents", "implementations", "tasks-per-agency"):
        assert f'href="/queries/{name}"' in home.text
    assert not re.search(r'(src|href)="https?:', home.text) and "<link" not in home.text  # offline
    page = http.get("/queries/documents")
    assert page.status_code == 200 and "02/KH-UBND" in page.text and "01/NQ-CP" in page.text
    assert http.get("/queries/no-such-query").status_code == 404


def test_saved_query_page_takes_its_parameters(seed_store):
    with RunningServer(build_app(seed_store, workers=1, timeout_s=30)) as server:
        shipped = httpx.get(server.url + "/queries/implementing", timeout=30)
        assert shipped.status_code == 200 and 'name="symbol"' in shipped.text and 'value="01/NQ-CP"' in shipped.text
        assert "02-kh-ubnd" in shipped.text  # the plan cited in 002, carrying 01/NQ-CP out
        agency = httpx.get(server.url + "/queries/tasks_by_agency", params={"agencyName": "so tai chinh"}, timeout=30)
        assert agency.status_code == 200 and 'value="so tai chinh"' in agency.text
        assert "Sở Tài chính" in agency.text and "chuẩn bị" in agency.text
        none = httpx.get(server.url + "/queries/implementing", params={"symbol": '"><b>99/NQ-XX'}, timeout=30)
        assert none.status_code == 200 and "02-kh-ubnd" not in none.text
        assert "<b>99" not in none.text and "&lt;b&gt;99/NQ-XX" in none.text


def test_lineage_view_seam(http):
    response = http.get("/view", params={"iri": PLAN})
    try:
        from kg.lineage import build_view_html  # noqa: F401  (provided by the lineage package)
    except ImportError:
        assert response.status_code == 501 and "lineage views not installed" in response.text
    else:
        assert response.status_code in (200, 400, 404)


def test_store_must_exist(tmp_path):
    with pytest.raises(StoreError):
        build_app(tmp_path / "missing")


def test_kg_serve_without_a_store_says_so_in_one_line(tmp_path):
    import subprocess
    import sys

    missing = tmp_path / "missing"
    done = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", str(missing), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"kg: error: {missing}: no store here; "
                                                f"run 'kg build PATHS --store {missing}' first"]


def test_busy_port_is_a_one_line_error(store_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(KgError, match="cannot listen on 127.0.0.1"):
            serve(store_dir, "127.0.0.1", taken.getsockname()[1])


def test_connections_are_accepted_without_nagles_delay():
    """asyncio (under uvicorn) sets TCP_NODELAY on a connection only when the listener was made for TCP;
    without it a small answer waited ~40 ms for the client's delayed ACK."""
    import asyncio

    async def accept_one() -> int:
        accepted = asyncio.get_running_loop().create_future()

        def on_connection(reader, writer):
            accepted.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        listener = listen("127.0.0.1", 0)
        server = await asyncio.start_server(on_connection, sock=listener)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
            nodelay = await asyncio.wait_for(accepted, 10)
            writer.close()
        return nodelay

    assert asyncio.run(accept_one()) != 0


# -- runaway queries --------------------------------------------------------------------------------
def test_runaway_query_times_out_while_others_are_answered(tmp_path):
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    store = pyoxigraph.Store(str(store_dir))
    store.extend(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(f"{BASE}eli/qd/2024/{i}"),
            pyoxigraph.NamedNode(f"{KG}p{i % 7}"),
            pyoxigraph.Literal(f"value {i}"),
            pyoxigraph.NamedNode(f"{BASE}source/file-{i % 10}"),
        )
        for i in range(3000)
    )
    store.flush()
    del store
    timeout_s = 1.5
    app = build_app(store_dir, timeout_s=timeout_s, workers=2)
    explosive = ("SELECT * WHERE { ?a ?p1 ?o1 . ?b ?p2 ?o2 . ?c ?p3 ?o3 . ?d ?p4 ?o4 . ?e ?p5 ?o5 } "
                 "ORDER BY ?o5 ?o4 ?o3 ?o2 ?o1")
    small = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with RunningServer(app) as running, httpx.Client(base_url=running.url, timeout=30) as client:
        outcome = {}

        def run_explosive():
            started = time.monotonic()
            outcome["response"] = client.get("/sparql", params={"query": explosive})
            outcome["elapsed"] = time.monotonic() - started

        runaway = threading.Thread(target=run_explosive)
        runaway.start()
        time.sleep(0.2)
        answered = []
        while runaway.is_alive():
            started = time.monotonic()
            response = client.get("/sparql", params={"query": small})
            assert response.status_code == 200
            assert response.json()["results"]["bindings"][0]["n"]["value"] == "3000"
            answered.append(time.monotonic() - started)
        runaway.join()
        response = outcome["response"]
        assert response.status_code == 503
        assert f"query timed out after {timeout_s:g} s" in response.text
        assert timeout_s <= outcome["elapsed"] < timeout_s + 5
        assert len(answered) >= 3 and max(answered) < timeout_s  # the other worker kept answering
        assert app.state.pool.restarts == 1
        deadline = time.monotonic() + 30  # the killed worker is replaced
        while len(app.state.pool.pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(app.state.pool.pids()) == 2
        assert client.get("/sparql", params={"query": small}).status_code == 200
        print(f"\nrunaway query stopped after {outcome['elapsed']:.2f} s; {len(answered)} other queries "
              f"answered meanwhile, slowest {max(answered) * 1000:.0f} ms")


def test_memory_hungry_query_ends_its_worker_not_the_server(tmp_path):
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    store = pyoxigraph.Store(str(store_dir))
    store.extend(
        pyoxigraph.Quad(pyoxigraph.NamedNode(f"urn:x:s{i}"), pyoxigraph.NamedNode("urn:x:p"),
                        pyoxigraph.Literal(f"value {i}"), pyoxigraph.NamedNode("urn:x:g"))
        for i in range(2000)
    )
    store.flush()
    del store
    app = build_app(store_dir, timeout_s=30, workers=1, memory_mb=1024)
    hungry = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } ORDER BY ?f ?d ?b"
    with RunningServer(app) as running, httpx.Client(base_url=running.url, timeout=60) as client:
        started = time.monotonic()
        response = client.get("/sparql", params={"query": hungry})
        assert response.status_code == 500 and "memory limit" in response.text
        assert time.monotonic() - started < 20
        response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})  # a fresh worker
        assert response.json()["boolean"] is True


# -- units ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind, accept, override, expected",
    [
        ("results", "application/json", None, "json"),
        ("results", "text/csv;q=0.2, text/*;q=0.9", None, "tsv"),
        ("results", "application/sparql-results+xml", "csv", "csv"),
        ("graph", "application/sparql-results+json", None, "turtle"),
        ("graph", "application/n-triples;q=0.9, application/ld+json", None, "jsonld"),
        ("page", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, "html"),
        ("page", "text/turtle, text/html;q=0.5", None, "turtle"),
        ("page", "*/*", None, "html"),
    ],
)
def test_choose_format(kind, accept, override, expected):
    assert choose_format(kind, accept, override) == expected


def test_saved_query_files(tmp_path):
    (tmp_path / "b-query.rq").write_text(
        "# title: Văn bản / Documents\n# description: First line,\n#   second line.\nSELECT * {}\n",
        encoding="utf-8",
    )
    (tmp_path / "a-query.rq").write_text("SELECT * {}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    queries = list_saved_queries(tmp_path)
    assert [query.name for query in queries] == ["a-query", "b-query"]
    assert queries[0].title == "a-query" and queries[0].description == ""
    loaded = load_saved_query("b-query", tmp_path)
    assert loaded.title == "Văn bản / Documents"
    assert loaded.description == "First line, second line."
    assert loaded.text.endswith("SELECT * {}\n")
    for name in ("missing", "../b-query"):
        with pytest.raises(QueryError):
            load_saved_query(name, tmp_path)
    assert {query.name for query in list_saved_queries(DATA / "queries")} == {
        "documents", "implementations", "tasks-per-agency"}
