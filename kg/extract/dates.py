"""Dates and deadlines as Vietnamese documents print them.

"05/01/2024", "5-1-2024", "ngày 5 tháng 01 năm 2024"; deadlines "trước ngày 20/01/2024" ->
2024-01-20, "trong tháng 5/2024" -> 2024-05, "trong Quý I/2026" -> 2026-Q1, "trong năm 2024"
-> 2024. All patterns run on normalized text (see kg.ingest.normalize).
"""
from __future__ import annotations

import datetime as dt
import re

from kg.extract.patterns import lower_view

_DAY_MONTH_YEAR = r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d\d)"
_LONG = r"ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d)"
DATE_RE = re.compile(rf"(?:(?:ngày|Ngày|NGÀY)\s+)?{_DAY_MONTH_YEAR}(?!\d)|{_LONG}", re.IGNORECASE)

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def iso_date(day: int, month: int, year: int) -> str | None:
    """ISO date, or None when the parts do not make a calendar date."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_from_match(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("d") is not None:
        return iso_date(int(groups["d"]), int(groups["m"]), int(groups["y"]))
    return iso_date(int(groups["d2"]), int(groups["m2"]), int(groups["y2"]))


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD."""
    for match in DATE_RE.finditer(text):
        value = date_from_match(match)
        if value:
            return value
    return None


# Deadline cues, tried in order; the first match in a task's text wins.
_DEADLINE_DATE = re.compile(
    r"(?:trước|chậm nhất(?: là)?|hạn chót|thời hạn(?: hoàn thành)?|xong trước|hoàn thành trước|"
    r"vào|dự kiến(?: tổ chức)?|tổ chức vào)\s+(?:ngày\s+)?"
    r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)
_DEADLINE_LONG = re.compile(
    r"(?:trước|chậm nhất(?: là)?|vào)\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)
_DEADLINE_MONTH = re.compile(
    r"(?:(?:hoàn thành|xong|thực hiện xong|báo cáo)?\s*(?:trong|trước|cuối|trước cuối|vào)\s+tháng|"
    r"kỳ họp(?: thường kỳ| chuyên đề)?\s+tháng)\s+"
    r"(?P<m>\d{1,2})\s?(?:/|năm\s)\s?(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)
_DEADLINE_QUARTER = re.compile(
    r"(?:trong|trước|hết|cuối|vào)\s+(?:quý|Quý|QUÝ)\s+(?P<q>IV|I{1,3}|iv|i{1,3}|[1-4])\s?(?:/|năm\s)\s?(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)
# "hoàn thành xây dựng 100% trụ sở trong năm 2024"; not a yearly target ("hoàn thành các mục tiêu, chỉ tiêu").
_DEADLINE_YEAR = re.compile(
    r"(?:hoàn thành|xong)(?!(?:\s+[^\s.;]+){0,4}?\s+(?:các\s+)?(?:mục tiêu|chỉ tiêu))(?:\s+[^\s.;]+){0,12}?"
    r"\s+(?:trong|trước)\s+năm\s+(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)


_DEADLINE = re.compile("|".join(f"(?P<{name}>{regex.pattern})".replace("(?P<d>", f"(?P<{name}_d>")
                                 .replace("(?P<m>", f"(?P<{name}_m>").replace("(?P<y>", f"(?P<{name}_y>")
                                 .replace("(?P<q>", f"(?P<{name}_q>")
                                 for name, regex in (("date", _DEADLINE_DATE), ("long", _DEADLINE_LONG),
                                                     ("month", _DEADLINE_MONTH), ("quarter", _DEADLINE_QUARTER),
                                                     ("year", _DEADLINE_YEAR))))


def _deadline_value(match: re.Match[str]) -> str | None:
    kind = match.lastgroup if match.lastgroup in ("date", "long", "month", "quarter", "year") else None
    groups = match.groupdict()
    kind = kind or next(k for k in ("date", "long", "month", "quarter", "year") if groups.get(k))
    if kind in ("date", "long"):
        return iso_date(int(groups[f"{kind}_d"]), int(groups[f"{kind}_m"]), int(groups[f"{kind}_y"]))
    if kind == "month":
        month = int(groups["month_m"])
        return f"{groups['month_y']}-{month:02d}" if 1 <= month <= 12 else None
    if kind == "quarter":
        return f"{groups['quarter_y']}-Q{_ROMAN[groups['quarter_q'].upper()]}"
    return groups["year_y"]


# Every deadline holds one of these; the cue patterns are tried only in a window before them.
_ANCHOR = re.compile(r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:19|20)\d\d|\d{1,2}\s?/\s?(?:19|20)\d\d|năm\s+(?:19|20)\d\d|"
                     r"quý|tháng\s+\d")
_WINDOW = 160


def parse_deadline(text: str) -> tuple[str, int, int] | None:
    """The first deadline stated in ``text``: (value, start, end) with offsets into ``text``.

    The patterns are lower case and run on ``lower_view(text)`` (same offsets): Python's case-insensitive
    matching of non-ASCII text is several times slower."""
    text = lower_view(text)
    searched_to = 0
    for anchor in _ANCHOR.finditer(text):
        start = max(searched_to, anchor.start() - _WINDOW)
        end = min(len(text), anchor.end() + 40)
        position = start
        while True:
            match = _DEADLINE.search(text, position, end)
            if match is None:
                break
            value = _deadline_value(match)
            if value and match.end() >= anchor.start():
                return value, match.start(), match.end()
            position = match.start() + 1
        searched_to = max(searched_to, anchor.start() - 40)
    return None
