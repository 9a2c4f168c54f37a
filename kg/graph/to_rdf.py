"""Turn the extraction of one source file into its triples.

``to_graph(extraction)`` returns an rdflib Graph whose identifier is ``source_iri(extraction.source)``: the store
puts it in that named graph, so replacing a file replaces exactly what was read from it. The graph holds the
file node, the document it holds, every mention (resolved to the cited document when its year is known), the
agencies, meetings, tasks and agenda items, and every relation twice: as a direct edge when both ends resolve
here, and as a kg:RelationStatement whose evidence span leads back to the sentence.

This function judges nothing: a record with a wrong span or a missing label still becomes triples, and
``ontology/shapes.ttl`` says what is wrong with them.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from functools import partial

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.graph import iris
from kg.graph.matching import canonical_jurisdiction, document_jurisdiction, province
from kg.graph.namespace import KG, bind_namespaces, document_class, kind_code, superclasses
from kg.records import THIS, Agency, Extraction, Meeting, Reference, Relation, Task

log = logging.getLogger(__name__)

__all__ = ["DOCUMENT_PREDICATES", "ROLE_PREDICATES", "to_deadline", "to_graph", "to_ntriples", "to_triples", "type_segment"]

DOCUMENT_PREDICATES = {
    "implements": KG.implements, "continues": KG.continues, "based_on": KG.basedOn, "replaces": KG.replaces,
    "amends": KG.amends, "repeals": KG.repeals, "issued_with": KG.issuedWith, "reports_on": KG.reportsOn,
}
ROLE_PREDICATES = {"leads": KG.leadAgency, "cooperates": KG.cooperatingAgency, "assigned": KG.assignedTo,
                   "prepares": KG.preparedBy}
GROUP_ROLE_PREDICATES = {"leads": KG.leadGroup, "cooperates": KG.cooperatingGroup, "assigned": KG.leadGroup,
                         "prepares": KG.preparedBy}
TASK_CLASSES = {"task": KG.Task, "agenda_item": KG.AgendaItem, "event": KG.Event}

_NORMATIVE_YEAR = re.compile(r"^\d+[a-zA-Z]?/(\d{4})/")
_STATE_TYPE = re.compile(r"^\d+[a-zA-Z]?/(?:\d{4}/)?([^-/\s]+)-")
_PARTY_TYPE = re.compile(r"^\d+[a-zA-Z]?-([^-/\s]+)/")
_SYMBOL_LIKE = re.compile(r"^\d+\S*[-/]\S+$")


def to_graph(extraction: Extraction, base: str = iris.DEFAULT_BASE) -> Graph:
    """The triples of one source file, in a Graph named ``source_iri(extraction.source, base)``."""
    graph = bind_namespaces(Graph(identifier=iris.source_iri(extraction.source, base)))
    for triple in to_triples(extraction, base):
        graph.add(triple)
    return graph


def to_triples(extraction: Extraction, base: str = iris.DEFAULT_BASE) -> list[tuple]:
    """The same triples as ``to_graph``, as a list of rdflib term tuples (what the store build writes)."""
    return _FileGraph(extraction, base).build()


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term) -> str:
    """One rdflib term in N-Triples syntax (rdflib's n3() writes multi-line literals as \"\"\"...\"\"\")."""
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_NT_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != str(XSD.string):
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, URIRef):
        return f"<{term}>"
    return term.n3()


def to_ntriples(triples) -> str:
    """N-Triples text of rdflib term tuples."""
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples)


def to_deadline(value: str) -> tuple[Literal, dt.date] | None:
    """A deadline string of the records as a typed literal and the last day of its period, or None.

    "2024-01-20" -> xsd:date, "2024-05" -> xsd:gYearMonth (ends 2024-05-31), "2026-Q1" -> kg:yearQuarter
    (ends 2026-03-31), "2024" -> xsd:gYear (ends 2024-12-31).
    """
    def month_end(year: str, month: int) -> dt.date:
        return dt.date(int(year), month, calendar.monthrange(int(year), month)[1])

    try:
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            return Literal(value, datatype=KG.yearQuarter), month_end(m[1], 3 * int(m[2]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return Literal(value, datatype=XSD.date), dt.date.fromisoformat(value)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return Literal(value, datatype=XSD.gYearMonth), month_end(m[1], int(m[2]))
        if re.fullmatch(r"\d{4}", value):
            return Literal(value, datatype=XSD.gYear), dt.date(int(value), 12, 31)
    except ValueError:
        pass
    return None


def _date(value: str | None) -> Literal | None:
    """An xsd:date literal for a valid YYYY-MM-DD, else None (a printed date can be impossible)."""
    if not value:
        return None
    try:
        return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        log.warning("not a date, left out: %r", value)
        return None


def _year_of(value: str | None) -> int | None:
    return int(value[:4]) if value and re.match(r"\d{4}", value) else None


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def _symbol_type(symbol: str | None) -> str | None:
    """The type part of a symbol: 01/NQ-CP -> NQ, 91/2019/NĐ-CP -> NĐ, 41-NQ/TW -> NQ; None for 31/2024/QH15."""
    m = (_STATE_TYPE.match(symbol) or _PARTY_TYPE.match(symbol)) if symbol else None
    return m[1] if m else None


def type_segment(kind: str | None, type_code: str | None, symbol: str | None) -> str | None:
    """The kind segment of a document IRI: the symbol's type code, else the code or name of its kind."""
    return type_code or _symbol_type(symbol) or kind_code(document_class(kind)) or kind or None


class _FileGraph:
    """Builds the graph of one extraction; one instance per call of ``to_graph``."""

    def __init__(self, extraction: Extraction, base: str):
        self.extraction, self.path, self.base = extraction, extraction.source, base
        self.src = iris.source_iri(self.path, base)
        self.triples: dict[tuple, None] = {}  # ordered set; rdflib's Graph.add costs ~15 us a triple more
        self.spans: dict[URIRef, tuple[int, int, str]] = {}  # evidence IRI -> start, end, longest quote
        self.mentions: list[tuple[Reference, URIRef]] = []
        self.implicit_mentions: list[tuple[Reference, URIRef]] = []  # documents named without a number
        self.agencies: dict[str, URIRef] = {}  # casefolded name or alias -> node
        self.tasks: dict[str, URIRef] = {}  # label -> node of the first task with that label
        self.meetings: list[tuple[Meeting, URIRef]] = []
        self.statements: dict[URIRef, tuple] = {}  # statement IRI -> what it states
        info = extraction.document
        # where the file's document belongs: the extractor's jurisdiction, else the province its issuer names
        self.jurisdiction = canonical_jurisdiction(info.jurisdiction) or province(info.issuer)
        year = info.year or _year_of(info.date) or _year_of(info.date_partial)
        segment = self.type_segment(info.kind, info.type_code, info.symbol)
        self.doc = (iris.document_iri(segment, info.symbol, year, base,
                                      document_jurisdiction(info.symbol, self.jurisdiction))
                    if info.symbol and info.number and year else iris.source_document_iri(self.path, base))

    # -- helpers ---------------------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o) -> None:
        """Add a triple unless the object is missing (None or empty)."""
        if o is not None and o != "":
            self.triples[(s, p, o)] = None

    def fill(self, node: URIRef, pairs, make=Literal) -> None:
        """Add ``make(value)`` for each (property, value) pair whose value is given."""
        for prop, value in pairs:
            if value is not None and value != "":
                self.triples[(node, prop, make(value))] = None

    def typed(self, node: URIRef, cls: URIRef) -> URIRef:
        for c in superclasses(cls):
            self.triples[(node, RDF.type, c)] = None
        return node

    def span(self, start: int, end: int, quote: str = "") -> URIRef:
        node = iris.evidence_iri(self.path, start, end, self.base)
        old = self.spans.get(node, (start, end, ""))[2]
        self.spans[node] = (start, end, quote if len(quote) > len(old) else old)
        return node

    def unique(self, mint, key: tuple) -> URIRef:
        """The first IRI ``mint(ordinal)`` that is free or already names the statement of ``key``."""
        ordinal = 1
        while self.statements.setdefault(node := mint(ordinal), key) != key:
            ordinal += 1
        return node

    type_segment = staticmethod(type_segment)

    def where(self, symbol: str, refs) -> str | None:
        """The jurisdiction of a cited document of a local issuer (None for a central one): the province its
        mention's issuer names ("của UBND tỉnh Bắc Ninh"), else the citing document's. ``refs`` are the mentions
        that name it: the first that names a province decides."""
        named = next((found for r in refs if r is not None and (found := province(r.issuer))), None)
        return document_jurisdiction(symbol, named, self.jurisdiction)

    def cited(self, symbol: str, year: int, kind: str | None, type_code: str | None,
              number: str | None = None, date: str | None = None, ref: Reference | None = None,
              jurisdiction: str | None = None) -> URIRef:
        """The node of a document some mention or relation names, typed with what is said of it: its kind,
        symbol, year, jurisdiction (a local document), date and, from a mention, the issuer and subject this
        file gives it. Citations that disagree show as several values in the union of the files; corpus
        resolution records the conflict."""
        type_code = type_code or _symbol_type(symbol)
        node = iris.document_iri(self.type_segment(kind, type_code, symbol), symbol, year, self.base, jurisdiction)
        self.typed(node, document_class(kind, type_code))
        self.fill(node, ((KG.symbol, symbol), (KG.year, year), (KG.typeCode, type_code), (KG.number, number)))
        self.add(node, KG.jurisdiction, _vi(jurisdiction) if jurisdiction else None)
        self.add(node, KG.dateIssued, _date(date) if _year_of(date) == year else None)
        self.add(node, RDFS.label, _vi(f"{kind} {symbol}" if kind else symbol))
        if ref is not None and node != self.doc:
            self.fill(node, ((KG.issuerName, ref.issuer), (KG.title, ref.subject)), make=_vi)
        return node

    def resolve(self, symbol: str | None, date: str | None = None, ref: Reference | None = None) -> URIRef | None:
        """The node of a symbol when its year is known here: from the date, the mention, a normative symbol,
        or the one year the file's mentions of it in the same jurisdiction give it (a local symbol cited for
        two provinces is two documents)."""
        if not symbol:
            return None
        refs = [r for r, _ in self.mentions if r.symbol == symbol]
        named = ref is not None and ref.symbol == symbol
        if named:  # the mention that names it decides the jurisdiction, and only its jurisdiction's mentions count
            where = self.where(symbol, [ref])
            refs = [r for r in refs if self.where(symbol, [r]) == where]
        year = (_year_of(date) or (ref.year if named else None)
                or (int(m[1]) if (m := _NORMATIVE_YEAR.match(symbol)) else None))
        if year is None:
            years = {r.year for r in refs if r.year}
            if len(years) != 1:
                return None
            year = years.pop()
        same = [r for r in refs if r.year == year] or refs
        kind = next((r.kind for r in same if r.kind), None)
        type_code = next((r.type_code for r in same if r.type_code), None)
        if not named:  # the one jurisdiction the file's mentions of it give, else the file's own
            found = {self.where(symbol, [r]) for r in same}
            where = found.pop() if len(found) == 1 else self.where(symbol, [])
        return self.cited(symbol, year, kind, type_code, date=date, jurisdiction=where)

    def mention_of(self, symbol: str | None, start: int, end: int) -> URIRef | None:
        """The mention of ``symbol`` inside the span, else overlapping it."""
        inside = [m for r, m in self.mentions if r.symbol == symbol and start <= r.start and r.end <= end]
        overlap = [m for r, m in self.mentions if r.symbol == symbol and r.start < end and start < r.end]
        return (inside or overlap or [None])[0] if symbol else None

    def agency(self, name: str, jurisdiction: str | None = None, group: bool = False) -> URIRef:
        """The node of an agency (or group) by name or alias; made from the name alone if no record lists it."""
        if (known := self.agencies.get(name.casefold())) is not None:
            return known
        mint = iris.agency_group_iri if group else iris.agency_iri
        node = self.typed(mint(name, jurisdiction, self.base), KG.AgencyGroup if group else KG.Agency)
        self.add(node, RDFS.label, _vi(name))
        self.agencies[name.casefold()] = node
        return node

    def record_node(self, agency: Agency) -> URIRef:
        mint = iris.agency_group_iri if agency.is_group else iris.agency_iri
        return mint(agency.name, agency.jurisdiction, self.base)

    def person(self, name: str) -> URIRef:
        node = self.typed(iris.person_iri(name, self.base), KG.Person)
        self.add(node, RDFS.label, _vi(name))
        return node

    def statement(self, node: URIRef, subject: URIRef | None, predicate: URIRef, obj: URIRef | None,
                  evidence: URIRef, task: URIRef | None = None, inferred: bool = False, edge: bool = True) -> URIRef:
        """A kg:RelationStatement, plus the direct edge when both ends are nodes (and ``edge``)."""
        self.typed(node, KG.RelationStatement)
        for prop, value in ((RDF.subject, subject), (RDF.predicate, predicate), (RDF.object, obj),
                            (KG.evidence, evidence), (KG.statedIn, task), (KG.inferred, Literal(inferred))):
            self.add(node, prop, value)
        if edge and subject is not None and obj is not None:
            self.triples[(subject, predicate, obj)] = None
        return node

    # -- the parts of the file -------------------------------------------------------------------------

    def build(self) -> Graph:
        x = self.extraction
        for agency in x.agencies:  # names first, then aliases: a name never loses to another body's alias
            self.agencies.setdefault(agency.name.casefold(), self.record_node(agency))
        for agency in x.agencies:
            for alias in agency.aliases:
                self.agencies.setdefault(alias.casefold(), self.record_node(agency))
        self.typed(self.src, KG.SourceFile)
        self.fill(self.src, ((KG.path, x.source), (KG.sha256, x.sha256), (RDFS.label, x.source),
                             (KG.textLength, x.text_length or None)))
        self.add_document()
        for ref in x.references:
            self.add_mention(ref)
        for ref in x.implicit_references:
            self.add_implicit_mention(ref)
        for agency in x.agencies:
            self.add_agency(agency)
        for meeting in x.meetings:
            self.add_meeting(meeting)
        labels: dict[str, int] = {}
        for task, node in [(task, self.add_task(task, labels)) for task in x.tasks]:
            self.add_task_implements(task, node)
        for relation in x.relations:
            self.add_relation(relation)
        for agency in x.agencies:
            self.add_roles(agency)
        for node, (start, end, quote) in self.spans.items():
            self.typed(node, KG.Evidence)
            self.fill(node, ((KG.source, self.src), (KG.start, Literal(start)), (KG.end, Literal(end)),
                             (KG.quote, Literal(quote) if quote else None)), make=lambda value: value)
        return list(self.triples)

    def add_document(self) -> None:
        info, doc = self.extraction.document, self.doc
        self.typed(doc, document_class(info.kind, info.type_code))
        year = info.year or _year_of(info.date) or _year_of(info.date_partial)
        self.add(doc, KG.readFrom, self.src)
        self.fill(doc, ((KG.symbol, info.symbol), (KG.number, info.number), (KG.year, year),
                        (KG.typeCode, info.type_code), (KG.isDraft, bool(info.is_draft))))
        self.add(doc, KG.dateIssued, _date(info.date))
        self.fill(doc, ((RDFS.label, " ".join(p for p in (info.kind, info.symbol) if p)), (KG.title, info.title),
                        (KG.issuerName, info.issuer), (KG.place, info.place), (KG.jurisdiction, self.jurisdiction),
                        (KG.signerPosition, info.signer_position), (KG.signatureBlock, info.signature_block),
                        *((KG.recipient, recipient) for recipient in info.recipients)), make=_vi)
        self.add(doc, KG.issuer, self.agency(info.issuer, info.jurisdiction) if info.issuer else None)
        self.add(doc, KG.signer, self.person(info.signer) if info.signer else None)

    def add_mention(self, ref: Reference) -> None:
        node = self.typed(iris.mention_iri(self.path, ref.start, ref.end, self.base), KG.Mention)
        self.mentions.append((ref, node))
        self.add(node, KG.source, self.src)
        self.fill(node, ((KG.start, ref.start), (KG.end, ref.end), (KG.quote, ref.text),
                         (KG.numberOnly, ref.number_only), (KG.printedSymbol, ref.printed_symbol),
                         (KG.symbol, ref.symbol), (KG.number, ref.number), (KG.typeCode, ref.type_code),
                         (KG.issuerCode, ref.issuer_code), (KG.family, ref.family), (KG.year, ref.year)))
        self.fill(node, ((KG.kindName, ref.kind), (KG.issuerName, ref.issuer), (KG.citedTitle, ref.subject),
                         (KG.resolvedFrom, ref.resolved_from)), make=_vi)
        self.add(node, KG.citedDate, _date(ref.date))
        self.add(node, KG.citingDate, _date(self.extraction.document.date))
        self.add(self.doc, KG.mentions, node)
        if ref.symbol and ref.year:  # else corpus resolution adds kg:refersTo later, marked inferred
            cited = self.cited(ref.symbol, ref.year, ref.kind, ref.type_code, ref.number, ref.date, ref,
                               self.where(ref.symbol, [ref]))
            self.add(node, KG.refersTo, cited)
            if cited != self.doc:
                self.add(self.doc, KG.cites, cited)
            if ref.number_only:
                method = f"number-only mention, symbol resolved from {ref.resolved_from or 'another document'}"
                self.fill(node, ((KG.inferred, True), (KG.inferenceMethod, method)))

    def add_implicit_mention(self, ref: Reference) -> None:
        """A document named without a number ("Nghị quyết của Chính phủ về ... năm 2024"): a kg:Mention with
        kg:implicit true, its kind, issuer and subject, and no symbol, year or kg:refersTo. Corpus resolution
        links it to the document whose title matches (kg.graph.resolution)."""
        node = self.typed(iris.mention_iri(self.path, ref.start, ref.end, self.base), KG.Mention)
        self.implicit_mentions.append((ref, node))
        self.add(node, KG.source, self.src)
        self.fill(node, ((KG.start, ref.start), (KG.end, ref.end), (KG.quote, ref.text), (KG.implicit, True),
                         (KG.typeCode, ref.type_code), (KG.issuerCode, ref.issuer_code)))
        self.fill(node, ((KG.kindName, ref.kind), (KG.issuerName, ref.issuer), (KG.citedTitle, ref.subject)),
                  make=_vi)
        self.add(node, KG.citedDate, _date(ref.date))
        self.add(node, KG.citingDate, _date(self.extraction.document.date))
        self.add(self.doc, KG.mentions, node)

    def add_agency(self, agency: Agency) -> None:
        node = self.typed(self.record_node(agency), KG.AgencyGroup if agency.is_group else KG.Agency)
        self.fill(node, ((RDFS.label, agency.name), (KG.jurisdiction, agency.jurisdiction),
                         *((SKOS.altLabel, alias) for alias in agency.aliases if alias != agency.name)), make=_vi)
        self.fill(node, ((KG.category, agency.category),))

    def add_meeting(self, meeting: Meeting) -> None:
        ordinal = 1 + sum(1 for m, _ in self.meetings if m.date == meeting.date)
        node = self.typed(iris.meeting_iri(self.path, meeting.date, ordinal, self.base), KG.Meeting)
        self.meetings.append((meeting, node))
        self.add(node, KG.partOf, self.doc)
        self.add(node, KG.meetingDate, _date(meeting.date))
        self.fill(node, ((KG.title, meeting.title), (RDFS.label, meeting.title),
                         (KG.chairPosition, meeting.chair_position)), make=_vi)
        self.add(node, KG.chair, self.person(meeting.chair) if meeting.chair else None)
        if meeting.end > meeting.start:
            self.add(node, KG.evidence, self.span(meeting.start, meeting.end))

    def meeting_of(self, task: Task) -> URIRef | None:
        """The meeting an agenda item belongs to: the one that lists its label, else the one on its date."""
        listed = [node for m, node in self.meetings if task.label and task.label in m.items]
        dated = [node for m, node in self.meetings if task.meeting_date and m.date == task.meeting_date]
        return (listed or dated or [None])[0]

    def add_task(self, task: Task, labels: dict[str, int]) -> URIRef:
        key = task.label or f"at-{task.start}"
        labels[key] = labels.get(key, 0) + 1
        node = self.typed(iris.task_iri(self.path, key, labels[key], self.base), TASK_CLASSES.get(task.kind, KG.Task))
        self.tasks.setdefault(key, node)
        self.fill(node, ((KG.label, task.label),))
        self.fill(node, ((RDFS.label, " ".join(p for p in (task.label, task.text) if p)),), make=_vi)
        self.add(node, KG.assignedIn, self.doc)
        self.add(node, KG.evidence, self.span(task.start, task.end))
        meeting = self.meeting_of(task) if task.kind == "agenda_item" else None
        self.add(node, KG.partOf, meeting or self.doc)
        if meeting is not None:
            self.add(meeting, KG.agendaItem, node)
        self.add(node, KG.meetingDate, _date(task.meeting_date))
        lead = KG.preparedBy if task.kind == "agenda_item" else KG.leadAgency  # an agenda item's lead prepares it
        for prop, names, group in ((lead, task.lead, False), (KG.cooperatingAgency, task.cooperating, False),
                                   (KG.leadGroup, task.lead_groups, True)):
            for name in names:
                self.add(node, prop, self.agency(name, group=group))
        if task.deadline and (deadline := to_deadline(task.deadline)) is None:
            log.warning("%s: task %s: not a deadline, left out: %r", self.path, key, task.deadline)
        elif task.deadline:
            self.add(node, KG.deadline, deadline[0])
            self.add(node, KG.deadlineEnd, Literal(deadline[1].isoformat(), datatype=XSD.date))
        for ref, mention in self.mentions + self.implicit_mentions:
            if task.start <= ref.start and ref.end <= task.end:
                self.add(node, KG.mentions, mention)
        return node

    def add_task_implements(self, task: Task, node: URIRef) -> None:
        """kg:taskImplements edges, each with a statement whose evidence is the object's mention in the task."""
        for symbol in dict.fromkeys(task.implements):
            mention = None if symbol == THIS else self.mention_of(symbol, task.start, task.end)
            ref = next((r for r, m in self.mentions if m == mention), None)  # its date decides between years
            obj = self.doc if symbol == THIS else self.resolve(symbol, ref=ref)
            statement = iris.statement_iri(self.path, task.start, task.end, "task-implements",
                                           "this" if symbol == THIS else symbol, base=self.base)
            self.statement(statement, node, KG.taskImplements, obj, mention or self.span(task.start, task.end), node)
            self.add(statement, KG.objectSymbol, Literal(symbol) if obj is None else None)
            self.add(statement, KG.objectMention, mention)

    def subject_of(self, relation: Relation) -> tuple[URIRef | None, URIRef | None]:
        """The subject node of a relation (None while unresolved) and the mention that names it."""
        if relation.subject_kind == "this" or relation.subject == THIS:
            return self.doc, None
        if not relation.subject:
            return None, None
        mention = self.mention_of(relation.subject, relation.start, relation.end)
        if relation.subject_kind != "draft" and (mention or _SYMBOL_LIKE.match(relation.subject)):
            ref = next((r for r, m in self.mentions if m == mention), None)  # its date decides between years
            return self.resolve(relation.subject, ref=ref), mention
        draft = relation.subject_kind == "draft"
        mint = iris.draft_iri if draft else iris.described_document_iri
        node = self.typed(mint(self.path, relation.subject, self.base), document_class(relation.subject))
        self.add(node, RDFS.label, _vi(relation.subject))
        self.add(node, KG.evidence, self.span(relation.start, relation.end, relation.evidence))
        if draft:
            self.add(node, KG.isDraft, Literal(True))
            self.add(node, KG.plannedIn, self.tasks.get(relation.task) if relation.task else None)
        return node, None

    def add_relation(self, relation: Relation) -> None:
        predicate = DOCUMENT_PREDICATES.get(relation.predicate)
        if predicate is None:
            log.warning("%s: unknown predicate, relation left out: %r", self.path, relation.predicate)
            return
        subject, subject_mention = self.subject_of(relation)
        index, implicit = relation.object_mention, relation.object_implicit
        if index is not None and 0 <= index < len(self.mentions):
            ref, mention = self.mentions[index]
        elif relation.object is None and implicit is not None and 0 <= implicit < len(self.implicit_mentions):
            ref, mention = self.implicit_mentions[implicit]  # the object is named without a number
        else:
            ref, mention = None, self.mention_of(relation.object, relation.start, relation.end)
        obj = self.resolve(relation.object, relation.object_date, ref)
        task = self.tasks.get(relation.task) if relation.task else None
        node = self.unique(partial(iris.statement_iri, self.path, relation.start, relation.end, relation.predicate,
                                   relation.object or (ref.text if ref else "unknown"), base=self.base),
                           (subject or relation.subject, predicate, obj or relation.object or mention, task))
        evidence = self.span(relation.start, relation.end, relation.evidence)
        self.statement(node, subject, predicate, obj, evidence, task, relation.inferred)
        self.add(node, KG.subjectSymbol, Literal(relation.subject) if subject is None and relation.subject else None)
        self.add(node, KG.objectSymbol, Literal(relation.object) if obj is None and relation.object else None)
        self.add(node, KG.subjectMention, subject_mention)
        self.add(node, KG.objectMention, mention)

    def add_roles(self, agency: Agency) -> None:
        """One statement per role an agency is given, with the words that give it."""
        node = self.record_node(agency)
        table = GROUP_ROLE_PREDICATES if agency.is_group else ROLE_PREDICATES
        for role in agency.role_evidence:
            if (predicate := table.get(role.role)) is None:
                log.warning("%s: unknown role of %s, left out: %r", self.path, agency.name, role.role)
                continue
            task = self.tasks.get(role.task) if role.task else None
            statement = self.unique(partial(iris.role_iri, self.path, role.start, role.end, role.role, agency.name,
                                            base=self.base), (task, predicate, node))
            # without a task the role is the document's: reified only, since these properties are on tasks
            self.statement(statement, task or self.doc, predicate, node, self.span(role.start, role.end), task,
                           edge=task is not None)
