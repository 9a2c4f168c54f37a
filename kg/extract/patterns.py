"""Load the pattern data in kg/patterns/: the vocabulary a domain expert extends.

Each loader reads one file once per process. The files are plain CSV so that a legal officer
can add a document kind, an issuer code, an agency alias or a cue phrase without touching code.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of one CSV file of kg/patterns/."""
    with open(PATTERNS_DIR / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def lower_view(text: str) -> str:
    """``text.lower()`` when it keeps every offset (always for Vietnamese), else ``text`` itself.

    Whole-text scans match lower-case patterns on it: Python's case-insensitive matching of non-ASCII
    text is several times slower than a plain match."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


def fold_d(text: str) -> str:
    """Fold Đ/đ to D/d: printed symbols often use D for Đ ("BCSD" for "BCSĐ")."""
    return text.replace("Đ", "D").replace("đ", "d")


@dataclass(frozen=True)
class DocumentKind:
    code: str  # the type part of a symbol: "NQ", "QĐ", "TTr"
    name_vi: str  # "Nghị quyết"
    name_en: str
    ontology_class: str  # local name of the class in ontology/kg.ttl
    phrases: tuple[str, ...]  # words that name the kind in running text
    code_aliases: tuple[str, ...]


@dataclass(frozen=True)
class IssuerCode:
    code: str
    name_vi: str
    family: str  # "party" | "state"
    level: str


@dataclass(frozen=True)
class AgencyEntry:
    name: str
    aliases: tuple[str, ...]
    category: str
    level: str


@dataclass(frozen=True)
class AgencyTemplate:
    pattern: str  # a regex with {PLACE} for a place name
    name: str  # a format string over the pattern's named groups
    category: str
    level: str


@dataclass(frozen=True)
class Cue:
    predicate: str
    pattern: str  # a regex over normalized, lower-cased text


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


@lru_cache(maxsize=None)
def document_kinds() -> tuple[DocumentKind, ...]:
    return tuple(
        DocumentKind(r["code"], r["name_vi"], r["name_en"], r["ontology_class"],
                     _split(r["phrases"]), _split(r["code_aliases"]))
        for r in read_rows("document_kinds.csv")
    )


@lru_cache(maxsize=None)
def kind_by_code() -> dict[str, DocumentKind]:
    """Document kinds keyed by the D-folded, upper-cased type code and its aliases."""
    table: dict[str, DocumentKind] = {}
    for kind in document_kinds():
        for code in (kind.code, *kind.code_aliases):
            table.setdefault(fold_d(code).upper(), kind)
    return table


@lru_cache(maxsize=None)
def kind_by_phrase() -> dict[str, DocumentKind]:
    """Document kinds keyed by the lower-cased phrase that names them in text."""
    table: dict[str, DocumentKind] = {}
    for kind in document_kinds():
        for phrase in kind.phrases:
            table.setdefault(phrase.lower(), kind)
    return table


@lru_cache(maxsize=None)
def kind_by_name() -> dict[str, DocumentKind]:
    return {kind.name_vi: kind for kind in document_kinds()}


@lru_cache(maxsize=None)
def issuer_codes() -> dict[str, IssuerCode]:
    """Issuer codes keyed by the D-folded, upper-cased code."""
    return {fold_d(r["code"]).upper(): IssuerCode(r["code"], r["name_vi"], r["family"], r["level"])
            for r in read_rows("issuer_codes.csv")}


@lru_cache(maxsize=None)
def agency_entries() -> tuple[AgencyEntry, ...]:
    return tuple(AgencyEntry(r["name"], _split(r["aliases"]), r["category"], r["level"])
                 for r in read_rows("agencies.csv"))


@lru_cache(maxsize=None)
def agency_templates() -> tuple[AgencyTemplate, ...]:
    return tuple(AgencyTemplate(r["pattern"], r["name"], r["category"], r["level"])
                 for r in read_rows("agency_templates.csv"))


@lru_cache(maxsize=None)
def cues() -> tuple[Cue, ...]:
    return tuple(Cue(r["predicate"], r["pattern"]) for r in read_rows("cues.csv"))


def phrase_regex(phrase: str) -> str:
    """A regex for a phrase that tolerates layout: any whitespace between words, any dash."""
    pieces = re.split(r"(\s*[-–—]\s*|\s+)", phrase.strip())
    out = []
    for piece in pieces:
        if not piece:
            continue
        if re.fullmatch(r"\s*[-–—]\s*", piece):
            out.append(r"\s*[-–—]\s*")
        elif piece.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(piece))
    return "".join(out)
