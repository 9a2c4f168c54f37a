"""Find mentions of numbered documents in normalized text.

A mention runs from the kind word ("Nghị quyết", "Chỉ thị", "Thông báo kết luận") through
"số", the symbol, the date and the "của <issuer>" phrase when these follow directly. A symbol
printed without a kind word ("..., 27/2021/NQ-HĐND") is a mention too, its kind taken from the
symbol. "Chỉ thị số 19" (number only) is kept with its number; the symbol is resolved from
other documents (see kg.extract.batch). Issuers stated before ("của Thủ tướng Chính phủ tại
Chỉ thị số 05/CT-TTg") or once for a list are attached to each mention.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.agencies import AgencyMatch, find_agencies
from kg.extract.dates import DATE_RE, date_from_match
from kg.extract.patterns import DocumentKind, kind_by_code, kind_by_phrase, lower_view, phrase_regex
from kg.extract.symbols import SYMBOL_PATTERN, parse_symbol

_NUMBER_ONLY = r"(?P<only>\d{1,5})(?![\w/]|\s?[-/]\s?[A-Za-zĐđ0-9])"
_SO = r"(?:số|Số|SỐ)\s?:?\s?"
_LAW_KINDS = ("luật", "bộ luật", "pháp lệnh")
# A bare symbol needs a known type code and an issuer: "27/2021/NQ-HĐND", "05/CT-TTg".
_BARE = (r"(?<![\w/.-])(?P<num>\d{1,5})(?:\s?/\s?(?P<year>(?:19|20)\d\d))?"
         r"(?P<codes>\s?[/-]\s?(?P<type>[A-Za-zĐđ]{1,4})\s?[/-]\s?[A-ZĐ][A-Za-zĐđ0-9&]*(?:\s?-\s?[A-ZĐ][\w.&]*)?)(?!\w)")
_ISSUER_BEFORE = re.compile(r"của\s+(?P<issuer>[^;.\n()]{3,80}?)\s+(?:tại|theo)\s*$")
_ISSUER_FALLBACK = re.compile(
    r"(?:Chủ tịch\s+|Thường trực\s+)?(?:Ban|Bộ|Sở|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Tỉnh ủy|Thành ủy|Huyện ủy|"
    r"Đảng ủy|Văn phòng|Thủ tướng|Chính phủ|Quốc hội|Tổng cục|Cục|Ngân hàng|Kiểm toán|Thanh tra)"
    r"(?:\s+(?:[A-ZĐ][^\s,;.()]*|tỉnh|thành phố|huyện|và|nhân dân|Trung ương|đảng|Đảng)){0,7}"
)
_SUBJECT_RE = re.compile(r"\s*,?\s*(?:về việc|về|V/v)\s+(?P<subject>[^;()]{3,240}?)(?=[;()]|\.\s|\.$|$|,\s+(?:Nghị|Quyết|Chỉ|Kế|Thông|Kết|Chương|Công))",
                         re.DOTALL)


_DATE_LEAD = re.compile(r"\s?,?\s?(?:(?:ban hành\s+)?(?:ngày|Ngày)\s+)?")
_OF = re.compile(r"\s?,?\s?(?:của|do)\s+")
_COMMA = re.compile(r"\s?,?\s?")
_TITLE = re.compile(r"(?:(?:đồng chí|Phó Giám đốc|Giám đốc|Thủ trưởng|Chánh Văn phòng|Phó Chủ tịch|Chủ tịch|Thường trực|"
                    r"Bộ trưởng|Thứ trưởng)\s+)+")
_LAYOUT_BREAK = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class ReferenceMatch:
    """A mention found in the normalized text (offsets are normalized offsets)."""

    start: int
    end: int
    kind: DocumentKind | None
    printed_symbol: str | None
    symbol: str | None
    number: str | None
    type_code: str | None
    issuer_code: str | None
    family: str | None
    year: int | None
    date: str | None
    issuer: tuple[int, int] | None  # span of the issuer phrase in normalized text
    issuer_source: str | None
    subject: str | None
    number_only: bool = False
    implicit: bool = False


@lru_cache(maxsize=None)
def _mention_re() -> re.Pattern[str]:
    phrases = sorted(kind_by_phrase(), key=len, reverse=True)
    kinds = "|".join(phrase_regex(p) for p in phrases)
    law_name = r"(?:(?:(?<=Luật)|(?<=luật)|(?<=Pháp lệnh)|(?<=LUẬT))(?P<name>(?:\s+[^\s,;.()]+){1,6}?(?=\s+[Ss]ố\s)))"
    return re.compile(
        rf"(?<![\w])(?P<kind>{kinds})(?![\w]){law_name}?\s?(?:{_SO})?"
        rf"(?:{SYMBOL_PATTERN}(?![\w])|{_NUMBER_ONLY})",
        re.IGNORECASE,
    )


@lru_cache(maxsize=None)
def _kind_starts() -> re.Pattern[str]:
    """First words of the kind phrases, lower case: matched on ``lower_view(text)``."""
    words = sorted({phrase.split()[0].lower() for phrase in kind_by_phrase()}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])")


_BARE_RE = re.compile(_BARE)
_PERSON = re.compile(r"(?:Chủ tịch|Thường trực|Phó Chủ tịch)\s+")
_OWN_SYMBOL_RE = re.compile(r"(?:^|\n)\s*(?:Số|SỐ|số)\s*:\s*\S*$")


class _AgencyIndex:
    """The document's agency matches by start offset, to read an issuer after "của"."""

    def __init__(self, text: str, agencies: list[AgencyMatch]):
        self.text = text
        self.by_start = {a.start: a for a in agencies}

    def at(self, position: int) -> AgencyMatch | None:
        while position < len(self.text) and self.text[position].isspace():
            position += 1
        return self.by_start.get(position)


def find_references(text: str, agencies: list[AgencyMatch] | None = None) -> list[ReferenceMatch]:
    """Every mention of a numbered document in ``text``, in order, without overlaps.

    ``agencies`` are the document's agency matches (kg.extract.agencies.find_agencies), used to
    read issuers; they are found here when not given.
    """
    index = _AgencyIndex(text, find_agencies(text) if agencies is None else agencies)
    found: list[ReferenceMatch] = []
    mention = _mention_re()
    done = 0
    for first in _kind_starts().finditer(lower_view(text)):  # try the full pattern only where a kind word starts
        if first.start() < done:
            continue
        match = mention.match(text, first.start())
        if match is None:
            continue
        done = match.end()
        ref = _from_kind_match(text, match, index)
        if ref:
            found.append(ref)
    taken = [(r.start, r.end) for r in found]
    for match in _BARE_RE.finditer(text):
        if _inside(taken, match.start()):
            continue
        if _OWN_SYMBOL_RE.search(text, max(0, match.start() - 12), match.start()):
            continue  # "Số: 165/KH-UBND" is the document's own symbol
        if match["type"] and fold_code(match["type"]) not in kind_by_code():
            continue
        ref = _complete(text, index, match.start(), match.end(), None, match.group().strip(), False)
        if ref:
            found.append(ref)
    found.sort(key=lambda r: r.start)
    return _share_issuers(text, found)


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls in one of the sorted, non-overlapping ``spans``."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def fold_code(code: str) -> str:
    return code.replace("Đ", "D").replace("đ", "d").upper()


def _from_kind_match(text: str, match: re.Match[str], index: _AgencyIndex) -> ReferenceMatch | None:
    phrase = re.sub(r"\s+", " ", match["kind"]).lower()
    kind = kind_by_phrase().get(phrase)
    if match["name"] and phrase not in _LAW_KINDS:
        return None
    if match["only"]:
        before = text[max(0, match.start("only") - 5):match.start("only")].lower()
        if "số" not in before:
            return None
        if kind and kind.code in {"L", "BL", "PL", "HP"}:
            return None
        return _complete(text, index, match.start(), match.end(), kind, None, True, number=match["only"])
    if match["codes"] is None:
        return None
    printed = text[match.start("num") if match["num"] else match.start("codes"):match.end("codes")]
    if match["num"] is None and not re.match(r"\s?/", match["codes"] or ""):
        return None
    return _complete(text, index, match.start(), match.end(), kind, printed, False)


def _complete(text: str, index: _AgencyIndex, start: int, end: int, kind: DocumentKind | None, printed: str | None,
              number_only: bool, number: str | None = None) -> ReferenceMatch | None:
    symbol = parse_symbol(printed, kind.code if kind else None) if printed else None
    if printed and symbol is None:
        return None
    if symbol and kind is None:
        kind = kind_by_code().get(fold_code(symbol.type_code or ""))
    if symbol and not symbol.number:
        return None  # a blank number is a draft's own symbol, not a reference
    date = None
    tail = _DATE_LEAD.match(text, end)
    date_match = DATE_RE.match(text, tail.end()) if tail else None
    if date_match is None:  # "ngày 05 tháng 3 năm 2020": the long form starts with "ngày" itself
        date_match = DATE_RE.match(text, _COMMA.match(text, end).end())
        if date_match and not date_match.group().lower().startswith("ngày"):
            date_match = None
    if date_match and (tail.group().strip() or date_match.group().lower().startswith("ngày")):
        date = date_from_match(date_match)
        if date:
            end = date_match.end()
    issuer_span, issuer_source = None, None
    of = _OF.match(text, end)
    if of:
        agency = index.at(of.end())
        person = _PERSON.match(text, of.end())
        if person:
            inner = index.at(person.end())
            if inner:
                agency = inner
                issuer_span = (person.start(), inner.end)
        if agency and not agency.is_group and issuer_span is None:
            issuer_span = (agency.start, agency.end)
        if issuer_span is None:
            fallback = _ISSUER_FALLBACK.match(text, of.end())
            if fallback and fallback.end() - fallback.start() > 4:
                issuer_span = (fallback.start(), fallback.end())
        if issuer_span:
            end, issuer_source = issuer_span[1], "after"
    if issuer_span is None:
        before = _ISSUER_BEFORE.search(text, max(0, start - 90), start)
        if before:
            title = _TITLE.match(text, before.start("issuer"))
            agency = index.at(title.end() if title else before.start("issuer"))
            if agency and not agency.is_group:
                issuer_span, issuer_source = (agency.start, agency.end), "before"
    subject_match = _SUBJECT_RE.match(text, end)
    subject = re.sub(r"\s+", " ", subject_match["subject"]).strip() if subject_match else None
    year = symbol.year if symbol and symbol.year else (int(date[:4]) if date else None)
    return ReferenceMatch(
        start=start, end=end, kind=kind,
        printed_symbol=_LAYOUT_BREAK.sub("", printed).strip() if printed else None,
        symbol=symbol.canonical if symbol else None,
        number=symbol.number if symbol else (number.zfill(2) if number else None),
        type_code=symbol.type_code if symbol else (kind.code if kind else None),
        issuer_code=symbol.issuer_code if symbol else None,
        family=symbol.family if symbol else None,
        year=year, date=date, issuer=issuer_span, issuer_source=issuer_source,
        subject=subject, number_only=number_only,
    )


_LIST_GAP = re.compile(r"\s?(?:,|;|và|,\s?và|cùng)\s?$")


def _share_issuers(text: str, refs: list[ReferenceMatch]) -> list[ReferenceMatch]:
    """In "A, B của X" the issuer X, stated once, belongs to A as well."""
    out = list(refs)
    for i in range(len(out) - 2, -1, -1):
        current, following = out[i], out[i + 1]
        if current.issuer is not None or following.issuer is None:
            continue
        gap = text[current.end:following.start]
        if len(gap) > 12 or not _LIST_GAP.search(gap):
            continue
        out[i] = replace(current, issuer=following.issuer, issuer_source="shared")
    return out


_IMPLICIT_KINDS = re.compile(
    r"(?<!\w)(?P<kind>Nghị quyết|Chỉ thị|Kết luận|Quyết định|Kế hoạch|Chương trình hành động|Nghị định|Thông tư|"
    r"Luật|Đề án|Thông báo kết luận)\s+của\s+", re.IGNORECASE)
_ISSUER_JOIN = re.compile(r"\s*(?:,|và)\s*")
_ABOUT = re.compile(r"\s+(?:về việc|về)\s+(?P<subject>[^;()]{5,300}?)"
                    r"(?=[;()]|\.\s|\.$|$|\n(?=[A-ZĐÀ-Ỹ\d])|,\s+(?:các\s+)?(?:Nghị quyết|Chỉ thị|Kế hoạch|Kết luận|Quyết định)\s)",
                    re.DOTALL)
_SUBJECT_YEAR = re.compile(r"năm ((?:19|20)\d\d)(?!\s*-)")


def find_implicit_references(text: str, agencies: list[AgencyMatch],
                             explicit: list[ReferenceMatch]) -> list[ReferenceMatch]:
    """Documents named by kind, issuer and subject without any number: "Nghị quyết của Chính phủ về
    Kế hoạch phát triển kinh tế - xã hội năm 2024". The corpus resolver links them (inferred)."""
    index = _AgencyIndex(text, agencies)
    taken = sorted((r.start, r.end) for r in explicit)
    found: list[ReferenceMatch] = []
    for match in _IMPLICIT_KINDS.finditer(text):
        if _inside(taken, match.start()):
            continue
        position, issuers = match.end(), []
        while True:
            agency = index.at(position)
            if agency is None or agency.is_group:
                break
            issuers.append((agency.start, agency.end))
            joint = _ISSUER_JOIN.match(text, agency.end)
            if not joint or index.at(joint.end()) is None:
                position = agency.end
                break
            position = joint.end()
        if not issuers:
            continue
        about = _ABOUT.match(text, position)
        if not about:
            continue
        subject = " ".join(about["subject"].split())
        year = _SUBJECT_YEAR.findall(subject)
        kind = kind_by_phrase().get(" ".join(match["kind"].split()).lower())
        found.append(ReferenceMatch(
            start=match.start(), end=issuers[-1][1], kind=kind, printed_symbol=None, symbol=None, number=None,
            type_code=kind.code if kind else None, issuer_code=None, family=None,
            year=int(year[-1]) if year else None, date=None, issuer=(issuers[0][0], issuers[-1][1]),
            issuer_source="after", subject=subject, implicit=True,
        ))
    return found
