"""Every IRI of the graph is minted here: deterministic, readable, ELI-like, percent-safe.

Documents are identified by kind, symbol and year, because administrative and Party numbers restart every
year (01/NQ-CP of 2023 and of 2024 are two documents), and a local issuer's by its jurisdiction too, because
every province numbers its own (02/KH-UBND of 2024 exists in each of them)::

    {base}eli/{type code}/{year}/{slug(symbol)}        https://w3id.org/kg-vn/eli/nq/2024/01-nq-cp (central issuer)
    {base}eli/{type code}/{year}/{slug(jurisdiction)}/{slug(symbol)}
                                                       https://w3id.org/kg-vn/eli/kh/2024/bac-ninh/02-kh-ubnd
    {base}eli/{type code}/undated/{slug(symbol)}       a symbol whose year nobody knows (never minted by to_graph)

Which issuers are local, and which jurisdiction a document gets, is decided by the caller
(kg.graph.matching.document_jurisdiction); a local document whose jurisdiction nobody knows keeps the first form.

What one file says lives under the file, whose IRI also names the graph that holds those triples::

    {base}source/{slug(path)}                          the file, and its named graph
    {base}source/{slug(path)}/document                 the file's document when it has no number or no year
    {base}source/{slug(path)}/task/{slug(label)}       a task or agenda item ("b-i-4"); a repeated label gets "--2"
    {base}source/{slug(path)}/mention/{start}-{end}    a mention of a document
    {base}source/{slug(path)}/evidence/{start}-{end}   any other span
    {base}source/{slug(path)}/meeting/{date}           a meeting ("undated" without a date; "--2" for a second one)
    {base}source/{slug(path)}/statement/{start}-{end}/{predicate}/{slug(object)}   ("--2": another subject)
    {base}source/{slug(path)}/role/{start}-{end}/{role}/{slug(agency)}   ("--2": same words, another task)
    {base}source/{slug(path)}/draft/{slug(description)}      a draft a task asks for
    {base}source/{slug(path)}/described/{slug(description)}  a document named by description only

Corpus-level nodes::

    {base}agency/{slug(jurisdiction)}/{slug(name)}     or {base}agency/{slug(name)} without jurisdiction
    {base}agency-group/{slug(jurisdiction)}/{slug(name)}
    {base}person/{slug(name)}
    {base}hypothesis/{digest}                          an identity hypothesis between two documents
    {base}resolution/statement/{digest}                the resolver's statement completing one read in a file
    {base}resolution/conflict/{digest}                 citations that disagree about one document

A slug is lowercase ASCII letters, digits and single hyphens: Vietnamese letters lose their accents (đ
becomes d), every other run of characters becomes one hyphen. A slug longer than 80 characters is cut and
ends with 8 hex digits of the SHA-1 of the whole slug, so it stays unique and stable. Slugs never hold two
hyphens in a row, which keeps the "--2" of a repeated name apart from every slug.
"""
from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.text import strip_marks

DEFAULT_BASE = "https://w3id.org/kg-vn/"
MAX_SLUG = 80

__all__ = [
    "DEFAULT_BASE",
    "agency_group_iri",
    "agency_iri",
    "completion_iri",
    "conflict_iri",
    "described_document_iri",
    "document_iri",
    "document_year",
    "draft_iri",
    "evidence_iri",
    "identity_hypothesis_iri",
    "meeting_iri",
    "mention_iri",
    "person_iri",
    "role_iri",
    "slug",
    "source_document_iri",
    "source_iri",
    "statement_iri",
    "task_iri",
    "without_year",
]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_length: int = MAX_SLUG) -> str:
    """``text`` as an IRI path segment: "04-NQ/BCSĐ" -> "04-nq-bcsd", "Sở Tư pháp" -> "so-tu-phap"."""
    plain = strip_marks(str(text))
    result = _NOT_SLUG.sub("-", plain.lower()).strip("-")
    if not result:
        raise ValueError(f"no letter or digit to make an IRI from: {text!r}")
    if len(result) > max_length:
        digest = hashlib.sha1(result.encode("utf-8")).hexdigest()[:8]
        result = f"{result[:max_length - 9].rstrip('-')}-{digest}"
    return result


def _base(base: str) -> str:
    if not re.match(r"^[a-z][a-z0-9+.-]*:", base):
        raise ValueError(f"an IRI base needs a scheme, e.g. {DEFAULT_BASE!r}: {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"


def _nth(segment: str, ordinal: int) -> str:
    if ordinal < 1:
        raise ValueError(f"ordinals start at 1: {ordinal}")
    return segment if ordinal == 1 else f"{segment}--{ordinal}"


def _span(start: int, end: int) -> str:
    if int(start) < 0 or int(end) < 0:
        raise ValueError(f"offsets are never negative: {start}-{end}")
    return f"{int(start)}-{int(end)}"


def document_iri(type_code: str | None, symbol: str, year: int | None, base: str = DEFAULT_BASE,
                 jurisdiction: str | None = None) -> URIRef:
    """A document by kind, symbol, year and, for a local issuer, jurisdiction:
    ``document_iri("NQ", "01/NQ-CP", 2024)`` -> ``.../eli/nq/2024/01-nq-cp``,
    ``document_iri("KH", "02/KH-UBND", 2024, jurisdiction="Bắc Ninh")`` -> ``.../eli/kh/2024/bac-ninh/02-kh-ubnd``.

    ``type_code`` is the symbol's type part (or, for a law, which has none, the kind name); without it the
    kind segment is "vb" (văn bản). ``year`` None gives the segment "undated". ``jurisdiction`` is given only
    for a document of a local issuer (kg.graph.matching.document_jurisdiction decides).
    """
    kind = slug(type_code) if type_code else "vb"
    when = "undated" if year is None else str(int(year))
    where = f"{slug(jurisdiction)}/" if jurisdiction else ""
    return URIRef(f"{_base(base)}eli/{kind}/{when}/{where}{slug(symbol)}")


_ELI = re.compile(r"/eli/(?P<kind>[^/]+)/(?P<year>[0-9]{4}|undated)/(?:(?P<jurisdiction>[^/]+)/)?(?P<symbol>[^/]+)$")


def document_year(iri: str) -> int | None:
    """The year segment of a document IRI (``.../eli/kh/2024/bac-ninh/02-kh-ubnd`` -> 2024), else None."""
    found = _ELI.search(str(iri))
    return int(found["year"]) if found and found["year"] != "undated" else None


def without_year(iri: str) -> str:
    """A document IRI with its year segment dropped: the key of nodes that differ only in their year."""
    return re.sub(r"(/eli/[^/]+)/(?:[0-9]{4}|undated)/", r"\1/", str(iri))


def source_iri(path: str, base: str = DEFAULT_BASE) -> URIRef:
    """A source file, and the named graph of what was extracted from it."""
    return URIRef(f"{_base(base)}source/{slug(path)}")


def _under(path: str, base: str, *segments: str) -> URIRef:
    return URIRef("/".join([source_iri(path, base), *segments]))


def source_document_iri(path: str, base: str = DEFAULT_BASE) -> URIRef:
    """The document a file holds when it has no number or no year to identify it by."""
    return _under(path, base, "document")


def task_iri(path: str, label: str, ordinal: int = 1, base: str = DEFAULT_BASE) -> URIRef:
    """A task or agenda item by its label; the second item with the same label has ``ordinal`` 2."""
    return _under(path, base, "task", _nth(slug(label), ordinal))


def mention_iri(path: str, start: int, end: int, base: str = DEFAULT_BASE) -> URIRef:
    """A mention of a document, by its span."""
    return _under(path, base, "mention", _span(start, end))


def evidence_iri(path: str, start: int, end: int, base: str = DEFAULT_BASE) -> URIRef:
    """Any other span of evidence (a task, a meeting, the sentence of a relation), by its span."""
    return _under(path, base, "evidence", _span(start, end))


def meeting_iri(path: str, date: str | None, ordinal: int = 1, base: str = DEFAULT_BASE) -> URIRef:
    """A meeting by its date; a second meeting on the same date has ``ordinal`` 2."""
    return _under(path, base, "meeting", _nth(slug(date) if date else "undated", ordinal))


def statement_iri(path: str, start: int, end: int, predicate: str, object_key: str, ordinal: int = 1,
                  base: str = DEFAULT_BASE) -> URIRef:
    """A relation statement by its evidence span, predicate and object (symbol, label or name)."""
    return _under(path, base, "statement", _span(start, end), slug(predicate), _nth(slug(object_key), ordinal))


def role_iri(path: str, start: int, end: int, role: str, agency: str, ordinal: int = 1,
             base: str = DEFAULT_BASE) -> URIRef:
    """The statement of an agency's role ("leads", "cooperates", ...) by the span that gives it."""
    return _under(path, base, "role", _span(start, end), slug(role), _nth(slug(agency), ordinal))


def draft_iri(path: str, description: str, base: str = DEFAULT_BASE) -> URIRef:
    """A draft or planned document that a task of the file asks for, by its description."""
    return _under(path, base, "draft", slug(description))


def described_document_iri(path: str, description: str, base: str = DEFAULT_BASE) -> URIRef:
    """A document the file names by description only ("Quy định về thời gian bán hàng ...")."""
    return _under(path, base, "described", slug(description))


def agency_iri(name: str, jurisdiction: str | None = None, base: str = DEFAULT_BASE) -> URIRef:
    """An agency by canonical name, under its province or ministry when it has one."""
    where = f"{slug(jurisdiction)}/" if jurisdiction else ""
    return URIRef(f"{_base(base)}agency/{where}{slug(name)}")


def agency_group_iri(name: str, jurisdiction: str | None = None, base: str = DEFAULT_BASE) -> URIRef:
    """A generic group of bodies ("các sở, ngành, địa phương"), kept apart from agencies."""
    where = f"{slug(jurisdiction)}/" if jurisdiction else ""
    return URIRef(f"{_base(base)}agency-group/{where}{slug(name)}")


def person_iri(name: str, base: str = DEFAULT_BASE) -> URIRef:
    """A person by name."""
    return URIRef(f"{_base(base)}person/{slug(name)}")


def identity_hypothesis_iri(first: str, second: str, base: str = DEFAULT_BASE) -> URIRef:
    """The hypothesis that two document IRIs denote one document; the same whichever comes first."""
    digest = hashlib.sha1("\n".join(sorted((str(first), str(second)))).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{_base(base)}hypothesis/{digest}")


def _digest(*keys: str) -> str:
    return hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:16]


def completion_iri(statement: str, base: str = DEFAULT_BASE) -> URIRef:
    """The resolver's statement that completes ``statement`` (a statement read in a file with an end left
    unresolved there); one per statement, so recomputing the resolution gives the same IRI."""
    return URIRef(f"{_base(base)}resolution/statement/{_digest(str(statement))}")


def conflict_iri(about: list[str] | tuple[str, ...], prop: str, base: str = DEFAULT_BASE) -> URIRef:
    """A record of citations that disagree on ``prop`` about the documents ``about`` (in any order)."""
    return URIRef(f"{_base(base)}resolution/conflict/{_digest(str(prop), *sorted(map(str, about)))}")
