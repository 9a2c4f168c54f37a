"""What a query worker does: evaluate SPARQL on the read-only store and serialize the answer.

Runs inside the worker processes (kg.server.workers), never in the web server's process: pyoxigraph
cannot be interrupted from Python, so a runaway evaluation is ended by killing its process.

Results are capped at ``max_rows`` solutions (or triples): the answer is *truncated*, well-formed, and
carries the header ``X-KG-Truncated: <max_rows>``. SELECT solutions are read one by one up to the cap,
written as SPARQL JSON, and converted by pyoxigraph to XML, CSV or TSV when those are asked for.
Graphs (CONSTRUCT, DESCRIBE, resource pages) are serialized by pyoxigraph too, JSON-LD included
(pyoxigraph 0.5 writes expanded JSON-LD; rdflib is not needed for it).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from kg.server.guard import uses_service
from kg.server.protocol import QueryRequest, choose_format, content_type_of
from kg.store import PREFIXES as STORE_PREFIXES
from kg.text import strip_marks

KG = "https://w3id.org/kg-vn/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
# The project's prefixes (kg.store declares them for `kg sparql`): predeclared in every query, as
# the saved queries expect, and used to abbreviate Turtle output.
PREFIXES = dict(re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", STORE_PREFIXES))
PREFIXES.setdefault("owl", "http://www.w3.org/2002/07/owl#")
FOLD = NamedNode("urn:kg:fn:fold")  # the search's case- and diacritic-insensitive key, in SPARQL
_RESULT_FORMATS = {
    "xml": QueryResultsFormat.XML, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD, "rdfxml": RdfFormat.RDF_XML,
}
_EVIDENCE_PATH = r"(evidence|mentions?)$"  # predicates whose objects carry quoted evidence


@dataclass(frozen=True)
class Reply:
    """An HTTP answer built in the worker: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def fold(text: str) -> str:
    """Lower case without diacritics: 'Nghị quyết 01/NQ-CP' -> 'nghi quyet 01/nq-cp'."""
    return strip_marks(text).casefold()


def to_json_term(term) -> dict:
    """A pyoxigraph term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            value["datatype"] = term.datatype.value
        return value
    if isinstance(term, Triple):
        return {"type": "triple", "value": {
            "subject": to_json_term(term.subject),
            "predicate": to_json_term(term.predicate),
            "object": to_json_term(term.object),
        }}
    raise TypeError(f"not an RDF term: {term!r}")


class Engine:
    """The read-only store of one worker process and the operations the server asks of it."""

    def __init__(self, store_dir: str | Path, *, max_rows: int = 10_000, card_rows: int = 500):
        self.store_dir = str(store_dir)
        self.store = Store.read_only(self.store_dir)
        self.max_rows = max_rows
        self.card_rows = min(card_rows, max_rows)

    # -- the SPARQL endpoint -------------------------------------------------------------------
    def answer(self, request: QueryRequest) -> Reply:
        """Evaluate one protocol request and serialize its answer in the negotiated format."""
        if uses_service(request.query):
            return text_reply(
                403, "SERVICE is not allowed: this endpoint does not call other endpoints."
            )
        options: dict = {"prefixes": PREFIXES}
        try:
            if request.default_graphs:
                options["default_graph"] = [NamedNode(iri) for iri in request.default_graphs]
            else:
                options["use_default_graph_as_union"] = True
            if request.named_graphs:
                options["named_graphs"] = [NamedNode(iri) for iri in request.named_graphs]
        except ValueError as error:
            return text_reply(400, f"Bad graph IRI: {error}")
        try:
            results = self.store.query(request.query, **options)
            if isinstance(results, QueryBoolean):
                key = choose_format("results", request.accept, request.format)
                body = results.serialize(format=_results_format(key))
                return Reply(200, content_type_of(key), body)
            if isinstance(results, QuerySolutions):
                key = choose_format("results", request.accept, request.format)
                variables = [variable.value for variable in results.variables]
                rows, truncated = self._take(results)
                return self._solutions_reply(variables, rows, truncated, key)
            key = choose_format("graph", request.accept, request.format)
            triples, truncated = self._take(results)
            return self._graph_reply(triples, truncated, key)
        except SyntaxError as error:
            return text_reply(400, f"SPARQL syntax error: {error}")
        except (ValueError, TypeError, RuntimeError) as error:
            return text_reply(400, f"The query cannot be run: {error}")

    def _take(self, iterator) -> tuple[list, bool]:
        items = []
        for item in iterator:
            if len(items) == self.max_rows:
                return items, True
            items.append(item)
        return items, False

    def _solutions_reply(self, variables, rows, truncated: bool, key: str) -> Reply:
        bindings = [
            {name: to_json_term(row[name]) for name in variables if row[name] is not None}
            for row in rows
        ]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if key != "json":
            parsed = parse_query_results(body, format=QueryResultsFormat.JSON)
            body = parsed.serialize(format=_RESULT_FORMATS[key])
        return Reply(200, content_type_of(key), body, self._truncation(truncated))

    def _graph_reply(self, triples, truncated: bool, key: str) -> Reply:
        triples = list(dict.fromkeys(triples))  # a graph is a set: CONSTRUCT may repeat triples
        body = serialize(triples, format=_RDF_FORMATS[key], prefixes=PREFIXES)
        return Reply(200, content_type_of(key), body or b"", self._truncation(truncated))

    def _truncation(self, truncated: bool) -> tuple[tuple[str, str], ...]:
        return (("X-KG-Truncated", str(self.max_rows)),) if truncated else ()

    # -- data for the pages ----------------------------------------------------------------------
    def select(self, sparql: str, limit: int | None = None) -> dict:
        """A SELECT as ``{"vars", "rows", "truncated"}`` with JSON-form terms (for HTML pages)."""
        if uses_service(sparql):
            raise ValueError("SERVICE is not allowed")
        results = self.store.query(
            sparql, use_default_graph_as_union=True, prefixes=PREFIXES,
            custom_functions={FOLD: _fold_term},
        )
        if not isinstance(results, QuerySolutions):
            raise ValueError("only SELECT queries can be shown as a table")
        variables = [variable.value for variable in results.variables]
        limit = self.max_rows if limit is None else min(limit, self.max_rows)
        rows, truncated = [], False
        for solution in results:
            if len(rows) == limit:
                truncated = True
                break
            rows.append({name: to_json_term(solution[name])
                         for name in variables if solution[name] is not None})
        return {"vars": variables, "rows": rows, "truncated": truncated}

    def labels(self, iris: list[str]) -> dict[str, list[dict]]:
        """rdfs:label literals of the given IRIs."""
        terms = " ".join(str(NamedNode(iri)) for iri in dict.fromkeys(iris))
        if not terms:
            return {}
        found: dict[str, list[dict]] = {}
        query = f"SELECT ?n ?l WHERE {{ VALUES ?n {{ {terms} }} ?n rdfs:label ?l }}"
        for row in self.select(query, limit=10 * self.card_rows)["rows"]:
            found.setdefault(row["n"]["value"], []).append(row["l"])
        return found

    def card(self, iri: str) -> dict | None:
        """Everything a resource page shows about ``iri``; None when no triple mentions it."""
        try:
            node = str(NamedNode(iri))
        except ValueError:
            return None
        limit = self.card_rows
        out = self.select(
            f"SELECT ?p ?o ?p2 ?o2 WHERE {{ {node} ?p ?o OPTIONAL {{ ?o ?p2 ?o2 "
            f"FILTER(isBlank(?o) || REGEX(STR(?p), \"{_EVIDENCE_PATH}\", \"i\")) }} }}",
            limit=4 * limit,
        )
        incoming = self.select(
            f"SELECT ?s ?p ?owner ?via WHERE {{ ?s ?p {node} "
            f"OPTIONAL {{ ?owner ?via ?s FILTER(isBlank(?s) && isIRI(?owner)) }} }}",
            limit=limit,
        )
        uses = self.select(f"SELECT ?s ?o WHERE {{ ?s {node} ?o }} LIMIT 20")  # as a property
        if not out["rows"] and not incoming["rows"] and not uses["rows"]:
            return None
        graphs = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} LIMIT 50")
        neighbours = [iri]
        for table in (out["rows"], incoming["rows"], uses["rows"]):
            for row in table:
                neighbours += [t["value"] for t in row.values() if t["type"] == "uri"]
        return {
            "iri": iri,
            "out": out["rows"],
            "in": incoming["rows"],
            "uses": uses["rows"],
            "graphs": [row["g"]["value"] for row in graphs["rows"]],
            "labels": self.labels(neighbours[: 4 * limit]),
            "truncated": out["truncated"] or incoming["truncated"],
        }

    def describe(self, iri: str, key: str) -> Reply:
        """The triples about ``iri`` (outgoing, blank nodes below it, incoming) as RDF."""
        try:
            node = str(NamedNode(iri))
        except ValueError as error:
            return text_reply(400, f"Bad IRI: {error}")
        query = (
            f"CONSTRUCT {{ {node} ?p ?o . ?o ?p2 ?o2 . ?s ?pi {node} }} WHERE {{ "
            f"{{ {node} ?p ?o OPTIONAL {{ ?o ?p2 ?o2 FILTER(isBlank(?o)) }} }} "
            f"UNION {{ ?s ?pi {node} }} }}"
        )
        triples, truncated = self._take(self.store.query(query, use_default_graph_as_union=True))
        if not triples:
            return text_reply(404, f"No resource {iri} in this graph.")
        triples.sort(key=lambda triple: (str(triple.subject) != node, str(triple.subject)))
        return self._graph_reply(triples, truncated, key)

    def search(self, text: str, limit: int = 100) -> dict:
        """Nodes whose kg:symbol or rdfs:label contains ``text``, ignoring case and diacritics."""
        needle = str(Literal(fold(text.strip())))
        found = self.select(
            f"SELECT ?node ?text ?rank ?document WHERE {{ "
            f"{{ ?node kg:symbol ?text BIND(1 AS ?rank) }} UNION "
            f"{{ ?node rdfs:label ?text BIND(2 AS ?rank) }} "
            f"FILTER(isLiteral(?text) && CONTAINS(<{FOLD.value}>(STR(?text)), {needle})) "
            f"BIND(EXISTS {{ ?node kg:symbol ?symbol }} AS ?document) }}",
            limit=20 * limit,
        )
        best: dict[str, tuple] = {}  # symbol matches, then documents, then exact matches first
        for row in found["rows"]:
            key = (int(row["rank"]["value"]), row["document"]["value"] != "true",
                   fold(row["text"]["value"]) != fold(text.strip()))
            iri = row["node"]["value"]
            if row["node"]["type"] == "uri" and (iri not in best or key < best[iri]):
                best[iri] = key
        hits = sorted(best, key=lambda iri: (best[iri], iri))[:limit]
        details = {}
        if hits:
            terms = " ".join(str(NamedNode(iri)) for iri in hits)
            details = self.select(
                f"SELECT ?n ?p ?v WHERE {{ VALUES ?n {{ {terms} }} "
                f"VALUES ?p {{ kg:symbol rdfs:label rdf:type }} ?n ?p ?v }}",
                limit=50 * limit,
            )
        return {"hits": hits, "details": details.get("rows", []),
                "truncated": found["truncated"] or len(best) > limit}

    def view(self, iri: str) -> Reply:
        """The lineage view of a document: ``kg.lineage.build_view_html(store, iri) -> str``.

        ``store`` is a read-only ``kg.store.GraphStore`` over this worker's open store. Looked up when
        asked for: 501 while the lineage package is not installed.
        """
        try:
            from kg.lineage import build_view_html
        except ImportError as error:
            return text_reply(501, f"lineage views not installed ({error})")
        from kg.errors import KgError, ReferenceNotFound
        from kg.store import GraphStore

        try:
            html = build_view_html(GraphStore(self.store, self.store_dir, True), iri)
        except ReferenceNotFound as error:
            return text_reply(404, str(error))
        except KgError as error:
            return text_reply(400, str(error))
        return Reply(200, "text/html; charset=utf-8", html.encode("utf-8"))


def _results_format(key: str) -> QueryResultsFormat:
    return QueryResultsFormat.JSON if key == "json" else _RESULT_FORMATS[key]


def _fold_term(term):
    return Literal(fold(term.value)) if isinstance(term, Literal) else None
