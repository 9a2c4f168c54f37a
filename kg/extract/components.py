"""The spaCy components of the extraction pipeline, and the one place Doc extensions are set.

Each component reads ``doc.text`` (the normalized text), runs one extractor of this package and
stores its result on the Doc: as ``doc._.kg_*`` (plain dataclasses) and, for mentions, as span
groups (``doc.spans["kg_references"]``, ``doc.spans["kg_agencies"]``, ``doc.spans["kg_items"]``)
so that users of the pipeline see them as spaCy spans and can add their own components.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.agencies import find_agencies
from kg.extract.header import read_header
from kg.extract.meetings import find_meetings
from kg.extract.references import find_implicit_references, find_references
from kg.extract.relations import find_relations
from kg.extract.structure import parse_items
from kg.extract.tasks import build_task, is_task
from kg.extract.tokenizer import text_of

EXTENSIONS = ("kg_header", "kg_references", "kg_implicit_references", "kg_agencies", "kg_items", "kg_meetings", "kg_tasks",
              "kg_relations", "kg_implicit_relations")


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def _span_group(doc: Doc, name: str, offsets, labels) -> None:
    spans = []
    for (start, end), label in zip(offsets, labels):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[name] = spans


def header_component(doc: Doc) -> Doc:
    doc._.kg_header = read_header(text_of(doc))
    return doc


def references_component(doc: Doc) -> Doc:
    text = text_of(doc)
    refs = find_references(text, doc._.kg_agencies)
    doc._.kg_references = refs
    doc._.kg_implicit_references = find_implicit_references(text, doc._.kg_agencies, refs)
    _span_group(doc, "kg_references", [(r.start, r.end) for r in refs],
                [r.kind.code if r.kind else "REF" for r in refs])
    return doc


def agencies_component(doc: Doc) -> Doc:
    agencies = find_agencies(text_of(doc))
    doc._.kg_agencies = agencies
    _span_group(doc, "kg_agencies", [(a.start, a.end) for a in agencies],
                ["GROUP" if a.is_group else "AGENCY" for a in agencies])
    return doc


def structure_component(doc: Doc) -> Doc:
    items = parse_items(text_of(doc))
    doc._.kg_items = items
    _span_group(doc, "kg_items", [(i.start, i.end) for i in items], [i.label for i in items])
    return doc


def meetings_component(doc: Doc) -> Doc:
    text = text_of(doc)
    header = doc._.kg_header
    title = text[header.title[0]:header.title[1]] if header and header.title else None
    doc._.kg_meetings = find_meetings(text, doc._.kg_items, header.period if header else None, title)
    return doc


def tasks_component(doc: Doc) -> Doc:
    text = text_of(doc)
    agenda_parents = {m.agenda_parent for m in doc._.kg_meetings if m.agenda_parent is not None}
    agencies = list(doc._.kg_agencies)
    tasks = []
    for item in doc._.kg_items:
        kind = is_task(text, item, agenda_parents)
        if kind:
            tasks.append(build_task(text, item, kind, agencies, doc._.kg_references))
    doc._.kg_tasks = tasks
    return doc


def relations_component(doc: Doc) -> Doc:
    items = doc._.kg_items

    def floor_of(position: int) -> int:
        floor = 0
        for item in items:
            if item.start <= position:
                floor = max(floor, item.label_end)
        return floor

    text = text_of(doc)
    explicit = doc._.kg_references
    doc._.kg_relations = find_relations(text, explicit, floor_of)
    doc._.kg_implicit_relations = find_relations(text, doc._.kg_implicit_references, floor_of,
                                                 masked_extra=[(r.start, r.end) for r in explicit], linked=False)
    return doc


def _register(name: str, component, **meta) -> None:
    """Register ``component`` as a spaCy factory, so ``nlp.add_pipe(name)`` works in any pipeline."""
    def make(nlp: Language, name: str):
        register_extensions()
        return component
    make.__name__ = f"make_{component.__name__}"
    Language.factory(name, default_config={}, **meta)(make)


_register("kg_header", header_component, assigns=["doc._.kg_header"])
_register("kg_references", references_component, requires=["doc._.kg_agencies"], assigns=["doc._.kg_references", "doc.spans"])
_register("kg_agencies", agencies_component, assigns=["doc._.kg_agencies", "doc.spans"])
_register("kg_structure", structure_component, assigns=["doc._.kg_items", "doc.spans"])
_register("kg_meetings", meetings_component, requires=["doc._.kg_header", "doc._.kg_items"], assigns=["doc._.kg_meetings"])
_register("kg_tasks", tasks_component, requires=["doc._.kg_items", "doc._.kg_agencies", "doc._.kg_references",
                                          "doc._.kg_meetings"], assigns=["doc._.kg_tasks"])
_register("kg_relations", relations_component, requires=["doc._.kg_references", "doc._.kg_items"], assigns=["doc._.kg_relations"])


PIPE_NAMES = ("kg_header", "kg_agencies", "kg_references", "kg_structure", "kg_meetings", "kg_tasks",
              "kg_relations")
