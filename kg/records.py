"""The records that extraction produces and the graph layer consumes.

These frozen dataclasses are the contract between the two halves of the project: the
extractor (spaCy) fills them, the graph layer (rdflib) turns them into triples, and
``kg extract --format json`` prints their JSON form. Every span is a pair of Python ``str``
offsets into the *original* text of the source file, as it was read.

Keys may be added to the JSON form, never removed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# Subjects of a relation that are not a numbered document.
THIS = "THIS"

PREDICATES = (
    "implements",
    "continues",
    "based_on",
    "replaces",
    "amends",
    "repeals",
    "issued_with",
    "reports_on",
)

ROLES = ("leads", "cooperates", "assigned", "prepares")


@dataclass(frozen=True)
class DocumentInfo:
    """What a document says about itself: header, title and signature block."""

    kind: str | None = None  # Vietnamese kind name, e.g. "Kế hoạch"
    type_code: str | None = None  # the symbol's type part, e.g. "KH"
    symbol: str | None = None  # canonical symbol; "/KH-UBND" when the number is blank
    number: str | None = None
    date: str | None = None  # YYYY-MM-DD
    date_partial: str | None = None  # YYYY-MM or YYYY when the day is blank (drafts)
    year: int | None = None
    place: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None  # province or ministry the issuer belongs to, e.g. "Bắc Ninh"
    title: str | None = None  # the subject line under the kind word
    signer: str | None = None
    signer_position: str | None = None
    signature_block: str | None = None  # e.g. "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"
    is_draft: bool = False
    recipients: tuple[str, ...] = ()  # the "Nơi nhận" list, never tasks


@dataclass(frozen=True)
class Reference:
    """A mention of a numbered document."""

    start: int
    end: int
    text: str
    kind: str | None  # Vietnamese kind name, e.g. "Nghị quyết"
    symbol: str | None  # canonical symbol, e.g. "01/NQ-CP", "233-NQ/TU"
    printed_symbol: str | None  # the characters as printed (layout breaks removed)
    number: str | None
    type_code: str | None  # "NQ", "KH", ...
    issuer_code: str | None  # "CP", "TU", "UBND", ...
    family: str | None  # "normative" | "administrative" | "party" | "letter"
    year: int | None  # from the symbol (normative) or the date
    date: str | None  # YYYY-MM-DD as printed
    issuer: str | None  # as printed, after or before the mention or shared by a list
    issuer_source: str | None = None  # "after" | "before" | "shared" | "symbol"
    subject: str | None = None  # the "về ..." phrase that follows, if any
    number_only: bool = False  # "Chỉ thị số 19": the symbol was resolved elsewhere
    resolved_from: str | None = None  # source of the symbol of a number-only mention
    implicit: bool = False  # "Nghị quyết của Chính phủ về ... năm 2024": no number at all


@dataclass(frozen=True)
class AgencyRole:
    """One role of an agency, with the words that give it."""

    role: str  # one of ROLES
    start: int
    end: int
    task: str | None = None  # label of the task or agenda item


@dataclass(frozen=True)
class Agency:
    """A state body named in the document, with its roles in it."""

    name: str  # canonical name
    aliases: tuple[str, ...] = ()  # the forms printed in the document
    roles: tuple[str, ...] = ()
    category: str | None = None  # "state", "party", "mass_organisation", "enterprise", ...
    jurisdiction: str | None = None  # the province of a provincial body ("Sở Tài chính" of which tỉnh)
    role_evidence: tuple[AgencyRole, ...] = ()
    is_group: bool = False  # "các sở, ngành, địa phương": several bodies, not one


@dataclass(frozen=True)
class Task:
    """A numbered item that assigns work, or an agenda item of a meeting."""

    label: str | None  # hierarchical label, e.g. "B.I.4", "1.(3)", "III.1"
    start: int
    end: int
    lead: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    lead_groups: tuple[str, ...] = ()
    deadline: str | None = None  # "2024-01-20", "2024-05", "2026-Q1", "2024"
    implements: tuple[str, ...] = ()  # canonical symbols (or THIS) it carries out
    mentions: tuple[str, ...] = ()  # every symbol cited inside the item
    kind: str = "task"  # "task" | "agenda_item" | "event"
    meeting_date: str | None = None
    decision: str | None = None  # for an agenda item: what the meeting decided ("nhất trí thông qua", ...)
    text: str = ""  # the first words of the item, for people


@dataclass(frozen=True)
class Item:
    """A numbered item of the document's structure ("B.I.4", "1.(3)", "Điều 2"): the tree of the text."""

    label: str
    start: int
    end: int
    parent: str | None = None  # label of the enclosing item
    is_task: bool = False


@dataclass(frozen=True)
class Meeting:
    date: str | None
    title: str | None
    chair: str | None = None
    chair_position: str | None = None
    start: int = 0
    end: int = 0
    items: tuple[str, ...] = ()  # labels of its agenda items


@dataclass(frozen=True)
class Relation:
    """A document-to-document relation stated in the text."""

    subject: str  # THIS, a canonical symbol, or a described draft
    predicate: str  # one of PREDICATES
    object: str | None  # canonical symbol; None while unresolved (number-only or implicit object)
    start: int  # the evidence span
    end: int
    subject_kind: str = "this"  # "this" | "document" | "draft"
    task: str | None = None
    object_date: str | None = None
    object_mention: int | None = None  # index of the object's mention in Extraction.references
    object_implicit: int | None = None  # index of the object in Extraction.implicit_references
    subject_mention: int | None = None  # index of the subject's mention when the subject is a document
    inferred: bool = False
    evidence: str = ""  # always text[start:end] of the original text


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one source file."""

    source: str
    sha256: str
    document: DocumentInfo
    references: tuple[Reference, ...] = ()
    agencies: tuple[Agency, ...] = ()
    tasks: tuple[Task, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    relations: tuple[Relation, ...] = ()
    implicit_references: tuple[Reference, ...] = ()  # documents named without a number, for resolution
    items: tuple[Item, ...] = ()  # the numbered items as a tree (parent labels)
    text_length: int = 0

    def to_json(self) -> dict[str, Any]:
        """The JSON form printed by ``kg extract --format json``."""
        data = asdict(self)
        data["agencies"] = [a for a in data["agencies"] if not a["is_group"]]
        data["agency_groups"] = [a for a in asdict(self)["agencies"] if a["is_group"]]
        return data


def from_json(data: dict[str, Any]) -> Extraction:
    """Rebuild an Extraction from its JSON form (the inverse of ``to_json``)."""
    agencies = [
        Agency(**{**a, "aliases": tuple(a["aliases"]), "roles": tuple(a["roles"]),
                  "role_evidence": tuple(AgencyRole(**r) for r in a["role_evidence"])})
        for a in data["agencies"] + data.get("agency_groups", [])
    ]
    doc = dict(data["document"])
    doc["recipients"] = tuple(doc.get("recipients", ()))
    return Extraction(
        source=data["source"],
        sha256=data["sha256"],
        document=DocumentInfo(**doc),
        references=tuple(Reference(**r) for r in data["references"]),
        agencies=tuple(agencies),
        tasks=tuple(Task(**{**t, **{k: tuple(t[k]) for k in
                                   ("lead", "cooperating", "lead_groups", "implements", "mentions")}})
                    for t in data["tasks"]),
        meetings=tuple(Meeting(**{**m, "items": tuple(m["items"])}) for m in data["meetings"]),
        relations=tuple(Relation(**r) for r in data["relations"]),
        implicit_references=tuple(Reference(**r) for r in data.get("implicit_references", [])),
        items=tuple(Item(**i) for i in data.get("items", [])),
        text_length=data.get("text_length", 0),
    )
