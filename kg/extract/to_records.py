"""Turn a processed Doc into the plain records of kg.records, with spans in the original text.

spaCy objects stop here: nothing downstream sees a Doc. Every offset is mapped from the
normalized text back to the original text of the file.
"""
from __future__ import annotations

from dataclasses import replace

from kg.records import (THIS, Agency, AgencyRole, DocumentInfo, Extraction, Item, Meeting, Reference,
                        Relation, Task)

IMPLEMENTING = ("implements", "continues", "based_on", "reports_on")


def to_extraction(doc, normalized, source: str, sha256: str) -> Extraction:
    original = normalized.original

    def span(start: int, end: int) -> tuple[int, int]:
        return normalized.span_to_original(start, end)

    header = doc._.kg_header
    title = None
    if header.title:
        s, e = span(*header.title)
        title = " ".join(original[s:e].replace("*", " ").split())
    document = DocumentInfo(
        kind=header.kind, type_code=header.type_code, symbol=header.symbol, number=header.number,
        date=header.date, date_partial=header.date_partial, year=header.year, place=header.place,
        issuer=header.issuer, jurisdiction=header.jurisdiction, title=title, signer=header.signer,
        signer_position=header.signer_position, signature_block=header.signature_block,
        is_draft=header.is_draft, recipients=header.recipients,
    )

    def reference(ref) -> Reference:
        s, e = span(ref.start, ref.end)
        issuer = None
        if ref.issuer:
            i_s, i_e = span(*ref.issuer)
            issuer = " ".join(original[i_s:i_e].split())
        return Reference(
            start=s, end=e, text=original[s:e], kind=ref.kind.name_vi if ref.kind else None,
            symbol=ref.symbol, printed_symbol=ref.printed_symbol, number=ref.number, type_code=ref.type_code,
            issuer_code=ref.issuer_code, family=ref.family, year=ref.year, date=ref.date, issuer=issuer,
            issuer_source=ref.issuer_source, subject=ref.subject, number_only=ref.number_only,
            implicit=ref.implicit,
        )

    references = [reference(ref) for ref in doc._.kg_references]
    implicit_references = [reference(ref) for ref in doc._.kg_implicit_references]

    drafts = doc._.kg_tasks
    task_spans = [(d.item.start, d.item.end, d.label) for d in drafts]

    def task_at(position: int) -> str | None:
        inside = [(e - s, label) for s, e, label in task_spans if s <= position < e]
        return min(inside)[1] if inside else None

    relations = []
    stated = [(rel, False) for rel in doc._.kg_relations] + [(rel, True) for rel in doc._.kg_implicit_relations]
    for rel, implicit in stated:
        obj = (doc._.kg_implicit_references if implicit else doc._.kg_references)[rel.object_index]
        if rel.subject_index is not None:
            subject, kind = doc._.kg_references[rel.subject_index].symbol, "document"
        elif rel.subject_text:
            label = task_at(rel.start)
            subject, kind = (f"{rel.subject_text} ({label})" if label else rel.subject_text), "draft"
        else:
            subject, kind = THIS, "this"
        if subject is None:
            continue
        s, e = span(rel.start, rel.end)
        relations.append(Relation(
            subject=subject, predicate=rel.predicate, object=obj.symbol, start=s, end=e, subject_kind=kind,
            task=task_at(rel.start), object_date=obj.date,
            object_mention=None if implicit else rel.object_index,
            object_implicit=rel.object_index if implicit else None,
            subject_mention=rel.subject_index, inferred=implicit, evidence=original[s:e],
        ))

    meetings_by_parent = {}
    meetings = []
    for meeting in doc._.kg_meetings:
        s, e = span(meeting.start, meeting.end)
        meetings.append(Meeting(meeting.date, meeting.title, meeting.chair, meeting.chair_position, s, e,
                                meeting.item_labels))
        if meeting.agenda_parent is not None:
            meetings_by_parent[meeting.agenda_parent] = meeting.date

    tasks = []
    roles: dict[str, dict] = {}
    for draft in drafts:
        s, e = span(draft.item.start, draft.item.end)
        parent_key = id(draft.item.parent) if draft.item.parent is not None else 0
        body_start, _ = span(draft.item.label_end, draft.item.label_end + 1)
        text = " ".join(original[body_start:min(e, body_start + 160)].split())
        tasks.append(Task(
            label=draft.label, start=s, end=e,
            lead=tuple(a.name for a in draft.lead), cooperating=tuple(a.name for a in draft.cooperating),
            lead_groups=tuple(a.name for a in draft.lead_groups), deadline=draft.deadline,
            implements=(THIS,) if draft.implements_this else (), kind=draft.kind,
            meeting_date=meetings_by_parent.get(parent_key) if draft.kind == "agenda_item" else None,
            decision=draft.decision, text=text,
        ))
        for agency, role in draft.roles:
            a_s, a_e = span(agency.start, agency.end)
            entry = roles.setdefault(agency.name, {"aliases": [], "roles": [], "evidence": [],
                                                   "category": agency.category, "group": agency.is_group})
            entry["roles"].append(role)
            entry["evidence"].append(AgencyRole(role, a_s, a_e, draft.label))
    for agency in doc._.kg_agencies:
        if agency.name in roles:
            a_s, a_e = span(agency.start, agency.end)
            alias = " ".join(original[a_s:a_e].split())
            if alias not in roles[agency.name]["aliases"]:
                roles[agency.name]["aliases"].append(alias)
    agencies = tuple(
        Agency(name=name, aliases=tuple(entry["aliases"]), roles=tuple(dict.fromkeys(entry["roles"])),
               category=entry["category"], jurisdiction=header.jurisdiction,
               role_evidence=tuple(dict.fromkeys(entry["evidence"])), is_group=entry["group"])
        for name, entry in roles.items()
    )
    task_labels = {d.label for d in drafts}
    items = []
    for item in doc._.kg_items:
        s, e = span(item.start, item.end)
        items.append(Item(item.label, s, e, item.parent.label if item.parent is not None else None,
                          item.label in task_labels))
    extraction = Extraction(source=source, sha256=sha256, document=document, references=tuple(references),
                            agencies=agencies, tasks=tuple(tasks), meetings=tuple(meetings),
                            relations=tuple(relations), implicit_references=tuple(implicit_references),
                            items=tuple(items),
                            text_length=len(original))
    return link_tasks(extraction)


def link_tasks(extraction: Extraction) -> Extraction:
    """Fill each task's ``implements`` and ``mentions`` from the relations and references in it."""
    tasks = []
    for task in extraction.tasks:
        implements = [o for o in task.implements]
        for rel in extraction.relations:
            if rel.task == task.label and rel.predicate in IMPLEMENTING and rel.object and rel.subject_kind != "document":
                implements.append(rel.object)
        mentions = [r.symbol for r in extraction.references if task.start <= r.start < task.end and r.symbol]
        tasks.append(replace(task, implements=tuple(dict.fromkeys(implements)),
                             mentions=tuple(dict.fromkeys(mentions))))
    return replace(extraction, tasks=tuple(tasks))
