"""Comparing what citations say: folded words, issuer names and codes, symbols, subject lines, years.

The corpus resolver (kg.graph.resolution) decides whether a mention and a document name the same thing by
these tests, which read no graph: "Ban Thường vụ Tỉnh ủy" stands for the issuer code TU, "233-NQ/TU" has the
type code NQ, "UBND tỉnh" and "Ủy ban nhân dân tỉnh Hà Nam" are one body, "về Kế hoạch phát triển kinh tế
- xã hội năm 2024" names the year 2024. Issuer names come from kg/patterns/issuer_codes.csv (the data file
the extractor reads) and the few running-text names below.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

from rdflib import URIRef

from kg.graph.iris import slug
from kg.graph.namespace import document_class, kind_code
from kg.text import strip_marks

__all__ = ["canonical_jurisdiction", "code", "compatible", "document_jurisdiction", "expanded", "fold", "is_local",
           "issuer_codes", "jurisdiction_key", "kind_key", "local_symbol", "name_clusters", "named_year", "province",
           "same_issuer_name", "symbol_issuer", "symbol_parts", "words", "year_of"]

PATTERNS = Path(__file__).resolve().parents[1] / "patterns"

ISSUER_ALIASES = {  # names printed in running text that kg/patterns/issuer_codes.csv does not list, folded
    "bo chinh tri": "TW", "ban bi thu": "TW", "ban chap hanh trung uong": "TW",
    "ban chap hanh dang bo tinh": "TU", "thuong truc tinh uy": "TU", "thu tuong": "TTg",
}
ABBREVIATIONS = {  # printed abbreviations, folded, written out before names or subjects are compared
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "btv": "ban thuong vu", "bch": "ban chap hanh",
    "mttq": "mat tran to quoc", "ttg": "thu tuong chinh phu", "ubtvqh": "uy ban thuong vu quoc hoi",
    "tw": "trung uong", "nsnn": "ngan sach nha nuoc", "ktxh": "kinh te xa hoi", "kt": "kinh te", "xh": "xa hoi",
}
SAME_ISSUER = {frozenset(("UBND", "CTUBND")), frozenset(("TW", "TƯ"))}
STOPWORDS = frozenset("ve va cua cac nhung cho trong theo voi nam den tai so ngay mot the nay do tren".split())
CENTRAL_LEVELS = {"central"}  # the `level` column of kg/patterns/issuer_codes.csv; every other level is local

_PARTY = re.compile(r"^(\d+[a-zA-Z]?)-([^-/\s]+)/(.+)$")
_STATE = re.compile(r"^(\d*[a-zA-Z]?)/(?:\d{4}/)?([^-/\s]+)-(.+)$")
_LAW = re.compile(r"^(\d+)/\d{4}/([^-/\s]+)$")
_YEAR_NAMED = re.compile(r"năm\s+((?:19|20)\d{2})\b|\b\d{1,2}/((?:19|20)\d{2})\b", re.IGNORECASE)


def fold(text: str | None) -> str:
    """Lowercase ASCII words: tone marks and case folded, đ -> d, punctuation to spaces."""
    plain = strip_marks(text or "").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def code(text: str | None) -> str | None:
    """An issuer or type code for comparison: Đ as D, upper case, a term suffix dropped (QH15 -> QH)."""
    if not text:
        return None
    return re.sub(r"\d+$", "", text.replace("Đ", "D").replace("đ", "d").upper()) or None


def symbol_parts(symbol: str | None) -> tuple[str | None, str | None, str | None]:
    """(number, type code, issuer code) of a canonical symbol: 19-CT/TU -> (19, CT, TU), 01/NQ-CP -> (01, NQ,
    CP), 91/2019/NĐ-CP -> (91, NĐ, CP), 31/2024/QH15 -> (31, None, QH15), /KH-UBND -> (None, KH, UBND)."""
    if not symbol:
        return None, None, None
    if m := _PARTY.match(symbol):
        return m[1], m[2], m[3]
    if m := _LAW.match(symbol):
        return m[1], None, m[2]
    if m := _STATE.match(symbol):
        return m[1] or None, m[2], m[3].split("-")[0]
    return None, None, None


@cache
def _issuer_table() -> tuple[dict[str, str], dict[str, str]]:
    """Folded issuer name -> code, and code -> level, from kg/patterns/issuer_codes.csv plus ISSUER_ALIASES."""
    names: dict[str, str] = {}
    levels: dict[str, str] = {}
    with open(PATTERNS / "issuer_codes.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names.setdefault(fold(row["name_vi"]), code(row["code"]))
            levels.setdefault(code(row["code"]), row["level"].strip())
    for name, value in ISSUER_ALIASES.items():
        names.setdefault(name, code(value))
    return names, levels


@cache
def issuer_codes(name: str | None) -> frozenset[str]:
    """The issuer codes a printed issuer name stands for: "Ban Thường vụ Tỉnh ủy" -> {TU}, "UBND tỉnh" -> {UBND},
    "Thủ tướng Chính phủ" -> {TTG} (the longest names found win over the names inside them)."""
    folded = " ".join(ABBREVIATIONS.get(word, word) for word in fold(name).split())
    if not folded:
        return frozenset()
    names = _issuer_table()[0]
    found = [n for n in names if f" {n} " in f" {folded} "]
    longest = [n for n in found if not any(n != other and f" {n} " in f" {other} " for other in found)]
    return frozenset(names[n] for n in longest)


def expanded(name: str | None) -> str:
    """A printed issuer name folded, with its abbreviations written out ("UBND tỉnh" -> "uy ban nhan dan tinh")."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in fold(name).split())


def same_issuer_name(first: str, second: str) -> bool:
    """Two printed issuer names of one body: one's words inside the other's ("Ban Dân tộc", "Ban Dân tộc tỉnh";
    "UBND tỉnh", "Ủy ban nhân dân tỉnh Hà Nam"), and no different issuer codes ("Chính phủ" is not "Thủ
    tướng Chính phủ", "Ban Chấp hành Đảng bộ tỉnh" is not "Ban Thường vụ Tỉnh ủy")."""
    a, b = sorted((expanded(first), expanded(second)), key=len)
    codes_a, codes_b = issuer_codes(first), issuer_codes(second)
    return f" {a} " in f" {b} " and (not codes_a or not codes_b or codes_a == codes_b)


def name_clusters(names: list[str]) -> list[list[str]]:
    """Printed issuer names grouped by the body they name (same_issuer_name), shortest names first."""
    clusters: list[list[str]] = []
    for name in sorted(set(names), key=lambda n: (len(expanded(n)), n)):
        home = next((c for c in clusters if any(same_issuer_name(name, other) for other in c)), None)
        if home is None:
            clusters.append([name])
        else:
            home.append(name)
    return clusters


def compatible(codes: frozenset[str] | set[str], issuer: str | None) -> bool:
    issuer = code(issuer)
    return issuer in codes or any(frozenset((issuer, c)) in SAME_ISSUER for c in codes)


def is_local(issuer: str | None) -> bool:
    """Whether documents of this issuer code are numbered per province (UBND, HĐND, TU, BCSĐ, the Sở ...): every
    code whose `level` in kg/patterns/issuer_codes.csv is not "central", and any code the file does not list
    (far more likely a local body than a central one). No code at all is not local."""
    issuer = code(issuer)
    return bool(issuer) and _issuer_table()[1].get(issuer) not in CENTRAL_LEVELS


def symbol_issuer(symbol: str | None) -> str | None:
    """The issuer code of a canonical symbol, letters included: 02/KH-UBND -> UBND, 233-NQ/TU -> TU, 31/2024/QH15
    -> QH15, and for an official letter (number/ISSUER-UNIT) the issuer before the unit: 11554/VPCP-V.I -> VPCP."""
    _, type_code, issuer = symbol_parts(symbol)
    if type_code and code(type_code) in _issuer_table()[1] and kind_code(document_class(None, type_code)) is None:
        return type_code
    return issuer


_PROVINCE = re.compile(r"(?<![^\W\d_])(?:tỉnh|thành phố|TỈNH|THÀNH PHỐ|TP\.?|(?:Tỉnh|Thành|TỈNH|THÀNH) (?:ủy|uỷ|ỦY|UỶ))\s*"
                       r"(?P<name>{0}(?: {0}){{0,2}}(?:\s*-\s*{0}(?: {0})?)?)".format(r"[A-ZĐÂĂÊÔƠƯÀ-Ỹ][^\W\d_]*"))


@cache
def province(issuer_name: str | None) -> str | None:
    """The province (or city) a printed issuer name names: "UBND tỉnh Bắc Ninh" -> "Bắc Ninh", "ỦY BAN NHÂN DÂN
    TỈNH HÀ NAM" -> "Hà Nam", "UBND TP. Hà Nội" -> "Hà Nội", "Ban Thường vụ Tỉnh ủy Bắc Ninh" -> "Bắc Ninh";
    None for "UBND tỉnh" or "Ban Thường vụ Tỉnh ủy", which name none."""
    named = _PROVINCE.search(unicodedata.normalize("NFC", issuer_name or ""))
    return canonical_jurisdiction(named["name"]) if named else None


@cache
def canonical_jurisdiction(name: str | None) -> str | None:
    """A jurisdiction as stored in kg:jurisdiction: NFC, single spaces, " - " between the parts of a joined name
    ("Bà Rịa-Vũng Tàu" -> "Bà Rịa - Vũng Tàu"), words capitalised when printed in capitals."""
    text = " ".join(unicodedata.normalize("NFC", name or "").split())
    text = re.sub(r"\s*-\s*", " - ", text).strip(" -")
    if text.isupper():
        text = " ".join(w[:1] + w[1:].lower() for w in text.split())
    return text or None


@cache
def jurisdiction_key(name: str | None) -> str | None:
    """What jurisdictions are compared by: the slug of the name, as in document IRIs ("Hà Nam" -> "ha-nam")."""
    text = canonical_jurisdiction(name)
    return slug(text) if text and fold(text) else None


@cache
def local_symbol(symbol: str | None) -> bool:
    """Whether a symbol's issuer numbers per province (is_local of symbol_issuer), once per symbol."""
    return is_local(symbol_issuer(symbol))


def document_jurisdiction(symbol: str | None, *candidates: str | None) -> str | None:
    """The jurisdiction that identifies a document of ``symbol`` together with its symbol and year: None for a
    central issuer (01/NQ-CP is one document nationwide), else the first known of ``candidates`` (callers pass
    the province the mention's issuer names, then the citing document's jurisdiction). None when none is known."""
    if not local_symbol(symbol):
        return None
    return next((found for c in candidates if (found := canonical_jurisdiction(c))), None)


def words(text: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The content words of a subject line and its word pairs, folded (years and function words left out)."""
    tokens = [w for w in expanded(text).split() if w not in STOPWORDS and not w.isdigit()]
    return frozenset(tokens), frozenset(zip(tokens, tokens[1:], strict=False))


def named_year(text: str | None) -> int | None:
    """The last year a text names ("... năm 2024", "tháng 11/2023")."""
    found = [int(a or b) for a, b in _YEAR_NAMED.findall(text or "")]
    return found[-1] if found else None


def kind_key(cls: URIRef, type_code: str | None = None) -> str:
    """What kinds are compared by: the type code (NQ, KH), else the class name for kinds without one (Law)."""
    return code(type_code or kind_code(cls)) or cls.rsplit("#", 1)[-1]


def year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and re.match(r"\d{4}", date) else None
