"""The ASGI app: the SPARQL endpoint, the pages, and dereferenceable IRIs.

Routes
  ``/sparql``          SPARQL 1.1 Protocol for queries (GET, POST form, POST application/sparql-query)
  ``/``                query editor and saved queries
  ``/queries/{name}``  one saved query run, as an HTML table
  ``/search?q=``       find documents by kg:symbol or rdfs:label (case and diacritics ignored)
  ``/describe?iri=``   the card of any IRI (also hash IRIs and IRIs outside the base)
  ``/view?iri=``       the lineage view: ``kg.lineage.build_view_html(store, iri) -> str`` with a
                       read-only ``kg.store.GraphStore``, looked up when asked for and run in a query
                       worker (so the timeout applies); 501 while kg.lineage has no such function
  ``/{path}``          the IRI ``{base}{path}``: HTML card, or Turtle / JSON-LD / N-Triples / RDF/XML

Every query runs in a worker process (kg.server.workers): the web process never touches the store.
"""
from __future__ import annotations

import contextlib
import re
import secrets
from pathlib import Path
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import QueryError
from kg.queries import list_saved_queries, load_saved_query
from kg.server import DEFAULT_BASE
from kg.server.cache import AnswerCache
from kg.server.cards import render_card
from kg.server.evaluate import Reply
from kg.server.pages import render_error, render_home, render_saved, render_search
from kg.server.protocol import ProtocolError, choose_format, parse_accept, read_query_request
from kg.server.workers import PoolBusy, QueryTimeout, WorkerDied, WorkerFailed, WorkerPool

_READ_METHODS = {"GET", "HEAD", "POST", "OPTIONS"}
_HTML_ROWS = 1000  # rows of a saved query shown as a page; /sparql gives up to max_rows
_GRAPH_STORE_TYPES = {"text/turtle", "application/n-triples", "application/ld+json",
                      "application/rdf+xml", "application/n-quads", "application/trig"}
_EXAMPLE = """PREFIX kg: <https://w3id.org/kg-vn/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?document ?symbol ?label WHERE {
  ?document kg:symbol ?symbol .
  OPTIONAL { ?document rdfs:label ?label }
} LIMIT 20
"""


class ReadOnlyMiddleware:
    """Refuse every write before routing: PUT, DELETE, PATCH anywhere, POST outside /sparql."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            method = scope["method"]
            refusal = None
            if method not in _READ_METHODS:
                refusal = f"This endpoint is read-only: {method} is not accepted."
            elif method == "POST" and scope["path"] != "/sparql":
                refusal = "This endpoint is read-only: POST is accepted at /sparql, for queries only."
            if refusal:
                await PlainTextResponse(refusal, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def uri_to_iri(path: str) -> str:
    """Decode the percent-encoded UTF-8 sequences of a URI path (RFC 3987 3.2); keep ASCII escapes."""

    def decode(match: re.Match) -> str:
        try:
            return unquote(match.group(0), errors="strict")
        except UnicodeDecodeError:
            return match.group(0)

    return re.sub(r"(?:%[89A-Fa-f][0-9A-Fa-f])+", decode, path)


class Site:
    """The handlers, sharing the settings, the worker pool and the answer cache (None: no cache)."""

    def __init__(self, pool: WorkerPool, *, base: str, max_body_bytes: int, queries_dir,
                 cache: AnswerCache | None = None):
        self.pool = pool
        self.base = base
        self.max_body_bytes = max_body_bytes
        self.queries_dir = queries_dir
        self.cache = cache
        self._cache_restarts = pool.restarts

    # -- plumbing --------------------------------------------------------------------------------
    async def cached(self, key: tuple, operation: str, size_of, **arguments):
        """``run(operation)``, or the answer kept for ``key`` (kg.server.cache): the workers' store is a
        snapshot, so the cache holds until a worker is replaced and opens the store anew."""
        if self.cache is None:
            return await self.run(operation, **arguments)
        if self.pool.restarts != self._cache_restarts:
            self.cache.clear()
            self._cache_restarts = self.pool.restarts
        return await self.cache.get_or_compute(key, lambda: self.run(operation, **arguments), size_of)

    async def run(self, operation: str, **arguments):
        """Run an operation in a worker; pool failures become ProtocolError with a clear message."""
        try:
            return await self.pool.run(operation, **arguments)
        except QueryTimeout:
            raise ProtocolError(503, f"query timed out after {self.pool.timeout_s:g} s") from None
        except PoolBusy:
            raise ProtocolError(503, "all query workers are busy; try again shortly") from None
        except WorkerDied:
            raise ProtocolError(
                500, "the query worker ended abnormally (memory limit?); it has been restarted"
            ) from None
        except WorkerFailed as error:
            raise ProtocolError(500, f"query failed: {error}") from None

    @staticmethod
    def reply(reply: Reply) -> Response:
        return Response(reply.body, status_code=reply.status, media_type=reply.content_type,
                        headers=dict(reply.headers))

    @staticmethod
    def html(render, status: int = 200, **arguments) -> HTMLResponse:
        """Render a page with a fresh CSP nonce: only our own inline script may run."""
        nonce = secrets.token_urlsafe(16)
        headers = {
            "Content-Security-Policy": (
                f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
                "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'"
            ),
            "X-Content-Type-Options": "nosniff",
        }
        return HTMLResponse(render(nonce=nonce, **arguments), status_code=status, headers=headers)

    def error_page(self, status: int, message: str) -> HTMLResponse:
        return self.html(render_error, status=status, code=status, message=message)

    async def read_body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise ProtocolError(413, f"Request body too large: the limit is {self.max_body_bytes} bytes.")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body_bytes:
                raise ProtocolError(413, f"Request body too large: the limit is {self.max_body_bytes} bytes.")
        return bytes(body)

    # -- the SPARQL endpoint ---------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        try:
            content_type = request.headers.get("content-type")
            if request.method == "POST":
                if (content_type or "").split(";")[0].strip().lower() in _GRAPH_STORE_TYPES:
                    raise ProtocolError(403, "This endpoint is read-only: graph store writes are not accepted.")
                body = await self.read_body(request)
            else:
                body = b""
            query_request = read_query_request(
                request.method, request.query_params.multi_items(), content_type, body,
                request.headers.get("accept", ""),
            )
            if query_request is None:
                if _prefers_html(request):
                    return await self.home(request)
                raise ProtocolError(400, "Missing 'query' parameter (SPARQL 1.1 Protocol).")
            if len(query_request.query.encode("utf-8")) > self.max_body_bytes:
                raise ProtocolError(413, f"Query too large: the limit is {self.max_body_bytes} bytes.")
            key = ("answer", query_request.query, query_request.default_graphs, query_request.named_graphs,
                   query_request.accept, query_request.format)
            extra = len(query_request.query) + 256

            def size_of(reply: Reply) -> int | None:  # errors (400 ...) are not kept
                return extra + len(reply.body) if reply.status == 200 else None

            return self.reply(await self.cached(key, "answer", size_of, request=query_request))
        except ProtocolError as error:
            return PlainTextResponse(error.message + "\n", status_code=error.status)

    # -- pages -----------------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        saved = list_saved_queries(self.queries_dir)
        return self.html(render_home, saved=saved, base=self.base, example=_EXAMPLE)

    async def saved(self, request: Request) -> Response:
        """A saved query's page; its parameters come from the query string (/queries/implementing?symbol=...)."""
        try:
            query = load_saved_query(request.path_params["name"], self.queries_dir)
        except QueryError as error:
            return self.error_page(404, str(error))
        values = {name: request.query_params.get(name, default)[:200] for name, default in query.parameters.items()}
        text = query.with_params(values)
        result, message = None, None
        try:
            result = await self.cached(("select", text, _HTML_ROWS), "select", _table_size,
                                       sparql=text, limit=_HTML_ROWS)
        except ProtocolError as error:
            message = error.message
        return self.html(render_saved, query=query, text=text, values=values, result=result, error=message,
                         base=self.base)

    async def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "")[:200]
        found = None
        if text.strip():
            try:
                found = await self.run("search", text=text)
            except ProtocolError as error:
                return self.error_page(error.status, error.message)
        return self.html(render_search, text=text, found=found, base=self.base)

    async def view(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            return self.error_page(400, "Missing 'iri' parameter.")
        try:
            reply = await self.run("view", iri=iri)
        except ProtocolError as error:
            return self.error_page(error.status, error.message)
        if reply.status != 200:
            return self.error_page(reply.status, reply.body.decode("utf-8", "replace"))
        return self.reply(reply)  # the lineage page brings its own scripts: no CSP of ours

    async def describe(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            return self.error_page(400, "Missing 'iri' parameter.")
        return await self.resource(request, iri)

    async def dereference(self, request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
        path = uri_to_iri(raw.decode("latin-1").split("?", 1)[0]).lstrip("/")
        return await self.resource(request, self.base + path)

    async def resource(self, request: Request, iri: str) -> Response:
        key = choose_format("page", request.headers.get("accept"), request.query_params.get("format"))
        try:
            if key != "html":
                response = self.reply(await self.run("describe", iri=iri, key=key))
            else:
                card = await self.run("card", iri=iri)
                if card is None:
                    response = self.error_page(404, f"No resource {iri} in this graph.")
                else:
                    response = self.html(render_card, card=card, base=self.base)
        except ProtocolError as error:
            response = (self.error_page if key == "html" else _plain)(error.status, error.message)
        response.headers["Vary"] = "Accept"
        return response


def _table_size(table: dict) -> int:
    """About how many bytes a ``select`` answer ({"vars", "rows", "truncated"}) holds."""
    return 256 + sum(64 + sum(len(str(term.get("value"))) + 48 for term in row.values()) for row in table["rows"])


def _plain(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


def _prefers_html(request: Request) -> bool:
    return any(media == "text/html" and q > 0 for media, q, _ in parse_accept(request.headers.get("accept")))


def build_app(
    store_dir: str | Path,
    *,
    base: str = DEFAULT_BASE,
    timeout_s: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    max_body_bytes: int = 1_000_000,
    memory_mb: int | None = 4096,
    queries_dir: str | Path | None = None,
    cache_mb: float = 64,
) -> Starlette:
    """The read-only SPARQL endpoint and pages over the Oxigraph store in ``store_dir``.

    ``cache_mb``: answers of /sparql and of the saved-query pages kept for repeated requests, up to this
    many MB (kg.server.cache; 0: every request is evaluated). Raises StoreError when the folder is not an
    Oxigraph store. Worker processes start with the app (its lifespan) or at the first request.
    """
    store_dir = Path(store_dir)
    _check_store(store_dir)
    pool = WorkerPool(store_dir, size=workers, timeout_s=timeout_s, memory_mb=memory_mb,
                      options={"max_rows": max_rows})
    cache = AnswerCache(int(cache_mb * 1024 * 1024)) if cache_mb > 0 else None
    site = Site(pool, base=base, max_body_bytes=max_body_bytes, queries_dir=queries_dir, cache=cache)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    routes = [
        Route("/", site.home, methods=["GET"]),
        Route("/sparql", site.sparql, methods=["GET", "POST"]),
        Route("/search", site.search, methods=["GET"]),
        Route("/queries/{name}", site.saved, methods=["GET"]),
        Route("/describe", site.describe, methods=["GET"]),
        Route("/view", site.view, methods=["GET"]),
        Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
        Route("/{path:path}", site.dereference, methods=["GET"]),
    ]
    middleware = [
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                   allow_headers=["*"], expose_headers=["X-KG-Truncated"], max_age=600),
        Middleware(ReadOnlyMiddleware),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.cache = cache
    return app


def _check_store(store_dir: Path) -> None:
    """StoreError (with kg.store's message) unless ``store_dir`` opens as a read-only store."""
    from kg.store import GraphStore

    GraphStore.open(store_dir, read_only=True)  # closed again when garbage collected
