"""The SPARQL 1.1 Protocol: reading a query request and choosing a result format.

Pure Python, no web framework: the app hands over the method, headers, URL parameters and body, and
the query workers call :func:`choose_format` once they know the query form (results or a graph).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

# format key -> media type sent back; the first of each table is the default.
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
PAGE_FORMATS = {"html": "text/html; charset=utf-8", **GRAPH_FORMATS}

# media types a client may ask for -> format key, per kind of answer
_ACCEPTED = {
    "results": {
        "application/sparql-results+json": "json",
        "application/json": "json",
        "application/sparql-results+xml": "xml",
        "application/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
        "text/xml": "xml",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/turtle": "turtle",
        "application/x-turtle": "turtle",
        "application/n-triples": "ntriples",
        "text/plain": "ntriples",
        "application/ld+json": "jsonld",
        "application/json": "jsonld",
        "application/rdf+xml": "rdfxml",
        "application/xml": "rdfxml",
    },
    "page": {
        "text/html": "html",
        "application/xhtml+xml": "html",
        "text/turtle": "turtle",
        "application/turtle": "turtle",
        "application/x-turtle": "turtle",
        "application/n-triples": "ntriples",
        "application/ld+json": "jsonld",
        "application/json": "jsonld",
        "application/rdf+xml": "rdfxml",
    },
}
_DEFAULT = {"results": "json", "graph": "turtle", "page": "html"}
# short names for the ?format= parameter (also SPARQLWrapper's format/output parameters)
_ALIASES = {
    "results": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {
        "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples",
        "n-triples": "ntriples", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
        "rdfxml": "rdfxml", "xml": "rdfxml",
    },
}
_ALIASES["page"] = {"html": "html", **_ALIASES["graph"]}


class ProtocolError(Exception):
    """A request the endpoint refuses: carries the HTTP status and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query as the protocol delivered it."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""
    format: str | None = None  # ?format= / ?output= override of the Accept header


def media_type(content_type: str | None) -> str:
    """``'application/sparql-query; charset=utf-8'`` -> ``'application/sparql-query'``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def read_query_request(
    method: str,
    params: list[tuple[str, str]],
    content_type: str | None,
    body: bytes,
    accept: str = "",
) -> QueryRequest | None:
    """Read a query request; None when it holds no query (GET /sparql from a browser).

    Raises ProtocolError: 403 for SPARQL Update (the endpoint is read-only), 415 for a body of an
    unknown type, 400 for a malformed request.
    """
    params = list(params)
    query: str | None = None
    kind = media_type(content_type)
    if method == "POST":
        if kind == "application/sparql-update":
            raise ProtocolError(403, "This endpoint is read-only: SPARQL Update is not accepted.")
        if kind == "application/x-www-form-urlencoded":
            params += parse_qsl(_decode(body), keep_blank_values=True)
        elif kind == "application/sparql-query":
            query = _decode(body)
        elif body or kind:
            raise ProtocolError(
                415,
                f"Unsupported Content-Type {kind or '(none)'!r}: send application/sparql-query "
                "or application/x-www-form-urlencoded.",
            )
    elif method not in ("GET", "HEAD"):
        raise ProtocolError(403, "This endpoint is read-only.")

    names = [name for name, _ in params]
    if "update" in names:
        raise ProtocolError(403, "This endpoint is read-only: SPARQL Update is not accepted.")
    queries = [value for name, value in params if name == "query"]
    if query is not None and queries:
        raise ProtocolError(400, "Give the query once: in the body or in 'query=', not both.")
    if len(queries) > 1:
        raise ProtocolError(400, "Give exactly one 'query' parameter.")
    if query is None:
        if not queries:
            return None
        query = queries[0]
    if not query.strip():
        raise ProtocolError(400, "The query is empty.")
    formats = [value for name, value in params if name in ("format", "output") and value]
    return QueryRequest(
        query=query,
        default_graphs=tuple(value for name, value in params if name == "default-graph-uri"),
        named_graphs=tuple(value for name, value in params if name == "named-graph-uri"),
        accept=accept,
        format=formats[0] if formats else None,
    )


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"The request body is not UTF-8: {error}") from None


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header as (range, q, position); a missing header is ``*/*``."""
    ranges = []
    for position, item in enumerate((header or "*/*").split(",")):
        parts = [part.strip() for part in item.split(";")]
        if not parts[0]:
            continue
        q = 1.0
        for parameter in parts[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((parts[0].lower(), q, position))
    return ranges or [("*/*", 1.0, 0)]


def _quality(offered: str, ranges: list[tuple[str, float, int]]) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range matching ``offered``."""
    major = offered.split("/", 1)[0]
    best = (0.0, -1, 0)
    for media_range, q, position in ranges:
        if media_range == offered:
            specificity = 2
        elif media_range == f"{major}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (q, specificity, -position)
    return best


def choose_format(kind: str, accept: str | None, override: str | None = None) -> str:
    """The format key to answer with: ``kind`` is 'results', 'graph' or 'page'.

    A ``format`` parameter wins over the Accept header. When nothing the client accepts is offered,
    the default of the kind is sent (JSON, Turtle, HTML): a lenient answer that SPARQL clients with
    unusual Accept headers still read.
    """
    if override:
        key = override.strip().lower()
        key = _ACCEPTED[kind].get(media_type(key), _ALIASES[kind].get(key))
        if key:
            return key
    ranges = parse_accept(accept)
    best_key, best_score = _DEFAULT[kind], (0.0, -1, 0)
    for offered, key in _ACCEPTED[kind].items():
        score = _quality(offered, ranges)
        if score[0] > 0 and score > best_score:
            best_key, best_score = key, score
    if best_score[1] == 0:  # only */* matched: the server's default, not the first table entry
        return _DEFAULT[kind]
    return best_key


def content_type_of(key: str) -> str:
    """The media type sent back for a format key."""
    return RESULT_FORMATS.get(key) or PAGE_FORMATS[key]
