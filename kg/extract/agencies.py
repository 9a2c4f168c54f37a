"""Find agencies and generic groups of agencies in normalized text.

The registry (kg/patterns/agencies.csv) lists bodies by their canonical name and aliases,
country-wide: ministries, the standard provincial departments of any province, Party bodies.
Templates (kg/patterns/agency_templates.csv) cover named units such as "UBND huyện Sơn Động".
Generic groups ("các sở, ngành, địa phương") are found apart: several bodies, not one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.patterns import agency_entries, agency_templates, lower_view, phrase_regex

# A place name: one to four capitalised words ("Sơn Động", "Hà Nam", "Việt Yên").
PLACE = r"[A-ZĐÂĂÊÔƠƯ][^\W\d_]*(?: [A-ZĐÂĂÊÔƠƯ][^\W\d_]*){0,3}"

_GROUP_WORD = (
    r"(?:sở|ngành|cấp|cơ quan|địa phương|đơn vị|huyện|thành phố|thị xã|xã|phường|thị trấn|ban|"
    r"tổ chức|doanh nghiệp|hội|đoàn thể|bộ|cơ quan chức năng|cơ quan thông tin|cơ quan báo|"
    r"cơ quan, đơn vị|chủ đầu tư)"
)
_TAIL_WORDS = sorted((
    "sở", "ngành", "cấp", "cơ quan", "địa phương", "đơn vị", "huyện", "thành phố", "thị xã", "xã", "phường",
    "thị trấn", "ban", "đoàn thể", "tổ chức", "chức năng", "liên quan", "có liên quan", "trực thuộc",
    "thuộc UBND tỉnh", "thuộc tỉnh", "truyền thông", "thông tin", "hội", "doanh nghiệp", "ngang bộ",
    "cơ quan ngang bộ", "tỉnh", "trực thuộc trung ương", "ủy ban nhân dân", "UBND", "thuộc Chính phủ", "bộ",
    "chủ đầu tư", "đơn vị sự nghiệp"), key=len, reverse=True)
_GROUP_TAIL = (
    r"(?:(?:,\s*|\s+và\s+|\s*-\s*|\s+)(?:các\s+)?(?:" + "|".join(_TAIL_WORDS) + r")(?!\w))*"
)
GROUP_RE = re.compile(
    r"(?<!\w)(?:(?:Chủ tịch|Giám đốc|Thủ trưởng|Lãnh đạo)\s+(?:UBND\s+|Ủy ban nhân dân\s+)?các|"
    r"(?:UBND|Ủy ban nhân dân)\s+các|[Cc]ác)\s+(?i:" + _GROUP_WORD + r")(?!\w)(?i:" + _GROUP_TAIL + ")",
)

# A title before an agency name that makes the phrase a person, not the body.
PERSON_PREFIX_RE = re.compile(r"(?:Phó Chủ tịch|Chủ tịch|PCT|Phó Giám đốc|Giám đốc|Chánh Văn phòng|"
                              r"Phó Chánh Văn phòng|Thủ trưởng|đồng chí)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class AgencyMatch:
    start: int
    end: int
    name: str  # canonical name, or the printed group phrase for a group
    category: str
    level: str
    is_group: bool = False
    person_title: str | None = None  # "Chủ tịch", "Giám đốc" ... when the phrase names a post


@lru_cache(maxsize=None)
def _registry() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]], dict[str, tuple[str, str, str]]]:
    """The registry as a matcher: a small pattern of first words finds where a name may start,
    then the alternation of the names beginning with that word (longest first) is tried there.
    One big case-insensitive alternation over the whole text is several times slower."""
    forms: dict[str, tuple[str, str, str]] = {}
    by_first: dict[str, list[str]] = {}
    for entry in agency_entries():
        for form in (entry.name, *entry.aliases):
            forms.setdefault(_form_key(form), (entry.name, entry.category, entry.level))
            by_first.setdefault(form.split()[0].lower(), []).append(form)
    first = "|".join(re.escape(word) for word in sorted(by_first, key=len, reverse=True))
    starts = re.compile(rf"(?<!\w)(?:{first})(?!\w)")  # lower case: run on lower_view(text)
    names = {
        word: re.compile("(?:" + "|".join(phrase_regex(f) for f in sorted(set(group), key=len, reverse=True))
                         + r")(?!\w)", re.IGNORECASE)
        for word, group in by_first.items()
    }
    return starts, names, forms


@lru_cache(maxsize=None)
def _templates() -> tuple[tuple[re.Pattern[str], str, str, str], ...]:
    return tuple(
        (re.compile(r"(?<!\w)" + t.pattern.replace("{PLACE}", PLACE) + r"(?!\w)"), t.name, t.category, t.level)
        for t in agency_templates()
    )


@lru_cache(maxsize=8192)
def _form_key(form: str) -> str:
    return re.sub(r"\s*[-–—]\s*", " - ", re.sub(r"\s+", " ", form)).lower()


def _canonical_form(printed: str, forms: dict[str, tuple[str, str, str]]) -> tuple[str, str, str] | None:
    return forms.get(_form_key(printed))


def find_agencies(text: str) -> list[AgencyMatch]:
    """Agencies and groups in ``text``, left to right, without overlaps (longest wins)."""
    found = list(_candidates(text))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[AgencyMatch] = []
    for match in found:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(_with_title(text, match))
    return kept


_ANCHORS = re.compile(r"(?<!\w)(?:Chủ tịch|Giám đốc|Thủ trưởng|Lãnh đạo|UBND|Ủy ban nhân dân|Ngân hàng|[Cc]ác)(?!\w)")


def _candidates(text: str):
    """Every group, template and registry match.

    One pass finds the words an agency or a group can start with (the registry's first words and
    the anchors of groups and templates); the full patterns are then tried only there.
    """
    starts, names, forms = _registry()
    lowered = lower_view(text)
    positions = sorted({m.start() for m in starts.finditer(lowered)} | {m.start() for m in _ANCHORS.finditer(text)})
    templates = _templates()
    for position in positions:
        group = GROUP_RE.match(text, position)
        if group:
            yield AgencyMatch(group.start(), group.end(), _tidy(group.group()), "group", "", True)
        for pattern, name, category, level in templates:
            match = pattern.match(text, position)
            if match:
                yield AgencyMatch(match.start(), match.end(), name.format(**match.groupdict()), category, level)
        start = starts.match(lowered, position)
        if start is None or not text[position].isupper():
            continue
        match = names[start.group().lower()].match(text, position)
        entry = _canonical_form(match.group(), forms) if match else None
        if entry:
            yield AgencyMatch(match.start(), match.end(), *entry)


def _with_title(text: str, match: AgencyMatch) -> AgencyMatch:
    if match.is_group:
        return match
    title = PERSON_PREFIX_RE.search(text, max(0, match.start - 24), match.start)
    if not title:
        return match
    return AgencyMatch(match.start, match.end, match.name, match.category, match.level, False,
                       title.group().strip())


def _tidy(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,")
    return phrase[0].upper() + phrase[1:]
