"""Corpus-level resolution: what no single file can say, decided from everything the store holds.

``resolve(store, base)`` reads the file graphs of the store (never its own previous output, the named graph
``urn:kg:resolution``) and returns the triples that ``kg build`` stores as that graph. It is a function of the
file graphs only, so an interrupted build run again gives the same store as one clean build. Every fact it
adds says how it was found (``kg:inferred true``, a ``kg:inferenceMethod``, a ``kg:confidence`` in [0, 1]);
nothing is merged and no ``owl:sameAs`` is stated, so dropping the graph undoes every guess.

It asks the store targeted questions rather than reading it whole: the mentions that their file left without
``kg:refersTo``, the documents that could be theirs (by symbol, by type code and number, by kind), the
statements with an end left open, and, counted by SPARQL aggregates, the documents whose citations disagree.
Reading a term out of the store costs microseconds, so what reaches Python grows with what is unresolved or
in conflict, not with the size of the corpus.

Local issuers (UBND, HĐND, Tỉnh ủy, the Sở ...) number their documents per province, so a local document is
identified with its jurisdiction (kg.graph.iris.document_iri, kg.graph.matching.document_jurisdiction). Every
rule below that looks for a document looks for a local one only in the mention's jurisdiction: the province its
issuer names ("của UBND tỉnh Bắc Ninh"), else the citing document's. A candidate without jurisdiction (minted
where none was known) fits every jurisdiction; a central document fits all.

The rules, by inference method (ontology/README.md, "Corpus resolution", gives the reasons):

``year-from-corpus``
    A mention with a symbol but no year (administrative and Party symbols carry none) refers to the latest
    document of that symbol and a compatible type code that the corpus knows with a year (read from a file, or
    cited with a date) and that is not later than the citing document. Confidence 0.95 when one year is
    possible, 0.75 when the latest of several is chosen; x0.9 when the citing year is estimated.
``year-from-citing-document``
    No such document: the mention refers to the node of its symbol in the citing document's year, the latest
    year it can have (and the mention's jurisdiction for a local symbol), minted here with ``kg:inferred true``
    and ``kg:jurisdiction`` on the node. Confidence 0.6 when the citing body
    cites its own document (numbers restart every year, so an undated own document is recent), else 0.4;
    x0.9 when the citing year is estimated.
``number-only-from-corpus``
    "Chỉ thị số 19 ... của Ban Thường vụ Tỉnh ủy": the known document with the same type code and number and a
    compatible issuer (the issuer name's codes, Tỉnh ủy -> TU, against the symbol's), a local one of the
    mention's jurisdiction only, then the latest not after the citing document. Confidence 0.9, x0.7 without an
    issuer to check, x0.8 when several symbols fit, x0.9 when the citing year is estimated.
``implicit-subject-match``
    A mention with ``kg:implicit true`` (no number) refers to the known document of the same kind and a
    compatible issuer, of the year its subject names (or the year before: resolutions on a year's plan are
    often adopted in December) or else of the citing year or the year before, whose title and cited subjects
    best cover the mention's subject (folded words and word pairs). Confidence 0.9 x coverage, x0.95 for the
    year before, x0.8 when a second document comes within 0.1; kept at 0.6 or more.
``completed-from-mention``
    A relation statement read in a file with an end left unresolved there gets a new statement here
    (``kg:completes`` the original) with both ends and the direct edge; its confidence is the lowest of its
    ends'.
``date-misprint``
    Two nodes of one symbol whose years differ because a date was misprinted (938/NQ-UBTVQH15 of 13/12/2023
    and of 13/12/2022 in one plan): one citing document gives both dates on the same day and month, and every
    citation of one node has the day and month of a citation of the other. A ``kg:IdentityHypothesis``,
    confidence 0.9 x (0.3 same day and month + 0.3 same citing document + 0.2 same issuer + 0.2 years one
    apart), and a ``kg:Conflict`` on the dates.
``draft-identity``
    A draft with a blank number ("Số: /KH-UBND") and a numbered document of the same type code that carries
    out or changes the same document (a local one of the draft's jurisdiction only): a ``kg:IdentityHypothesis``, confidence 0.9 x (0.4 shared target +
    0.15 same issuer code + 0.15 same jurisdiction + 0.15 same year + 0.15 draft not later than the numbered
    document's first citation), divided by the number of equally good candidates; kept at 0.6 or more.
``conflicting-citations``
    Citations that give one document two dates or two issuers: a ``kg:Conflict`` with every value and the
    mentions that give it; the values stay on their mentions.

Cited documents get their ``kg:cites`` edge from the citing document, and the issuer name and subject
(``kg:title``) on which all their citations agree.
"""
from __future__ import annotations

import itertools
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.graph import iris
from kg.graph.matching import (canonical_jurisdiction, code, compatible, document_jurisdiction, fold, issuer_codes,
                               jurisdiction_key, kind_key, local_symbol, name_clusters, named_year, province,
                               symbol_issuer, symbol_parts, words, year_of)
from kg.graph.namespace import KG, bind_namespaces, document_class, kind_code, superclasses
from kg.graph.to_rdf import type_segment

log = logging.getLogger(__name__)

__all__ = ["RESOLUTION_GRAPH", "resolve"]

RESOLUTION_GRAPH = "urn:kg:resolution"  # the graph kg.build stores the result in; never read back here
NS = str(KG._NS)
CHANGES = {f"{NS}implements": "implements", f"{NS}continues": "implements", f"{NS}replaces": "replaces",
           f"{NS}amends": "amends", f"{NS}repeals": "repeals"}  # what a draft and its final text share
MENTION_FIELDS = {"symbol": "symbol", "number": "number", "typeCode": "type_code", "issuerCode": "issuer_code",
                  "issuerName": "issuer_name", "numberOnly": "number_only", "implicit": "implicit", "year": "year",
                  "citedDate": "cited_date", "citingDate": "citing_date", "citedTitle": "cited_title",
                  "kindName": "kind", "quote": "quote"}
DOCUMENT_FIELDS = {"symbol": "symbol", "year": "year", "typeCode": "type_code", "number": "number",
                   "dateIssued": "dates", "readFrom": "sources", "jurisdiction": "jurisdictions",
                   "issuerName": "issuer_names", "title": "titles", "isDraft": "draft", "plannedIn": "planned_in"}
CHUNK = 500  # values per VALUES clause


# -- what the store holds ---------------------------------------------------------------------------------------

@dataclass(slots=True)
class Document:
    iri: str
    symbol: str | None = None
    year: int | None = None
    type_code: str | None = None
    number: str | None = None
    dates: set = field(default_factory=set)
    sources: set = field(default_factory=set)  # files it was read from
    draft: bool = False
    titles: set = field(default_factory=set)
    issuer_names: set = field(default_factory=set)
    jurisdictions: set = field(default_factory=set)
    classes: set = field(default_factory=set)
    planned_in: set = field(default_factory=set)

    def set(self, attribute: str, value) -> None:
        current = getattr(self, attribute)
        if isinstance(current, set):
            current.add(value)
        elif attribute == "draft":
            self.draft = self.draft or bool(value)
        else:
            setattr(self, attribute, value)

    @property
    def issuer_code(self) -> str | None:
        return symbol_issuer(self.symbol)

    @property
    def places(self) -> set[str]:
        """Its jurisdictions as compared (slugs, as in IRIs)."""
        return {key for j in self.jurisdictions if (key := jurisdiction_key(j))}

    def serves(self, where: str | None) -> bool:
        """A candidate for a mention of jurisdiction ``where``: a central document always, a local one when it is
        of that jurisdiction or when either jurisdiction is unknown (02/KH-UBND of Bắc Ninh is not Hà Nam's)."""
        if where is None or not local_symbol(self.symbol) or not (places := self.places):
            return True
        return jurisdiction_key(where) in places

    @property
    def kind_keys(self) -> set[str]:
        if self.type_code or symbol_parts(self.symbol)[1]:
            return {code(self.type_code or symbol_parts(self.symbol)[1])}
        return {kind_key(URIRef(c)) for c in self.classes if c.startswith(NS) and c != f"{NS}Document"}

    @property
    def known(self) -> bool:
        """Identified by a numbered symbol and a year: a candidate for mentions without year."""
        return bool(self.symbol and self.year and "/eli/" in self.iri and symbol_parts(self.symbol)[0])


@dataclass(slots=True)
class Mention:
    iri: str
    source: str
    symbol: str | None = None
    number: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    issuer_name: str | None = None
    number_only: bool = False
    implicit: bool = False
    year: int | None = None
    cited_date: str | None = None
    citing_date: str | None = None
    cited_title: str | None = None
    kind: str | None = None
    quote: str | None = None

    @property
    def issuers(self) -> frozenset[str]:
        codes = issuer_codes(self.issuer_name)
        return codes | {code(self.issuer_code)} if self.issuer_code else codes


@dataclass(slots=True)
class Citing:
    """What bounds the documents a file cites: its document, date or year, jurisdiction and issuer."""

    document: str | None = None
    year: int | None = None
    date: str | None = None
    estimated: bool = False
    jurisdiction: str | None = None
    issuers: frozenset = frozenset()


@dataclass(slots=True)
class Resolved:
    target: str
    method: str
    confidence: float


# -- reading the file graphs ------------------------------------------------------------------------------------

def _value(term):
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None:
        kind = datatype.value.rsplit("#", 1)[-1]
        if kind in ("integer", "int", "long", "nonNegativeInteger"):
            return int(term.value)
        if kind == "boolean":
            return term.value in ("true", "1")
    return term.value


def _term(value) -> str:
    """A SPARQL term for a VALUES clause: IRIs for http(s)/urn strings, else a string literal."""
    if isinstance(value, str) and re.match(r"^(https?|urn):\S+$", value):
        return f"<{value}>"
    return json.dumps(str(value), ensure_ascii=False)


class _Files:
    """SELECTs over the file graphs of a store: every named graph but the resolution graph.

    ``files("?m kg:refersTo ?d")`` wraps a pattern in its own ``GRAPH ?gN { ... }`` with the resolution graph
    filtered out, so that a fact the resolver stated last time is never read back as evidence.
    """

    def __init__(self, store):
        self.store = store
        self.names = itertools.count()

    def files(self, pattern: str) -> str:
        g = f"?g{next(self.names)}"
        return f"GRAPH {g} {{ {pattern} }} FILTER({g} != <{RESOLUTION_GRAPH}>)"

    def rows(self, variables: str, where: str, values: tuple[str, list] | None = None, tail: str = ""):
        """Tuples of Python values; ``values`` = (variable, list) adds a VALUES clause, in chunks."""
        if values is None:
            chunks = [""]
        else:
            name, items = values
            items = sorted(set(items))
            chunks = [f"VALUES {name} {{ {' '.join(map(_term, items[i:i + CHUNK]))} }}"
                      for i in range(0, len(items), CHUNK)]
        for chunk in chunks:
            query = f"SELECT {variables} WHERE {{ {chunk} {where} }} {tail}"
            solutions = self.store.query(query)
            width = range(len(solutions.variables))
            for solution in solutions:
                yield tuple(_value(solution[i]) for i in width)


# -- the resolver -----------------------------------------------------------------------------------------------

def resolve(store, base: str = iris.DEFAULT_BASE) -> Graph:
    """The resolution graph of ``store`` (a kg.store.GraphStore): see the module docstring for the rules."""
    return _Resolver(_Files(store), base).run()


class _Resolver:
    def __init__(self, files: _Files, base: str):
        self.q, self.base = files, base
        self.g = bind_namespaces(Graph(identifier=URIRef(RESOLUTION_GRAPH)))
        self.mentions: dict[str, Mention] = {}  # mentions their file left without kg:refersTo
        self.docs: dict[str, Document] = {}  # documents read on demand
        self.citing: dict[str, Citing] = {}  # source file -> its citing context
        self.resolved: dict[str, Resolved] = {}  # mention -> what the resolver found
        self.minted: dict[str, list[Mention]] = {}  # document node minted here -> its mentions
        self.minted_in: dict[str, str | None] = {}  # document node minted here -> its jurisdiction (local ones)
        self.edges: list[tuple[str, str, str]] = []  # relation edges between documents stated here
        self.unresolved: Counter = Counter()

    # -- reading -------------------------------------------------------------------------------------------

    def read_mentions(self) -> None:
        """The mentions without kg:refersTo in their file, with everything they say."""
        fields = ", ".join(f"kg:{name}" for name in MENTION_FIELDS)
        unresolved = [m for (m,) in self.q.rows("?m", self.q.files("?m a kg:Mention MINUS { ?m kg:refersTo ?d }"))]
        where = self.q.files(f"?m ?p ?o . FILTER(?p IN ({fields}, kg:source))")
        for iri, p, o in self.q.rows("?m ?p ?o", where, ("?m", unresolved)) if unresolved else ():
            mention = self.mentions.setdefault(iri, Mention(iri, ""))
            setattr(mention, MENTION_FIELDS.get(p[len(NS):], "source"), o)

    def read_documents(self, iris_: set[str]) -> None:
        """What the file graphs say about these documents (not read yet)."""
        todo = sorted(i for i in iris_ if i not in self.docs)
        for iri in todo:
            self.docs[iri] = Document(iri)
        if not todo:
            return
        fields = ", ".join(f"kg:{name}" for name in DOCUMENT_FIELDS)
        where = self.q.files(f"?d ?p ?o . FILTER(?p IN ({fields}, rdf:type))")
        for iri, p, o in self.q.rows("DISTINCT ?d ?p ?o", where, ("?d", todo)):
            if p == str(RDF.type):
                self.docs[iri].classes.add(o)
            else:
                self.docs[iri].set(DOCUMENT_FIELDS[p[len(NS):]], o)

    def read_citing(self, sources: set[str]) -> None:
        """The citing context of each source file: its document, date or year, jurisdiction, issuer."""
        todo = sorted(s for s in sources if s not in self.citing)
        if not todo:
            return
        read: dict[str, str] = {}
        for source, doc in self.q.rows("?src ?d", self.q.files("?d kg:readFrom ?src"), ("?src", todo)):
            read[source] = min(doc, read.get(source, doc))
        self.read_documents(set(read.values()))
        meetings = dict(self.q.rows("?src (MAX(?date) AS ?latest)", self.q.files(
            "?d kg:readFrom ?src . ?meeting kg:partOf ?d ; kg:meetingDate ?date"), ("?src", todo), "GROUP BY ?src"))
        cited = dict(self.q.rows("?src (MAX(?date) AS ?latest)", self.q.files(
            "?m kg:source ?src ; kg:citedDate ?date"), ("?src", todo), "GROUP BY ?src"))
        citing_dates = dict(self.q.rows("?src (MAX(?date) AS ?date)", self.q.files(
            "?m kg:source ?src ; kg:citingDate ?date"), ("?src", todo), "GROUP BY ?src"))
        for source in todo:
            doc = self.docs.get(read.get(source, ""))
            context = self.citing[source] = Citing(document=doc.iri if doc else None)
            if doc is None:
                continue
            context.date = citing_dates.get(source) or (min(doc.dates) if len(doc.dates) == 1 else None)
            context.year = year_of(context.date) or doc.year
            if context.year is None:  # a programme or notice without date: its meetings, its title, what it cites
                context.estimated = True
                context.year = (year_of(meetings.get(source)) or max(filter(None, map(named_year, doc.titles)),
                                                                     default=None)
                                or year_of(cited.get(source)))
            own = symbol_parts(doc.symbol)[2]
            context.issuers = (frozenset({code(own)}) if own else
                               frozenset().union(*map(issuer_codes, doc.issuer_names)))
            context.jurisdiction = canonical_jurisdiction(min(doc.jurisdictions)) if doc.jurisdictions else None

    def place(self, mention: Mention) -> str | None:
        """The jurisdiction a mention points into: the province its issuer names ("của UBND tỉnh Bắc Ninh"), else
        the citing document's (kg.graph.to_rdf gives cited local documents the same)."""
        return province(mention.issuer_name) or self.citing[mention.source].jurisdiction

    def candidates(self, where: str, values: tuple[str, list]) -> list[Document]:
        """Known documents (numbered symbol and year) matching ``where`` for ``values``."""
        found = {iri for (iri,) in self.q.rows("DISTINCT ?d", self.q.files(
            f"?d a kg:Document ; kg:symbol ?symbol ; kg:year ?year . {where}"), values)}
        self.read_documents(found)
        return [self.docs[i] for i in sorted(found) if self.docs[i].known]

    # -- rules for mentions ----------------------------------------------------------------------------------

    @staticmethod
    def not_after(doc: Document, citing: Citing) -> bool:
        if citing.year is None or doc.year is None:
            return True
        if doc.year != citing.year or not citing.date or not doc.dates:
            return doc.year <= citing.year
        return min(doc.dates) <= citing.date

    @staticmethod
    def prefer(docs: list[Document], citing: Citing, where: str | None) -> Document:
        """Same jurisdiction first, then the latest."""
        key = jurisdiction_key(where)
        return max(docs, key=lambda d: (key in d.places, d.year or 0, max(d.dates, default=""), d.iri))

    def by_year(self, mention: Mention, citing: Citing, known: dict[str, list[Document]]) -> Resolved | None:
        kind = code(mention.type_code)
        where = self.place(mention)
        candidates = [d for d in known.get(mention.symbol, ())
                      if (not kind or not d.type_code or code(d.type_code) == kind) and d.serves(where)
                      and (mention.year is None or d.year == mention.year) and self.not_after(d, citing)]
        estimate = 0.9 if citing.estimated else 1.0
        if candidates:
            best = self.prefer(candidates, citing, where)
            one = len({d.year for d in candidates}) == 1
            return Resolved(best.iri, "year-from-corpus", (0.95 if one else 0.75) * estimate)
        if citing.year is None:
            return None
        where = document_jurisdiction(mention.symbol, where)
        node = str(iris.document_iri(type_segment(mention.kind, mention.type_code, mention.symbol),
                                     mention.symbol, citing.year, self.base, where))
        self.minted.setdefault(node, []).append(mention)
        self.minted_in[node] = where
        own = compatible(citing.issuers, symbol_parts(mention.symbol)[2])
        return Resolved(node, "year-from-citing-document", (0.6 if own else 0.4) * estimate)

    def by_number(self, mention: Mention, citing: Citing, known: dict[tuple, list[Document]]) -> Resolved | None:
        issuers, where = mention.issuers, self.place(mention)
        candidates = [d for d in known.get((code(mention.type_code), (mention.number or "").lstrip("0")), ())
                      if (not issuers or compatible(issuers, d.issuer_code)) and d.serves(where)
                      and (mention.year is None or d.year == mention.year) and self.not_after(d, citing)]
        if not candidates:
            return None
        best = self.prefer(candidates, citing, where)
        confidence = (0.9 * (1.0 if issuers else 0.7) * (1.0 if len({d.symbol for d in candidates}) == 1 else 0.8)
                      * (0.9 if citing.estimated else 1.0))
        return Resolved(best.iri, "number-only-from-corpus", confidence)

    def by_subject(self, mention: Mention, citing: Citing, known: dict[str, list[Document]],
                   titles: dict[str, tuple]) -> Resolved | None:
        subject = mention.cited_title or mention.quote
        unigrams, bigrams = words(subject)
        if not unigrams:
            return None
        named = named_year(subject)
        years = ({named: 1.0, named - 1: 0.95} if named else
                 {citing.year: 1.0, citing.year - 1: 0.95} if citing.year else None)
        issuers, where = mention.issuers, self.place(mention)
        scored = []
        for doc in known.get(self.kind_of(mention), ()):
            if issuers and not compatible(issuers, doc.issuer_code):
                continue
            if (years is not None and doc.year not in years) or not self.not_after(doc, citing):
                continue
            if not doc.serves(where):
                continue
            if not (words_of := titles.get(doc.iri)):
                continue
            cover = len(unigrams & words_of[0]) / len(unigrams)
            pairs = len(bigrams & words_of[1]) / len(bigrams) if bigrams else cover
            scored.append((0.9 * (cover + pairs) / 2 * (years[doc.year] if years else 0.9), doc.iri))
        if not scored:
            return None
        scored.sort(reverse=True)
        score, best = scored[0]
        if len(scored) > 1 and scored[1][0] > score - 0.1:
            score *= 0.8
        return Resolved(best, "implicit-subject-match", score) if score >= 0.6 else None

    @staticmethod
    def kind_of(mention: Mention) -> str:
        return kind_key(document_class(mention.kind, mention.type_code), mention.type_code)

    @staticmethod
    def titles(docs: list[Document]) -> dict[str, tuple]:
        """The words of each document's titles: its own and the subjects its citations give it."""
        out = {}
        for doc in docs:
            pieces = [words(title) for title in sorted(doc.titles)]
            out[doc.iri] = (frozenset().union(*(a for a, _ in pieces)), frozenset().union(*(b for _, b in pieces)))
        return out

    def resolve_mentions(self) -> None:
        mentions = [self.mentions[i] for i in sorted(self.mentions)]
        self.read_citing({m.source for m in mentions})
        by_symbol: dict[str, list[Document]] = defaultdict(list)
        for doc in self.candidates("", ("?symbol", [m.symbol for m in mentions if m.symbol])):
            by_symbol[doc.symbol].append(doc)
        numbers = {n for m in mentions if m.number_only and not m.symbol and m.number
                   for n in {m.number.lstrip("0"), m.number.lstrip("0").zfill(2), m.number}}
        types = ", ".join(_term(c) for c in sorted({m.type_code for m in mentions if m.number_only and m.type_code}))
        by_number: dict[tuple, list[Document]] = defaultdict(list)
        for doc in self.candidates(f"?d kg:number ?number ; kg:typeCode ?type FILTER(?type IN ({types}))",
                                   ("?number", numbers)) if numbers and types else ():
            number, type_code, _ = symbol_parts(doc.symbol)
            by_number[(code(doc.type_code or type_code), (doc.number or number or "").lstrip("0"))].append(doc)
        for mention in mentions:
            citing = self.citing[mention.source]
            if mention.implicit:
                continue
            found = (self.by_year(mention, citing, by_symbol) if mention.symbol else
                     self.by_number(mention, citing, by_number) if mention.number_only and mention.number else None)
            if found is None:
                self.unresolved["symbol without a known document or citing year" if mention.symbol else
                                "number-only without a known document" if mention.number_only else "no symbol"] += 1
            else:
                self.resolved[mention.iri] = found
        implicit = [m for m in mentions if m.implicit]
        if not implicit:
            return
        classes = {document_class(m.kind, m.type_code) for m in implicit}
        codes = {c for m in implicit if (c := m.type_code or kind_code(document_class(m.kind, m.type_code)))}
        codes |= {c.replace("Đ", "D") for c in codes}
        kinds = [str(c) for c in classes if not kind_code(c) and c != KG.Document]  # laws: no type code
        years = {y for m in implicit for year in (named_year(m.cited_title or m.quote), self.citing[m.source].year)
                 if year for y in (year, year - 1)}
        in_years = f"FILTER(?year IN ({', '.join(map(str, sorted(years)))}))" if years else ""
        by_kind: dict[str, list[Document]] = defaultdict(list)
        found = self.candidates(f"?d kg:typeCode ?code {in_years}", ("?code", codes)) if codes else []
        found += self.candidates(f"?d a ?class {in_years}", ("?class", kinds)) if kinds else []
        for doc in found:
            for key in doc.kind_keys:
                by_kind[key].append(doc)
        titles = self.titles(found)
        for mention in implicit:
            result = self.by_subject(mention, self.citing[mention.source], by_kind, titles)
            if result is None:
                self.unresolved["implicit without a matching document"] += 1
            else:
                self.resolved[mention.iri] = result

    # -- writing ---------------------------------------------------------------------------------------------

    def add(self, s, p, o) -> None:
        self.g.add((URIRef(s) if isinstance(s, str) else s, p, o))

    def inferred(self, node, method: str, confidence: float | None = None) -> None:
        self.add(node, KG.inferred, Literal(True))
        self.add(node, KG.inferenceMethod, Literal(method))
        if confidence is not None:
            self.add(node, KG.confidence, Literal(round(confidence, 3), datatype=XSD.double))

    def write_mentions(self) -> None:
        for iri, found in sorted(self.resolved.items()):
            self.add(iri, KG.refersTo, URIRef(found.target))
            self.inferred(iri, found.method, found.confidence)
            document = self.citing[self.mentions[iri].source].document
            if document and document != found.target:
                self.add(document, KG.cites, URIRef(found.target))
        for node, mentions in sorted(self.minted.items()):
            first = min(mentions, key=lambda m: m.iri)
            number, type_code, _ = symbol_parts(first.symbol)
            type_code = first.type_code or type_code
            for cls in superclasses(document_class(first.kind, type_code)):
                self.add(node, RDF.type, cls)
            self.add(node, KG.symbol, Literal(first.symbol))
            self.add(node, KG.year, Literal(iris.document_year(node)))
            if self.minted_in.get(node):
                self.add(node, KG.jurisdiction, Literal(self.minted_in[node], lang="vi"))
            if type_code:
                self.add(node, KG.typeCode, Literal(type_code))
            if first.number or number:
                self.add(node, KG.number, Literal(first.number or number))
            label = f"{first.kind} {first.symbol}" if first.kind else first.symbol
            self.add(node, RDFS.label, Literal(label, lang="vi"))
            self.inferred(node, "year-from-citing-document")

    def write_completions(self) -> None:
        """A new statement for each statement whose open end is a mention resolved here.

        kg.graph.to_rdf resolves a statement's end whenever its file resolves the mention that names it, so the
        statements left open are those whose mention this resolver decided.
        """
        if not self.resolved:
            return
        found = {st for (st,) in self.q.rows("DISTINCT ?st", self.q.files(
            "{ ?st kg:objectMention ?m MINUS { ?st rdf:object ?y } } UNION "
            "{ ?st kg:subjectMention ?m MINUS { ?st rdf:subject ?y } }"), ("?m", list(self.mentions)))}
        open_end = self.q.files(
            "?st a kg:RelationStatement ; rdf:predicate ?p . OPTIONAL { ?st rdf:subject ?s } "
            "OPTIONAL { ?st rdf:object ?o } OPTIONAL { ?st kg:subjectMention ?sm } "
            "OPTIONAL { ?st kg:objectMention ?om } OPTIONAL { ?st kg:evidence ?e } OPTIONAL { ?st kg:statedIn ?task }")
        statements: dict[str, dict] = {}
        for st, p, s, o, sm, om, e, task in self.q.rows("DISTINCT ?st ?p ?s ?o ?sm ?om ?e ?task", open_end,
                                                       ("?st", found)) if found else ():
            entry = statements.setdefault(st, {"p": p, "s": s, "o": o, "sm": sm, "om": om, "e": set(), "task": task})
            entry["e"].add(e)
        ends = {m for entry in statements.values() for m in (entry["sm"], entry["om"]) if m}
        read = dict(self.q.rows("?m ?d", self.q.files("?m kg:refersTo ?d"), ("?m", ends))) if ends else {}
        for st, entry in sorted(statements.items()):
            (s, s_conf), (o, o_conf) = [(node, 1.0) if node else self.target(mention, read)
                                        for node, mention in ((entry["s"], entry["sm"]), (entry["o"], entry["om"]))]
            if s is None or o is None:
                self.unresolved["statement with an end still open"] += 1
                continue
            node = iris.completion_iri(st, self.base)
            for cls in superclasses(KG.RelationStatement):
                self.add(node, RDF.type, cls)
            for prop, value in ((RDF.subject, s), (RDF.predicate, entry["p"]), (RDF.object, o), (KG.completes, st),
                                (KG.statedIn, entry["task"]),
                                *((KG.evidence, e) for e in sorted(filter(None, entry["e"])))):
                if value:
                    self.add(node, prop, URIRef(value))
            self.inferred(node, "completed-from-mention", min(s_conf, o_conf))
            self.add(s, URIRef(entry["p"]), URIRef(o))
            if entry["p"] in CHANGES:
                self.edges.append((s, entry["p"], o))

    def target(self, mention: str | None, read: dict[str, str]) -> tuple[str | None, float]:
        """Where a mention points (its file's kg:refersTo, or the resolver's) and how sure that is."""
        if mention in read:
            return read[mention], 1.0
        if mention in self.resolved:
            return self.resolved[mention].target, self.resolved[mention].confidence
        return None, 0.0

    def citations(self, docs: list[str]) -> dict[str, list[Mention]]:
        """The mentions that refer to these documents in their files, with the date and issuer they give."""
        out: dict[str, list[Mention]] = defaultdict(list)
        where = self.q.files("?m kg:refersTo ?d . OPTIONAL { ?m kg:citedDate ?date } OPTIONAL { ?m kg:issuerName ?name }")
        for doc, iri, date, name in self.q.rows("DISTINCT ?d ?m ?date ?name", where, ("?d", docs)) if docs else ():
            source = iri.rsplit("/mention/", 1)[0]  # kg.graph.iris.mention_iri: {source}/mention/{start}-{end}
            out[doc].append(Mention(iri, source, cited_date=date, issuer_name=name))
        return {doc: sorted(found, key=lambda m: m.iri) for doc, found in out.items()}

    def write_conflicts(self) -> None:
        """Citations that disagree on a document's date or issuer, and years split by a misprinted date.

        Each file states on the node of a document it cites the date, issuer and subject it gives
        (kg.graph.to_rdf), so one scan of the nodes' dates and one grouped count of their issuer names find the
        documents to look at; only their mentions are read.
        """
        dates: dict[str, set] = defaultdict(set)
        for doc, date in self.q.rows("DISTINCT ?d ?date", self.q.files("?d kg:dateIssued ?date")):
            dates[doc].add(date)
        names = self.q.files("?d kg:issuerName ?name")
        several = [d for (d,) in self.q.rows("?d", names, None, "GROUP BY ?d HAVING (COUNT(DISTINCT ?name) > 1)")]
        named: dict[str, set] = defaultdict(set)
        for doc, name in self.q.rows("DISTINCT ?d ?name", names, ("?d", several)) if several else ():
            named[doc].add(name)
        disputed_names = {doc for doc, given in named.items() if len(name_clusters(sorted(given))) > 1}
        disputed_dates = {doc for doc, values in dates.items() if len(values) > 1}
        same_but_year: dict[str, list[str]] = defaultdict(list)  # IRIs that differ only in their year
        for doc in dates:
            if "/eli/" in doc:
                same_but_year[iris.without_year(doc)].append(doc)
        pairs = []
        for docs in same_but_year.values():
            for first, second in itertools.combinations(sorted(docs), 2):
                smaller, larger = sorted((dates[first], dates[second]), key=len)
                if all(d[4:] in {other[4:] for other in larger} for d in smaller):
                    pairs.append((first, second))
        citations = self.citations(sorted(disputed_dates | disputed_names | {d for pair in pairs for d in pair}))
        for doc in sorted(disputed_dates):
            dated = [m for m in citations.get(doc, []) if m.cited_date]
            if len({m.cited_date for m in dated}) > 1:
                self.conflict([doc], KG.dateIssued, {m.cited_date for m in dated}, dated)
        for doc in sorted(disputed_names):
            given = [m for m in citations.get(doc, []) if m.issuer_name]
            if len(name_clusters([m.issuer_name for m in given])) > 1:
                self.conflict([doc], KG.issuerName, {m.issuer_name for m in given}, given)
        for first, second in pairs:
            self.misprint(first, second, citations.get(first, []), citations.get(second, []))
        for node, mentions in sorted(self.minted.items()):  # what the citations of a minted node agree on
            for prop, values in ((KG.issuerName, [m.issuer_name for m in mentions if m.issuer_name]),
                                 (KG.title, [m.cited_title for m in mentions if m.cited_title])):
                if values and len({fold(v) for v in values}) == 1:
                    self.add(node, prop, Literal(min(values), lang="vi"))

    def misprint(self, first: str, second: str, cited_first: list[Mention], cited_second: list[Mention]) -> None:
        """One symbol, two years, one citing document that gives both dates on the same day and month, and every
        citation of one node on the day and month of a citation of the other: probably one document and a
        misprinted year. Across citing documents two such nodes stay apart (numbers restart every year)."""
        smaller, larger = sorted(([m for m in cited_first if m.cited_date], [m for m in cited_second if m.cited_date]),
                                 key=len)
        days = {m.cited_date[4:] for m in larger}
        if not smaller or not all(m.cited_date[4:] in days for m in smaller):
            return
        pairs = [(m1, m2) for m1 in smaller for m2 in larger
                 if m1.cited_date[4:] == m2.cited_date[4:] and m1.source == m2.source]
        if not pairs:
            return
        score, _, _, m1, m2 = max(
            (0.6 + 0.2 * bool(m1.issuers and m1.issuers == m2.issuers)
             + 0.2 * (abs(year_of(m1.cited_date) - year_of(m2.cited_date)) == 1), m1.iri, m2.iri, m1, m2)
            for m1, m2 in pairs)
        self.hypothesis(first, second, "date-misprint", 0.9 * score, (m1.iri, m2.iri))
        self.conflict([first, second], KG.dateIssued, {m1.cited_date, m2.cited_date}, [m1, m2])

    def conflict(self, about: list[str], prop: URIRef, values: set, evidence: list[Mention]) -> None:
        node = iris.conflict_iri(about, prop, self.base)
        self.add(node, RDF.type, KG.Conflict)
        for doc in about:
            self.add(node, KG.conflictAbout, URIRef(doc))
        self.add(node, KG.conflictProperty, prop)
        for value in sorted(values):
            self.add(node, KG.conflictingValue,
                     Literal(value, datatype=XSD.date) if prop == KG.dateIssued else Literal(value, lang="vi"))
        for mention in evidence:
            self.add(node, KG.evidence, URIRef(mention.iri))
        self.inferred(node, "conflicting-citations")

    def hypothesis(self, first: str, second: str, method: str, confidence: float, evidence=()) -> None:
        node = iris.identity_hypothesis_iri(first, second, self.base)
        a, b = sorted((first, second))
        self.add(node, RDF.type, KG.IdentityHypothesis)
        self.add(node, RDF.subject, URIRef(a))
        self.add(node, RDF.predicate, KG.probablySameAs)
        self.add(node, RDF.object, URIRef(b))
        for mention in sorted(evidence):
            self.add(node, KG.evidence, URIRef(mention))
        self.inferred(node, method, confidence)
        self.add(a, KG.probablySameAs, URIRef(b))
        self.add(b, KG.probablySameAs, URIRef(a))

    def drafts(self) -> None:
        """A draft with a blank number and the numbered document that carries out or changes the same thing."""
        found = {d for (d,) in self.q.rows("DISTINCT ?d", self.q.files("?d kg:isDraft true"))}
        self.read_documents(found)
        drafts = [self.docs[d] for d in sorted(found) if not symbol_parts(self.docs[d].symbol)[0]]
        if not drafts:
            return
        changes = ", ".join(f"<{p}>" for p in CHANGES)
        edges = list(self.edges)
        edges += self.q.rows("?d ?p ?t", self.q.files(f"?d ?p ?t . FILTER(?p IN ({changes}))"),
                             ("?d", [d.iri for d in drafts]))
        targets: dict[str, set] = defaultdict(set)
        for s, p, o in edges:
            targets[s].add((CHANGES[p], o))
        shared = {o for d in drafts for _, o in targets[d.iri]}
        if not shared:
            return
        doers: dict[tuple, set] = defaultdict(set)
        rows = list(self.q.rows("?d ?p ?t", self.q.files(f"?d ?p ?t . FILTER(?p IN ({changes}))"),
                                ("?t", sorted(shared))))
        for s, p, o in [*rows, *self.edges]:
            doers[(CHANGES[p], o)].add(s)
        others = {o for d in drafts for t in targets[d.iri] for o in doers[t]} - {d.iri for d in drafts}
        self.read_documents({o for o in others if o not in self.minted})
        kinds = set().union(*(d.kind_keys for d in drafts))
        numbered = {o: doc for o in sorted(others) if (doc := self.minted_document(o) or self.docs.get(o)) is not None
                    and not doc.draft and symbol_parts(doc.symbol)[0] and doc.kind_keys & kinds}
        citations = self.citations(sorted(numbered))
        for iri, found in sorted(self.resolved.items()):  # the citations decided here count too
            if found.target in numbered and not self.mentions[iri].implicit:
                citations.setdefault(found.target, []).append(self.mentions[iri])
        self.read_citing({m.source for ms in citations.values() for m in ms})
        tasks = {d.iri: sorted(d.planned_in) for d in drafts if d.planned_in and not d.year}
        planned_years = {}
        if tasks:
            rows = self.q.rows("?t ?src", self.q.files("?t kg:assignedIn ?doc . ?doc kg:readFrom ?src"),
                               ("?t", [t for ts in tasks.values() for t in ts]))
            by_task = dict(rows)
            self.read_citing(set(by_task.values()))
            planned_years = {d: self.citing[by_task[ts[0]]].year for d, ts in tasks.items() if ts[0] in by_task}
        for draft in drafts:
            year = draft.year or planned_years.get(draft.iri)
            issuers = ({code(draft.issuer_code)} if draft.issuer_code else
                       set().union(*map(issuer_codes, draft.issuer_names)))
            scored = []
            for other in sorted({o for t in targets[draft.iri] for o in doers[t]} & set(numbered)):
                doc = numbered[other]
                if not doc.kind_keys & draft.kind_keys:
                    continue
                if draft.places and not any(doc.serves(j) for j in draft.jurisdictions):
                    continue  # a local document of another province is another province's text
                cited_in = citations.get(other, [])
                first = min((y for m in cited_in if (y := self.citing[m.source].year)), default=doc.year)
                features = (0.4, 0.15 * bool(issuers and compatible(issuers, doc.issuer_code)),
                            0.15 * bool(draft.places & doc.places),
                            0.15 * bool(year and doc.year == year), 0.15 * bool(year and first and year <= first))
                scored.append((round(sum(features), 6), other, [m.iri for m in cited_in]))
            if not scored:
                continue
            top = max(score for score, _, _ in scored)
            best = [(other, evidence) for score, other, evidence in scored if score == top]
            if (confidence := 0.9 * top / len(best)) >= 0.6:
                for other, evidence in best:
                    self.hypothesis(draft.iri, other, "draft-identity", confidence, evidence)

    def minted_document(self, iri: str) -> Document | None:
        """A document node minted here, as the store will hold it."""
        if iri not in self.minted:
            return None
        mention = min(self.minted[iri], key=lambda m: m.iri)
        doc = Document(iri, symbol=mention.symbol, year=iris.document_year(iri), type_code=mention.type_code)
        doc.jurisdictions = {self.minted_in[iri]} if self.minted_in.get(iri) else set()
        return doc

    def run(self) -> Graph:
        self.read_mentions()
        self.resolve_mentions()
        self.write_mentions()
        self.write_completions()
        self.write_conflicts()
        self.drafts()
        if self.unresolved:
            log.info("resolution left unresolved: %s", dict(self.unresolved))
        return self.g
