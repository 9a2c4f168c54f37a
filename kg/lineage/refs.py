"""What a REF on the command line names: a document of the view, and agencies by forgiving names.

A REF is tried, in order, as
- an IRI of the view ("https://w3id.org/kg-vn/eli/nq/2024/01-nq-cp");
- a source file: its path ("corpus/plan-2024.txt"), its name, or the start of its name ("004"):
  the document that file holds;
- a symbol, anywhere in the text ("01/NQ-CP", "NQ 01/NQ-CP", "Nghị quyết số 01/NQ-CP ngày 05/01/2024"), read
  with the extractor's canonicalizer (``kg.extract.symbols.parse_symbol``: 233/NQ-TU is 233-NQ/TU); a date
  in the REF ("ngày 05/01/2024", "năm 2024") or ``year`` picks the year;
- a fragment of a title or label, compared without case, tone marks or punctuation.

When a symbol names several documents (01/NQ-CP of 2023 and of 2024; 02/KH-UBND of Bắc Ninh and of Hà Nam,
since local issuers number per province), a province the REF names ("02/KH-UBND Bắc Ninh", "... của UBND tỉnh
Bắc Ninh") picks among them, else the latest is chosen and ``note`` says which others there are, so that a
caller can print it and the user can pass a year or a province. A title fragment that
matches several documents is an error that lists them (preferring documents held by a file first).
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from pathlib import PurePath

from kg.errors import ReferenceNotFound
from kg.text import strip_marks


class AmbiguousReference(ReferenceNotFound):
    """A REF that names several documents and no rule picks one."""


@dataclass(frozen=True)
class Resolved:
    """The node a REF names, how it was found, and a note for stderr when a choice was made."""

    node: str
    how: str  # "iri" | "file" | "symbol" | "title"
    note: str | None = None
    alternatives: tuple[str, ...] = ()


_SYMBOL = re.compile(r"(?<![\w/])\d{1,5}[a-z]?(?:\s?[/-]\s?(?:19|20)\d\d)?"
                     r"(?:\s?[/-]\s?[A-Za-zĐđ][A-Za-zĐđ0-9&.]*(?<!\.)){1,3}")
_DATES = (
    re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)(?!\d)"),
    re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", re.IGNORECASE),
)
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{2})-(\d{2})(?!\d)")
_YEAR = re.compile(r"năm\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w]+")
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fold(text: str) -> str:
    """Lowercase ASCII words: no tone marks, đ as d, punctuation as spaces ("Sở KH&ĐT" -> "so kh dt")."""
    plain = strip_marks(str(text))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).replace("_", " ").split())


def fold_symbol(symbol: str) -> str:
    return symbol.replace("Đ", "D").replace("đ", "d").upper()


def date_in(text: str) -> tuple[int | None, str | None]:
    """The year and ISO date a REF gives ("ngày 05/01/2024" -> (2024, "2024-01-05")); "năm 2024" gives a year."""
    if m := _ISO_DATE.search(text):
        return int(m[1]), m[0]
    for pattern in _DATES:
        if m := pattern.search(text):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if 1 <= day <= 31 and 1 <= month <= 12:
                return year, f"{year:04d}-{month:02d}-{day:02d}"
    if m := _YEAR.search(text):
        return int(m[1]), None
    return None, None


def symbols_in(text: str) -> list[str]:
    """Canonical symbols found in ``text``, in order (dates are not symbols: their parts are digits)."""
    from kg.extract.symbols import parse_symbol

    found = []
    for match in _SYMBOL.finditer(text):
        parsed = parse_symbol(match.group(0))
        if parsed is not None and parsed.number and parsed.canonical not in found:
            found.append(parsed.canonical)
    return found


class _Index:
    """Lookups over the documents of one view, built once per view object."""

    def __init__(self, view):
        self.by_symbol: dict[str, list[str]] = {}
        self.by_file: dict[str, list[str]] = {}
        self.titles: list[tuple[str, str, bool]] = []  # node, folded title and label, held by a file
        for node, attrs in view.nodes(data=True):
            if attrs.get("kind") != "document":
                continue
            if attrs.get("symbol"):
                self.by_symbol.setdefault(fold_symbol(attrs["symbol"]), []).append(node)
            if attrs.get("read_from"):
                self.by_file.setdefault(attrs["read_from"], []).append(node)
            text = " | ".join(fold(x) for x in (attrs.get("title"), attrs.get("label")) if x)
            self.titles.append((node, text, bool(attrs.get("read_from"))))


def _index(view) -> _Index:
    index = _INDEXES.get(view)
    if index is None:
        index = _INDEXES[view] = _Index(view)
    return index


def describe(view, node: str) -> str:
    """A one-line description of a document: label, date or year, file."""
    attrs = view.nodes[node]
    when = attrs.get("date") or attrs.get("year") or "undated"
    place = f", {attrs['jurisdiction']}" if attrs.get("jurisdiction") and attrs.get("kind") == "document" else ""
    where = f", {attrs['source']}" if attrs.get("source") else ""
    return f"{attrs.get('label') or node} ({when}{place}{where}) <{node}>"


def _latest(view, nodes: list[str]) -> list[str]:
    """Newest first: by year, then date, then IRI (deterministic)."""
    def key(node):
        attrs = view.nodes[node]
        return (attrs.get("year") or 0, attrs.get("date") or "", node)
    return sorted(nodes, key=key, reverse=True)


def resolve_ref(view, ref: str, year: int | None = None) -> Resolved:
    """The document (or node) ``ref`` names in ``view``; ReferenceNotFound when none, with what was tried."""
    text = " ".join(str(ref).split())
    if not text:
        raise ReferenceNotFound("empty REF: give a symbol, a file, a title fragment or an IRI")
    if text in view:
        return Resolved(text, "iri")
    if re.match(r"^[a-z][a-z0-9+.-]*:\S+$", text) and not _SYMBOL.fullmatch(text):
        raise ReferenceNotFound(f"{text}: no node of the graph has this IRI")
    index = _index(view)

    files = _match_files(index, text)
    if len(files) == 1:
        nodes = index.by_file[files[0]]
        return Resolved(_latest(view, nodes)[0], "file")
    if len(files) > 1:
        raise AmbiguousReference(f"{text!r} matches {len(files)} files: {', '.join(files[:8])}; give more of the name")

    ref_year, ref_date = date_in(text)
    wanted_year = year or ref_year
    for symbol in symbols_in(text):
        nodes = index.by_symbol.get(fold_symbol(symbol), [])
        if not nodes:
            continue
        if wanted_year is not None:
            chosen = [n for n in nodes if view.nodes[n].get("year") == wanted_year]
            if not chosen:
                years = ", ".join(describe(view, n) for n in _latest(view, nodes))
                raise ReferenceNotFound(f"{symbol} of {wanted_year}: not in the graph (known: {years})")
            if ref_date and len(chosen) > 1:
                chosen = [n for n in chosen if view.nodes[n].get("date") == ref_date] or chosen
            nodes = chosen
        if len(nodes) > 1:  # the province the REF names, if any ("02/KH-UBND Bắc Ninh")
            folded = f" {fold(text)} "
            nodes = [n for n in nodes if (place := view.nodes[n].get("jurisdiction"))
                     and f" {fold(place)} " in folded] or nodes
        ordered = _latest(view, nodes)
        if len(ordered) == 1:
            return Resolved(ordered[0], "symbol")
        note = (f"{symbol} names {len(ordered)} documents: "
                + "; ".join(describe(view, n) for n in ordered)
                + f". Using the latest, {describe(view, ordered[0])}; pass --year (or name the province) to choose.")
        return Resolved(ordered[0], "symbol", note, tuple(ordered[1:]))

    folded = fold(text)
    if len(folded) >= 3:
        hits = [(node, held) for node, titles, held in index.titles if folded in titles]
        held = [node for node, by_file in hits if by_file]
        nodes = held or [node for node, _ in hits]
        if wanted_year is not None:
            nodes = [n for n in nodes if view.nodes[n].get("year") == wanted_year] or nodes
        if len(nodes) == 1:
            return Resolved(nodes[0], "title")
        if len(nodes) > 1:
            listed = "; ".join(describe(view, n) for n in _latest(view, nodes)[:8])
            raise AmbiguousReference(f"{text!r} is in the title of {len(nodes)} documents: {listed}; "
                                     "give a symbol, a file or an IRI")
    tried = ", ".join(symbols_in(text)) or "none"
    raise ReferenceNotFound(f"{text!r}: no document of the graph has this IRI, file, symbol (read: {tried}) "
                            "or title")


def _match_files(index: _Index, text: str) -> list[str]:
    paths = list(index.by_file)
    if text in index.by_file:
        return [text]
    name = PurePath(text).name
    exact = [p for p in paths if PurePath(p).name == name or p.endswith("/" + text)]
    if exact:
        return exact
    if re.fullmatch(r"[\w.-]+", text) and not _SYMBOL.fullmatch(text):
        return [p for p in paths if re.match(re.escape(text) + r"(?:[_.-]|$)", PurePath(p).name)]
    return []


# -- agencies ---------------------------------------------------------------------------------------------

def agency_names(view) -> dict[str, set[str]]:
    """Agency node -> every folded name it goes by: its label, its aliases, and the aliases the pattern data
    (kg/patterns/agencies.csv) lists for that name."""
    from kg.extract.patterns import agency_entries

    known: dict[str, set[str]] = {}
    for entry in agency_entries():
        names = {fold(entry.name), *(fold(alias) for alias in entry.aliases)}
        for name in names:
            known.setdefault(name, set()).update(names)
    result = {}
    for node, attrs in view.nodes(data=True):
        if attrs.get("kind") != "agency":
            continue
        names = {fold(attrs.get("label") or ""), *(fold(alias) for alias in attrs.get("aliases") or ())}
        for name in list(names):
            names |= known.get(name, set())
        result[node] = names - {""}
    return result


def match_agencies(view, name: str) -> list[str]:
    """The agency nodes ``name`` designates: same name or alias (case, tone marks and punctuation aside),
    else the agencies whose name contains it as whole words. Groups of bodies only match by their full name."""
    wanted = fold(name)
    if not wanted:
        return []
    names = _agency_index(view)
    exact = sorted(node for node, folded in names.items() if wanted in folded)
    if exact:
        return exact
    pattern = re.compile(rf"(?:^| ){re.escape(wanted)}(?: |$)")
    return sorted(node for node, folded in names.items()
                  if not view.nodes[node].get("group") and any(pattern.search(n) for n in folded))


_AGENCY_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _agency_index(view) -> dict[str, set[str]]:
    index = _AGENCY_INDEXES.get(view)
    if index is None:
        index = _AGENCY_INDEXES[view] = agency_names(view)
    return index
