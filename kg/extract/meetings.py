"""Meetings: a section "Hội nghị UBND tỉnh thường kỳ: Ngày 21/11/2023 (thứ Ba)" with its agenda
items, dated events "Ngày 15/01/2024 (thứ Hai): Tiếp công dân định kỳ.", and the meeting a
conclusion notice reports on ("Ngày 17/4/2024, UBND tỉnh tổ chức phiên họp ... do Phó Chủ tịch
Thường trực UBND tỉnh Mai Sơn chủ trì"), whose numbered items are its agenda.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.dates import iso_date
from kg.extract.structure import Item

_MEETING_WORDS = r"(?:Hội nghị|Phiên họp|phiên họp|Cuộc họp|Họp|Giao ban|giao ban|Tiếp công dân|Hội thảo|Kỳ họp|kỳ họp)"
_SECTION_MEETING = re.compile(
    rf"^(?P<title>[^\n:]*{_MEETING_WORDS}[^\n:]*?)\s*:\s*(?:[Nn]gày\s+)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?"
)
_EVENT = re.compile(
    r"^(?:[Nn]gày\s+)(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?\s*(?:\((?P<weekday>[^)]{2,12})\))?\s*:\s*(?P<title>[^\n]+)"
)
_WHOLE = re.compile(
    r"(?:^|\n)[ \t]*Ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}),\s*(?P<host>[^\n,]{2,60}?)\s+(?:đã\s+)?tổ chức\s+"
    r"(?P<what>(?:phiên họp|cuộc họp|hội nghị|buổi làm việc)[^.;]*?)\s+do\s+(?P<chair>[^.;]{3,120}?)\s+chủ trì",
    re.IGNORECASE,
)
_PERSON_NAME = re.compile(r"(?P<position>.*?(?:tỉnh|thành phố|Chính phủ|Bộ|Sở)(?: [a-zđà-ỹ]+)*)\s+(?P<name>(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)(?: [A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,3})$")
_TITLE_END = re.compile(r"\s*(?:\([^()]*chuẩn bị\)|\./\.|\.\s*$|;\s*$)")


@dataclass(frozen=True)
class MeetingDraft:
    date: str | None
    title: str
    chair: str | None
    chair_position: str | None
    start: int
    end: int
    agenda_parent: int | None  # id() of the item whose children are the agenda, 0 for the whole document
    item_labels: tuple[str, ...] = ()


def _date(match: re.Match[str], period: str | None) -> str | None:
    year = match["y"] or (period[:4] if period else None)
    return iso_date(int(match["d"]), int(match["m"]), int(year)) if year else None


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    cut = _TITLE_END.search(title)
    if cut:
        title = title[:cut.start()]
    return title.strip(" .;")


def find_meetings(text: str, items: list[Item], period: str | None, doc_title: str | None) -> list[MeetingDraft]:
    meetings: list[MeetingDraft] = []
    whole = _WHOLE.search(text[:6000])
    if whole:
        chair = re.sub(r"\s+", " ", whole["chair"]).strip()
        named = _PERSON_NAME.match(chair)
        title = re.sub(r"\s+", " ", whole["what"]).strip()
        top = [i for i in items if i.parent is None and not i.is_section]
        meetings.append(MeetingDraft(
            _date(whole, period), title[:1].upper() + title[1:], named["name"] if named else chair,
            re.sub(r"^đồng chí\s+", "", named["position"]) if named else None, whole.start(), whole.end(), 0,
            tuple(i.label for i in top)))
    for item in items:
        own = text[item.label_end:item.own_text_end()].strip()
        section = _SECTION_MEETING.match(own) if item.is_section else None
        if section:
            meetings.append(MeetingDraft(
                _date(section, period), _clean_title(section["title"]), None, None, item.start, item.end,
                id(item), tuple(c.label for c in item.children)))
            continue
        event = _EVENT.match(own)
        if event and not item.is_section:
            meetings.append(MeetingDraft(_date(event, period), _clean_title(event["title"]), None, None,
                                         item.start, item.end, None, ()))
    return meetings
