"""Tasks and the roles agencies play in them.

A task is a numbered item that assigns work: a leaf item of a task section, or an agenda item of
a meeting. Its lead is the heading agency ("1.2. Sở Tài chính: ..."), the preparer of an agenda
item ("(Sở Tài chính chuẩn bị)", or the agency whose Tờ trình is discussed), or the agency a
clause assigns ("Giao X ...", "Yêu cầu X ...", "Đề nghị X ..."). Roles: leads (chủ trì),
cooperates (phối hợp với), assigned, prepares. Distribution lists are never tasks.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.extract.agencies import AgencyMatch
from kg.extract.dates import parse_deadline
from kg.extract.references import ReferenceMatch
from kg.extract.structure import Item

# Sections whose items state purposes or viewpoints, not work.
NON_TASK_SECTION = re.compile(
    r"^(?:MỤC ĐÍCH|YÊU CẦU|QUAN ĐIỂM|MỤC TIÊU|CĂN CỨ|KẾT QUẢ|TÌNH HÌNH|ĐÁNH GIÁ|SỰ CẦN THIẾT|BỐI CẢNH)",
    re.IGNORECASE,
)
_PREPARES = re.compile(r"\(([^()]{3,160}?)\s(?:chuẩn bị|chủ trì chuẩn bị|trình)\s*\)")
_ASSIGN = re.compile(r"(?<!\w)(Giao|giao|Yêu cầu|yêu cầu|Đề nghị|đề nghị|Ủy quyền|Phân công|phân công)\s+(?:cho\s+)?")
_LEADS_AFTER = re.compile(r"^\s*(?:,\s*)?(?:là cơ quan\s+)?(?:chủ trì|Chủ trì)")
_OWN_CLAUSE = re.compile(r"(?:^\s*:|[:.;]\s|\n)\s*(?:[-–+]\s*)?(Chủ trì|Phối hợp)(?!\w)")
_COOPERATE = re.compile(r"(?<!\w)(?:[Pp]hối hợp(?: chặt chẽ)?(?: với)?|cùng với)\s+")
_LIST_JOIN = re.compile(r"^\s*(?:,|và|;|,\s*và)?\s*(?:các\s+)?(?:(?:đồng chí\s+)?(?:Phó Giám đốc|Giám đốc|Chánh Văn phòng|"
                        r"Thủ trưởng|Chủ tịch|Trưởng ban)\s+)?")
_THIS_DOC = re.compile(r"(?:thực hiện|triển khai|tổ chức thực hiện)[^.;]{0,40}?(?:Kế hoạch|Chỉ thị|Nghị quyết|Quyết định|Chương trình|Thông báo) này")


_EVENT_START = re.compile(r"Ngày \d{1,2}/\d{1,2}")
_POST_GAP = re.compile(r"\s*(?:đồng chí\s+)?(?:Giám đốc|Chánh Văn phòng|Thủ trưởng|Chủ tịch)\s*")
_COLON = re.compile(r"\s*:")


@dataclass
class TaskDraft:
    item: Item
    label: str
    kind: str  # "task" | "agenda_item" | "event"
    lead: list[AgencyMatch] = field(default_factory=list)
    cooperating: list[AgencyMatch] = field(default_factory=list)
    lead_groups: list[AgencyMatch] = field(default_factory=list)
    roles: list[tuple[AgencyMatch, str]] = field(default_factory=list)
    deadline: str | None = None
    implements_this: bool = False
    decision: str | None = None


def section_title(text: str, item: Item) -> str:
    return text[item.label_end:item.own_text_end()].strip().split("\n", 1)[0]


def is_task(text: str, item: Item, agenda_parents: set[int]) -> str | None:
    """The kind of task ``item`` is, or None when it is a heading or a viewpoint."""
    if item.is_section:
        return None
    ancestor = item.parent
    while ancestor is not None:
        if ancestor.is_section and NON_TASK_SECTION.match(section_title(text, ancestor)):
            return None
        ancestor = ancestor.parent
    parent_key = id(item.parent) if item.parent is not None else 0
    if parent_key in agenda_parents:
        return "agenda_item"
    if item.children and any(c.style != "dash" for c in item.children):
        return None
    own = text[item.label_end:item.label_end + 40].lstrip()
    return "event" if _EVENT_START.match(own) else "task"


def agencies_in(agencies: list[AgencyMatch], start: int, end: int) -> list[AgencyMatch]:
    """The agencies within [start, end); ``agencies`` are sorted by start (as find_agencies gives them)."""
    first = bisect.bisect_left(agencies, start, key=lambda a: a.start)
    out = []
    for agency in agencies[first:]:
        if agency.start >= end:
            break
        if agency.end <= end:
            out.append(agency)
    return out


def _list_from(text: str, agencies: list[AgencyMatch], position: int, limit: int) -> list[AgencyMatch]:
    """Agencies listed from ``position`` on: "X, Y và Z" (groups included)."""
    out: list[AgencyMatch] = []
    for agency in agencies:
        if agency.start < position or agency.start >= limit:
            continue
        gap = text[position:agency.start]
        if out and not _LIST_JOIN.fullmatch(gap) or not out and gap.strip(" ,") not in ("", "các", "Giám đốc",
                                                                                       "Chánh Văn phòng", "Thủ trưởng"):
            if not out and _POST_GAP.fullmatch(gap):
                pass
            else:
                break
        out.append(agency)
        position = agency.end
    return out


def heading_agencies(text: str, item: Item, agencies: list[AgencyMatch]) -> list[AgencyMatch]:
    """The agencies an item is addressed to: "1.2. Sở X, Sở Y: ..."."""
    own = agencies_in(agencies, item.label_end, item.own_text_end())
    heading = _list_from(text, own, item.label_end, item.own_text_end())
    if heading and _COLON.match(text, heading[-1].end):
        return heading
    return []


def build_task(text: str, item: Item, kind: str, agencies: list[AgencyMatch],
               references: list[ReferenceMatch]) -> TaskDraft:
    draft = TaskDraft(item, item.label, kind)
    own_end = item.own_text_end()
    body_start = item.label_end
    inside = agencies_in(agencies, body_start, item.end)
    own = [a for a in inside if a.end <= own_end]

    # "1.2. Sở X, Sở Y: ..." - the heading agencies; sub-items of a headed item inherit them.
    heading = heading_agencies(text, item, agencies)
    holder = item
    while not heading and holder.parent is not None and not holder.parent.is_section:
        holder = holder.parent
        heading = heading_agencies(text, holder, agencies)
    if heading:
        for agency in heading:
            if agency.is_group:
                draft.lead_groups.append(agency)
                draft.roles.append((agency, "assigned"))
                continue
            draft.lead.append(agency)
            draft.roles.append((agency, "assigned"))
        # Sentences whose subject is the heading agency: "...: Chủ trì ...", ". Phối hợp với ...".
        spans = [(heading[-1].end, item.end)]
        if holder is not item:
            spans = [(heading[-1].end, holder.own_text_end()), (body_start, item.end)]
        for start, end in spans:
            for clause in _OWN_CLAUSE.finditer(text, start, end):
                role = "leads" if clause.group(1).lower() == "chủ trì" else "cooperates"
                draft.roles += [(agency, role) for agency in draft.lead]
    # "(X chuẩn bị)"
    for match in _PREPARES.finditer(text, body_start, own_end):
        for agency in agencies_in(own, match.start(1), match.end(1)):
            if agency.is_group or agency.person_title:
                continue
            draft.roles.append((agency, "prepares"))
            if agency.name not in {a.name for a in draft.lead}:
                draft.lead.append(agency)
    # An agenda item discussed on a Tờ trình: its issuer prepared it.
    if kind == "agenda_item":
        for ref in references:
            if body_start <= ref.start < own_end and ref.kind and ref.kind.code == "TTr" and ref.issuer:
                for agency in agencies_in(own, *ref.issuer):
                    if not agency.is_group and agency.name not in {a.name for a in draft.lead}:
                        draft.roles.append((agency, "prepares"))
                        draft.lead.append(agency)
    # "Giao X chủ trì, phối hợp với Y", "Yêu cầu X", "Đề nghị X".
    assigned_leads: list[AgencyMatch] = []
    for match in _ASSIGN.finditer(text, body_start, item.end):
        listed = _list_from(text, inside, match.end(), item.end)
        for agency in listed:
            if agency.is_group:
                if agency.end <= own_end:
                    draft.lead_groups.append(agency)
                    draft.roles.append((agency, "assigned"))
                continue
            if agency.person_title and agency.person_title.lower().startswith(("chủ tịch", "phó chủ tịch", "pct")):
                continue
            draft.roles.append((agency, "assigned"))
            assigned_leads.append(agency)
        if listed and _LEADS_AFTER.match(text[listed[-1].end:listed[-1].end + 30]):
            for agency in listed:
                if not agency.is_group:
                    draft.roles.append((agency, "leads"))
    # "X chủ trì" anywhere.
    for agency in inside:
        if not agency.is_group and not agency.person_title and _LEADS_AFTER.match(text[agency.end:agency.end + 30]):
            draft.roles.append((agency, "leads"))
    # "phối hợp (với) X, Y và Z"
    lead_names = {a.name for a in draft.lead}
    for match in _COOPERATE.finditer(text, body_start, item.end):
        for agency in _list_from(text, inside, match.end(), item.end):
            if agency.is_group or agency.person_title and "Chánh" not in agency.person_title:
                continue
            draft.roles.append((agency, "cooperates"))
            if agency.name not in lead_names and agency.end <= own_end + (item.end - own_end) * (not item.children):
                draft.cooperating.append(agency)
    if not draft.lead and assigned_leads:
        draft.lead = assigned_leads
    if not draft.lead:  # "Bộ Tài chính chủ trì, ...", "X chịu trách nhiệm thi hành ..."
        draft.lead = [a for a, role in draft.roles if role == "leads"]
    if not draft.lead:
        draft.lead = _responsible(text, own, body_start, own_end, draft)
    # Groups at the head of the item ("Các sở, ngành, địa phương: ...") lead it together.
    if not draft.lead and not draft.lead_groups and heading and heading[0].is_group:
        draft.lead_groups.append(heading[0])
    if kind == "agenda_item":
        decided = _DECISION.search(text, body_start, own_end)
        draft.decision = " ".join(decided.group().split()) if decided else None
    deadline = parse_deadline(text[body_start:own_end])
    draft.deadline = deadline[0] if deadline else None
    draft.implements_this = bool(_THIS_DOC.search(text, body_start, own_end))
    draft.cooperating = [a for a in _unique(draft.cooperating) if a.name not in {x.name for x in draft.lead}]
    draft.lead = _unique(draft.lead)
    draft.lead_groups = _unique(draft.lead_groups)
    return draft


# What a meeting decided on an agenda item (conclusion notices).
_DECISION = re.compile(
    r"(?:cơ bản\s+)?(?:nhất trí|thống nhất|đồng ý|chấp thuận|không (?:thông qua|nhất trí|đồng ý)|chưa (?:thông qua|nhất trí)|"
    r"thông qua|cho ý kiến)(?:\s+(?:thông qua|chủ trương|về chủ trương|với|nội dung|việc))?", re.IGNORECASE)
_RESPONSIBLE = re.compile(r"\s*(?:có trách nhiệm|chịu trách nhiệm)")


def _responsible(text: str, own: list[AgencyMatch], start: int, end: int, draft: TaskDraft) -> list[AgencyMatch]:
    """Agencies listed as the subject of "chịu trách nhiệm (thi hành) ..." (Điều 3 of a decision)."""
    for first in own:
        listed = _list_from(text, own, first.start, end)
        if listed and _RESPONSIBLE.match(text, listed[-1].end):
            bodies = [a for a in listed if not a.is_group and not (a.person_title or "").startswith("Chủ tịch")]
            draft.roles += [(a, "assigned") for a in bodies]
            draft.lead_groups += [a for a in listed if a.is_group]
            return bodies
    return []


def _unique(agencies: list[AgencyMatch]) -> list[AgencyMatch]:
    seen: set[str] = set()
    out = []
    for agency in agencies:
        if agency.name not in seen:
            seen.add(agency.name)
            out.append(agency)
    return out
