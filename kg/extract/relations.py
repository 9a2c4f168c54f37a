"""Relations between documents, from cue phrases (kg/patterns/cues.csv).

For each run of coordinated mentions ("Nghị quyết số 45/2019/NQ-HĐND, Nghị quyết số 27/2021/...")
the nearest cue before it in the same clause gives the predicate; its subject is:
- another mention when the cue links the two ("Chương trình hành động số 55-CTr/TU ... thực hiện
  Nghị quyết số 29-NQ/TW": 55-CTr/TU implements 29-NQ/TW; two runs of equal length pair up
  respectively, "Kế hoạch 02/KH, 22/KH về thực hiện NQ 01/NQ-CP, NQ 02/NQ-CP");
- a document the clause plans or drafts ("Dự thảo Nghị quyết thay thế ...", "xây dựng kế hoạch
  ... thực hiện ..."), described in words with the item's label;
- otherwise THIS document.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.patterns import cues
from kg.extract.references import ReferenceMatch

_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\.$|\n(?=\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\)|[a-zđ]\)|[-–+•]|[A-Z]\.|[IVX]+\.)\s)")
_LIST_GAP = re.compile(r"^\s?(?:,|;|và|,\s?và|cùng)\s?$")
# A mention's "về ..." subject before the next mention of a list: "X về A; Y về B và Z".
_TAIL_GAP = re.compile(r"^\s?,?\s?(?:về|V/v)\s[^;.()]{0,250}?(?:,|;|và|,\s?và)\s?$")
_LINK_END = re.compile(r"(?:thực hiện|triển khai|quán triệt|cụ thể hóa|thi hành)\s*$", re.IGNORECASE)
_DRAFT_NOUN = re.compile(
    r"(?P<noun>(?:[Dd]ự thảo\s+)?(?:[Kk]ế hoạch|[Cc]hương trình(?: hành động)?|[Đđ]ề án|[Bb]áo cáo|[Nn]ghị quyết|"
    r"[Qq]uyết định|[Vv]ăn bản(?: (?:quy phạm pháp luật|chỉ đạo|hướng dẫn))?|[Qq]uy định|[Qq]uy chế|[Tt]ờ trình|[Cc]hỉ thị))"
)
_CREATE = re.compile(r"(?:^|\s)(?:[Dd]ự thảo|xây dựng|[Xx]ây dựng|ban hành|[Bb]an hành|tham mưu ban hành|trình|soạn thảo|"
                     r"các đề án)(?:\s|$)")
_ISSUED_WITH_SUBJECT = re.compile(r"(?P<subject>(?:Quy định|Quy chế|Chương trình|Kế hoạch|Điều lệ)[^;]{3,200}?)\s+ban hành kèm theo\s*$")
_CONTINUES = re.compile(r"[Tt]iếp tục(?:\s+\S+){0,6}\s*$")
_REPORTS = re.compile(r"(?:[Bb]áo cáo|[Ss]ơ kết|[Tt]ổng kết|[Đđ]ánh giá)(?:[^.;]{0,60})(?:thực hiện|triển khai)\s*$")


@dataclass(frozen=True)
class RelationDraft:
    subject_index: int | None  # index of the subject mention, None for THIS or a draft
    subject_text: str | None  # description of a draft subject
    predicate: str
    object_index: int  # index of the object mention
    start: int  # evidence span (normalized offsets)
    end: int


@lru_cache(maxsize=None)
def _cue_regex() -> re.Pattern[str]:
    parts = [f"(?P<c{i}>{cue.pattern})" for i, cue in enumerate(cues())]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _last_cue(text: str, start: int, end: int, masked: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    found = None
    for match in _cue_regex().finditer(text, start, end):
        inside = bisect.bisect_right(masked, (match.start(), len(text))) - 1
        if inside >= 0 and masked[inside][0] <= match.start() < masked[inside][1]:
            continue
        index = int(match.lastgroup[1:])
        found = (cues()[index].predicate, match.start(), match.end())
    return found


def _clause_start(text: str, position: int, floor: int) -> int:
    """Start of the clause around ``position``: after the last break, or inside an open "(".""" 
    start = floor
    for match in _CLAUSE_BREAK.finditer(text, floor, position):
        start = match.end()
    opening = text.rfind("(", start, position)
    if opening != -1 and text.find(")", opening, position) == -1:
        start = opening + 1
    return start


def group_runs(text: str, refs: list[ReferenceMatch]) -> list[list[int]]:
    """Indices of coordinated mentions: "A, B và C" with optional "về ..." tails between them."""
    runs: list[list[int]] = []
    for index, ref in enumerate(refs):
        if runs:
            previous = refs[runs[-1][-1]]
            gap = text[previous.end:ref.start]
            if _LIST_GAP.match(gap) or _TAIL_GAP.match(gap) and not _LINK_END.search(gap.rstrip(" ,;và")):
                runs[-1].append(index)
                continue
        runs.append([index])
    return runs


def find_relations(text: str, refs: list[ReferenceMatch], floor_of, masked_extra=(),
                   linked: bool = True) -> list[RelationDraft]:
    """Relations stated around ``refs``; ``floor_of(pos)`` gives the start of the enclosing item.

    ``masked_extra`` are spans (other mentions) where no cue is read; ``linked=False`` treats every
    mention on its own (no coordinated runs, no mention-to-mention links), as for implicit mentions.
    """
    masked = sorted([(r.start, r.end) for r in refs] + list(masked_extra))
    plain = list(text)
    for start, end in masked:
        plain[start:end] = "#" * (end - start)
    text_masked = "".join(plain)
    out: list[RelationDraft] = []
    runs = group_runs(text, refs) if linked else [[i] for i in range(len(refs))]
    for number, run in enumerate(runs):
        first = refs[run[0]]
        floor = floor_of(first.start)
        clause = _clause_start(text, first.start, floor)
        # A link from the previous run: "R0 ... thực hiện R1".
        if number > 0 and linked:
            previous_run = runs[number - 1]
            previous = refs[previous_run[-1]]
            link = text[previous.end:first.start]
            if previous.end >= clause - 1 and len(link) < 200 and _LINK_END.search(link) and not _CLAUSE_BREAK.search(link):
                predicate = "continues" if re.search(r"tiếp tục", link, re.I) else "implements"
                pairs = (zip(previous_run, run) if len(previous_run) == len(run) > 1
                         else [(s, o) for s in previous_run for o in run])
                for subject, obj in pairs:
                    if refs[subject].symbol == refs[obj].symbol:
                        continue
                    out.append(RelationDraft(subject, None, predicate, obj, refs[subject].start, refs[obj].end))
                continue
        cue = _last_cue(text, clause, first.start, masked)
        if cue is None:
            continue
        predicate, cue_start, cue_end = cue
        if predicate in ("implements", "based_on") and _REPORTS.search(text[clause:cue_end]):
            predicate = "reports_on"
        elif predicate in ("implements", "based_on") and _CONTINUES.search(text[clause:cue_start]):
            predicate = "continues"
        subject_text = None
        if predicate == "issued_with":
            described = _ISSUED_WITH_SUBJECT.search(text_masked, clause, cue_end)
            if described:
                earlier = _last_cue(text, clause, described.start(), masked)
                draft = _draft_subject(text_masked[clause:described.start()])
                if earlier and earlier[0] in ("amends", "replaces", "repeals", "implements"):
                    for obj in run:
                        out.append(RelationDraft(None, draft, earlier[0], obj, earlier[1], refs[obj].end))
                subject_text = re.sub(r"\s+", " ", described["subject"]).strip()
        else:
            subject_text = _draft_subject(text_masked[clause:cue_start])
        for obj in run:
            out.append(RelationDraft(None, subject_text, predicate, obj, min(cue_start, refs[obj].start), refs[obj].end))
    return out


def _draft_subject(before_cue: str) -> str | None:
    """A planned or drafted document named before the cue: "Dự thảo Nghị quyết", "xây dựng kế hoạch"."""
    nouns = list(_DRAFT_NOUN.finditer(before_cue))
    if not nouns:
        return None
    drafted = [n for n in nouns if n["noun"].lower().startswith("dự thảo")]
    noun = drafted[0] if drafted else nouns[-1]
    head = before_cue[:noun.start()]
    adjacent = not before_cue[noun.end():].strip()  # "Kế hoạch thực hiện X": a plan carrying X out
    if not (drafted or _CREATE.search(head + " ") or not head.strip() or adjacent):
        return None
    words = " ".join(noun["noun"].split())
    return words[:1].upper() + words[1:]
