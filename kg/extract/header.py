"""What a document says about itself: kind, own symbol, place and date, issuer, title, signature.

Works on normalized text. The header sits in the first lines ("Số: 165/KH-UBND", "Hà Nam,
ngày 21 tháng 11 năm 2025", the kind in capitals and the subject line); the signature block
("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" and the signer's name) and "Nơi nhận" sit at the end, in either
order depending on how the text was extracted.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.extract.dates import iso_date
from kg.extract.patterns import kind_by_code, kind_by_phrase
from kg.extract.symbols import parse_symbol

_OWN_SYMBOL = re.compile(r"(?im)^[ \t*]*Số\s*:\s*(?P<symbol>[^\s,;|]*(?:\s?[/-]\s?[^\s,;|]+)*)")
_PLACE_DATE = re.compile(
    r"(?m)^[ \t*]*(?P<place>[A-ZĐ][^\n,;:]{1,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)
_KIND_LINE = re.compile(r"(?m)^[ \t*#]*(?P<kind>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{2,40}?)[ \t*]*$")
_SEPARATOR = re.compile(r"^[\s\-–—_*=.]{3,}$")
_BODY_START = re.compile(r"^(?:Căn cứ|Thực hiện|Ngày \d|Để |Trong |\d{1,2}[.)]\s|[IVX]+\.\s|[A-Z]\.\s)")
_SIGNATURE = re.compile(
    r"(?m)^[ \t*]*(?P<mode>TM|KT|TL|TUQ|Q)\.\s*(?P<body>[^\n*]+?)[ \t*]*\n(?P<rest>(?:[ \t*]*[^\n]*\n?){1,4})"
)
_CAPS_LINE = re.compile(r"^[ \t*]*(?P<line>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ .,-]{2,60}?)[ \t*]*$")
_NAME_LINE = re.compile(r"^[ \t*]*(?P<name>(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)(?: [A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,4})[ \t*]*$")
_RECIPIENTS = re.compile(r"(?m)^[ \t*]*Nơi nhận\s*:", re.IGNORECASE)
_PROVINCE = re.compile(r"(?<!\w)(?:tỉnh|TỈNH|thành phố|THÀNH PHỐ) (?P<name>(?:[A-ZĐ][^\W\d_]+)(?: [A-ZĐ][^\W\d_]+){0,2})")
_WORK_PROGRAMME = re.compile(r"^(?:Chương trình\s+)?[Cc]ông tác của (?P<issuer>[^\n]+?) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})")
_MONTH_TITLE = re.compile(r"tháng (?P<m>\d{1,2})(?:/| năm )(?P<y>(?:19|20)\d\d)")


@dataclass(frozen=True)
class Header:
    kind: str | None
    type_code: str | None
    symbol: str | None
    number: str | None
    date: str | None
    date_partial: str | None
    year: int | None
    place: str | None
    issuer: str | None
    jurisdiction: str | None
    title: tuple[int, int] | None  # span of the subject line
    signer: str | None
    signer_position: str | None
    signature_block: str | None
    is_draft: bool
    recipients: tuple[str, ...]
    period: str | None  # YYYY-MM of a monthly programme or meeting, for dates printed without year


def _capitalize(words: str) -> str:
    lowered = words.strip().lower()
    return lowered[:1].upper() + lowered[1:]


_POSITION_WORDS = (("chánh văn phòng", "Chánh Văn phòng"), ("văn phòng", "Văn phòng"), ("chủ tịch", "Chủ tịch"),
                   ("thủ tướng", "Thủ tướng"), ("giám đốc", "Giám đốc"), ("bộ trưởng", "Bộ trưởng"))


def position_case(caps: str) -> str:
    """"PHÓ CHÁNH VĂN PHÒNG" -> "Phó Chánh Văn phòng"."""
    text = caps.strip().lower()
    for lower, proper in _POSITION_WORDS:
        text = text.replace(lower, proper)
    return text[:1].upper() + text[1:]


def read_header(text: str) -> Header:
    head = text[:3000]
    symbol = number = type_code = None
    is_draft = bool(re.search(r"DỰ THẢO", head))
    own = _OWN_SYMBOL.search(head)
    if own:
        parsed = parse_symbol(own["symbol"]) if own["symbol"] else None
        if parsed:
            symbol, number, type_code = parsed.canonical, parsed.number, parsed.type_code
            is_draft = is_draft or parsed.number is None
    date = date_partial = place = None
    year = None
    place_date = _PLACE_DATE.search(head)
    if place_date:
        place = place_date["place"].strip(" *")
        year = int(place_date["y"])
        if place_date["d"] and place_date["m"]:
            date = iso_date(int(place_date["d"]), int(place_date["m"]), year)
        elif place_date["m"]:
            date_partial, is_draft = f"{year}-{int(place_date['m']):02d}", True
        else:
            date_partial, is_draft = str(year), True

    kind, title = _kind_and_title(text, head)
    if kind is None and type_code:
        found = kind_by_code().get(type_code.upper())
        kind = found.name_vi if found else None
    if type_code is None and kind:
        found = kind_by_phrase().get(kind.lower())
        type_code = found.code if found else None

    first_line = text.lstrip()[:200].split("\n", 1)[0].strip(" *")
    period = None
    issuer = None
    programme = _WORK_PROGRAMME.match(first_line)
    if programme:
        kind = kind or "Chương trình công tác"
        issuer = programme["issuer"].strip()
        period = f"{programme['y']}-{int(programme['m']):02d}"
        if title is None:
            start = text.index(first_line)
            title = (start, start + len(first_line))
    if period is None and title:
        month = _MONTH_TITLE.search(text[title[0]:title[1]])
        if month:
            period = f"{month['y']}-{int(month['m']):02d}"
    if period is None and (date or date_partial):
        period = (date or date_partial)[:7]

    signature_block, signer_position, signer = _signature(text)
    if issuer is None:
        issuer = issuer_from_block(head)
    if issuer is None and signature_block:
        body = signature_block.split(" / ")[0]
        body = re.sub(r"^(?:TM|KT|TL|TUQ|Q)\.\s*", "", body)
        if not re.match(r"CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TƯỚNG|BÍ THƯ", body):
            issuer = _capitalize(body).replace("Ủy ban nhân dân", "UBND").replace("Uỷ ban nhân dân", "UBND")
        elif "UBND" in text[:5000] or "Ủy ban nhân dân" in text[:5000]:
            issuer = "UBND"
    jurisdiction = _jurisdiction(text, place, issuer)
    if issuer and jurisdiction and issuer in ("UBND", "UBND tỉnh", "HĐND tỉnh", "Tỉnh ủy"):
        issuer = f"{'UBND tỉnh' if issuer == 'UBND' else issuer} {jurisdiction}"
    recipients = _recipients(text)
    return Header(kind, type_code, symbol, number, date, date_partial, year or (int(date[:4]) if date else None),
                  place, issuer, jurisdiction, title, signer, signer_position, signature_block, is_draft,
                  recipients, period)


def _kind_and_title(text: str, head: str) -> tuple[str | None, tuple[int, int] | None]:
    phrases = kind_by_phrase()
    for match in _KIND_LINE.finditer(head):
        words = re.sub(r"\s+", " ", match["kind"]).strip()
        kind = phrases.get(words.lower())
        if kind is None or words.upper() != words:
            continue
        # The subject line: the lines after the kind, up to a separator or the body.
        lines_start = match.end() + 1
        position = lines_start
        title_end = None
        for count, line in enumerate(text[lines_start:lines_start + 1500].split("\n")):
            stripped = line.strip(" *")
            if _SEPARATOR.match(line) or (count > 0 and (_BODY_START.match(stripped) or not stripped)) or count >= 4:
                break
            title_end = position + len(line.rstrip(" *"))
            position += len(line) + 1
        if title_end is None:
            return kind.name_vi, None
        start = lines_start + (len(text[lines_start:title_end]) - len(text[lines_start:title_end].lstrip(" *")))
        return kind.name_vi, (start, title_end)
    return None, None


_ONE_LINE_SIGNATURE = re.compile(
    r"(?P<block>(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ. ]{3,80}?)\s*\**\s+\**(?P<name>(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)(?: [A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,4})\**\s*$")
_POSITIONS = r"(?:CHỦ TỊCH|PHÓ CHỦ TỊCH|THỦ TƯỚNG|PHÓ THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|BÍ THƯ|PHÓ BÍ THƯ|CHÁNH VĂN PHÒNG|PHÓ CHÁNH VĂN PHÒNG|TRƯỞNG BAN|PHÓ TRƯỞNG BAN)"
_LAST_POSITION = re.compile(rf"(?P<position>{_POSITIONS})\s*\**\s*$")


def _signature(text: str) -> tuple[str | None, str | None, str | None]:
    tail_start = max(0, len(text) - 3000)
    matches = list(_SIGNATURE.finditer(text, tail_start))
    if not matches:
        return _bare_signature(text[tail_start:])
    match = matches[-1]
    block = [f"{match['mode']}. {match['body'].strip()}"]
    position, signer = None, None
    for line in match["rest"].split("\n"):
        caps = _CAPS_LINE.match(line)
        name = _NAME_LINE.match(line)
        if caps and not name:
            block.append(caps["line"].strip())
            position = caps["line"].strip()
        elif name and signer is None and position is not None:
            signer = name["name"]
            break
    if position is None and len(block) == 1:
        position = match["body"].strip()
    return " / ".join(block), position_case(position) if position else None, signer


def _bare_signature(tail: str) -> tuple[str | None, str | None, str | None]:
    """A signature without TM./KT./TL.: "THỦ TƯỚNG" and the name, or all on one line (tables)."""
    lines = [line.strip(" *|") for line in tail.rstrip().split("\n") if line.strip(" *|")]
    if len(lines) >= 2 and _NAME_LINE.match(lines[-1]) and _LAST_POSITION.search(lines[-2]):
        position = _LAST_POSITION.search(lines[-2])["position"]
        return lines[-2], position_case(position), lines[-1].strip()
    if lines:
        one = _ONE_LINE_SIGNATURE.search(lines[-1])
        if one and _LAST_POSITION.search(one["block"]):
            position = _LAST_POSITION.search(one["block"])["position"]
            return one["block"].strip(), position_case(position), one["name"]
    return None, None, None


def _recipients(text: str) -> tuple[str, ...]:
    match = _RECIPIENTS.search(text)
    if not match:
        return ()
    out = []
    for line in text[match.end():match.end() + 3000].split("\n"):
        line = line.strip(" *")
        if line.startswith(("-", "+", "•")):
            out.append(line.lstrip("-+• ").rstrip(";.,"))
        elif out and _SIGNATURE.match(line + "\n"):
            break
    return tuple(out)


def _jurisdiction(text: str, place: str | None, issuer: str | None) -> str | None:
    """The province: named by the issuer, else the place of issue, else the one the text names most."""
    named = _PROVINCE.search(issuer or "")
    if named:
        return named["name"]
    names = Counter(_title_case(m["name"]) for m in _PROVINCE.finditer(text))
    if place and (_title_case(place) in names or not names):
        return _title_case(place) if place.isupper() else place
    return names.most_common(1)[0][0] if names else place


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split()) if name.isupper() else name


_MOTTO = re.compile(r"CỘNG H[OÒ]À|Độc lập|ĐỘC LẬP|^Số\s*:|^\s*-{3,}|^\(?Dự thảo\b", re.IGNORECASE)
_BLOCK_RULES = (
    (re.compile(r"^(?:ỦY|UỶ|UY) BAN NHÂN DÂN (?P<unit>TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG) (?P<name>.+)$"),
     lambda m: f"UBND {m['unit'].lower()} {_title_case(m['name'])}"),
    (re.compile(r"^HỘI ĐỒNG NHÂN DÂN (?P<unit>TỈNH|THÀNH PHỐ|HUYỆN) (?P<name>.+)$"),
     lambda m: f"HĐND {m['unit'].lower()} {_title_case(m['name'])}"),
    (re.compile(r"^(?P<unit>TỈNH|THÀNH|HUYỆN) ỦY (?P<name>.+)$"),
     lambda m: f"{m['unit'].capitalize()} ủy {_title_case(m['name'])}"),
    (re.compile(r"^(?P<body>THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|QUỐC HỘI|VĂN PHÒNG CHÍNH PHỦ|BAN CHẤP HÀNH TRUNG ƯƠNG|BỘ CHÍNH TRỊ|BAN BÍ THƯ)$"),
     lambda m: _capitalize(m["body"]).replace("chính phủ", "Chính phủ").replace("quốc hội", "Quốc hội")
     .replace("trung ương", "Trung ương")),
    (re.compile(r"^(?P<body>(?:BỘ|SỞ|BAN|ỦY BAN|TỔNG CỤC|CỤC|NGÂN HÀNG NHÀ NƯỚC) .+)$"),
     lambda m: _capitalize(m["body"])),
)


def issuer_from_block(head: str) -> str | None:
    """The issuing body from the header block printed above the national motto."""
    lines = []
    for line in head.split("\n")[:8]:
        line = line.strip(" *|#").strip()
        if not line:
            continue
        if _MOTTO.search(line):
            break
        if line.upper() != line:
            return None if not lines else _block_name(" ".join(lines))
        lines.append(line)
    return _block_name(" ".join(lines)) if lines else None


def _block_name(block: str) -> str | None:
    block = re.sub(r"\s+", " ", re.sub(r"-{2,}", " ", block)).strip()
    for pattern, name in _BLOCK_RULES:
        match = pattern.match(block)
        if match:
            return name(match)
    return None
