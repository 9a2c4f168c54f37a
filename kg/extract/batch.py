"""Resolve number-only mentions across a batch of documents.

"Chỉ thị số 19 ... của Ban Thường vụ Tỉnh ủy" names a document that another document of the
batch cites in full ("Chỉ thị số 19-CT/TU ngày 11/6/2020 của Ban Thường vụ Tỉnh ủy"). A number-only
mention takes the symbol of the full mentions with the same kind and number, when they agree on
one symbol (the issuer decides between several); otherwise it stays unresolved.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import replace

from kg.extract.to_records import link_tasks
from kg.records import Extraction, Reference


def _key(text: str | None) -> str:
    folded = unicodedata.normalize("NFD", (text or "").lower())
    return re.sub(r"[\u0300-\u036f\s]", "", folded).replace("đ", "d")


def resolve_numbers(extractions: list[Extraction]) -> list[Extraction]:
    """The extractions with number-only mentions resolved where the batch allows."""
    full: dict[tuple[str, str], list[tuple[Reference, str]]] = defaultdict(list)
    for extraction in extractions:
        for ref in extraction.references:
            if ref.symbol and ref.number and ref.type_code:
                full[(ref.type_code, ref.number.lstrip("0"))].append((ref, extraction.source))
    out = []
    for extraction in extractions:
        changed: dict[int, Reference] = {}
        for index, ref in enumerate(extraction.references):
            if not (ref.number_only and ref.symbol is None and ref.type_code and ref.number):
                continue
            candidates = full.get((ref.type_code, ref.number.lstrip("0")), [])
            symbols = {c.symbol for c, _ in candidates}
            if len(symbols) > 1 and ref.issuer:
                candidates = [(c, s) for c, s in candidates if _key(c.issuer) == _key(ref.issuer)]
                symbols = {c.symbol for c, _ in candidates}
            if len(symbols) == 1:
                match, source = candidates[0]
                changed[index] = replace(ref, symbol=match.symbol, issuer_code=match.issuer_code,
                                         family=match.family, resolved_from=source)
        if not changed:
            out.append(extraction)
            continue
        references = tuple(changed.get(i, r) for i, r in enumerate(extraction.references))
        relations = tuple(
            replace(rel, object=references[rel.object_mention].symbol)
            if rel.object_mention in changed else rel
            for rel in extraction.relations
        )
        out.append(link_tasks(replace(extraction, references=references, relations=relations)))
    return out
