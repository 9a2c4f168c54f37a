"""The HTML card of one resource: label, types, literal properties, links out and in, evidence.

The card is generic: it knows no class of the ontology. Objects reached through a property whose local
name is ``evidence`` or ``mention(s)`` are shown as quoted evidence (the quote, its source file and its
character span); other blank nodes are shown inline under the link that reaches them.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

from kg.server.evaluate import KG, RDF, RDFS
from kg.server.pages import (
    bilingual, esc, local_href, pick_label, render_iri, render_page, render_term, short_name,
)

_EVIDENCE = re.compile(r"(evidence|mentions?)$", re.IGNORECASE)
_QUOTE_NAMES = {"quote", "text", "excerpt", "evidence", "snippet"}
_SOURCE_NAMES = {"source", "file", "sourcefile", "path"}
_START_NAMES = {"start", "begin", "startoffset"}
_END_NAMES = {"end", "endoffset"}


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _key(term: dict) -> tuple:
    return (term["type"], term["value"], term.get("xml:lang", ""), term.get("datatype", ""))


def _group(rows: list[dict], outer: tuple[str, str], inner: tuple[str, str]) -> list[tuple]:
    """[(a, b, [(c, d), ...]), ...]: rows of (a, b, c?, d?) grouped by (a, b), in first-seen order."""
    groups: dict[tuple, tuple] = {}
    for row in rows:
        a, b = row[outer[0]], row[outer[1]]
        key = (_key(a), _key(b))
        if key not in groups:
            groups[key] = (a, b, [])
        if inner[0] in row and inner[1] in row:
            pair = (row[inner[0]], row[inner[1]])
            if pair not in groups[key][2]:
                groups[key][2].append(pair)
    return list(groups.values())


def render_evidence(heading: str, facts: list, base: str, labels: dict, *, others: bool = True) -> str:
    """A quote with its source and span, then (``others``) whatever else the evidence node says."""
    quotes, source, start, end, rest = [], None, None, None, []
    for p, value in facts:
        name = local_name(p["value"]).lower()
        if name in _QUOTE_NAMES and value["type"] == "literal":
            quotes.append(value)
        elif name in _SOURCE_NAMES:
            source = value
        elif name in _START_NAMES:
            start = value["value"]
        elif name in _END_NAMES:
            end = value["value"]
        elif others:
            rest.append((p, value))
    parts = [f"<blockquote>{esc(quote['value'])}</blockquote>" for quote in quotes]
    where = []
    if source is not None:
        where.append(f"{bilingual('nguồn', 'source')}: {render_term(source, base, labels)}")
    if start is not None or end is not None:
        where.append(f"{bilingual('ký tự', 'characters')} {esc(start)}–{esc(end)}")
    if where:
        parts.append(f'<p class="muted">{" · ".join(where)}</p>')
    parts += [f"<div>{render_iri(p['value'], base, labels)}: {render_term(v, base, labels)}</div>"
              for p, v in rest]
    return f'<div class="card">{heading}{"".join(parts)}</div>'


def _is_quote(predicate: dict, value: dict) -> bool:
    return value["type"] == "literal" and local_name(predicate["value"]).lower() in _QUOTE_NAMES


def render_card(card: dict, base: str, nonce: str) -> str:
    """The page of one resource (``card`` comes from the worker's Engine.card)."""
    iri, labels = card["iri"], card["labels"]
    outgoing = _group(card["out"], ("p", "o"), ("p2", "o2"))
    names = [o for p, o, _ in outgoing if p["value"] == RDFS + "label"]
    types = [o for p, o, _ in outgoing if p["value"] == RDF + "type"]
    title = pick_label(names) or short_name(iri)

    literal_rows, link_rows, evidence = [], [], []
    own = [(p, o) for p, o, _ in outgoing]
    if any(_is_quote(p, o) for p, o in own):  # the resource is itself a span: a mention, an evidence
        evidence.append(render_evidence("", own, base, labels, others=False))
    for p, o, nested in outgoing:
        if p["value"] in (RDFS + "label", RDF + "type"):
            continue
        if _EVIDENCE.search(p["value"]) and any(_is_quote(p2, o2) for p2, o2 in nested):
            heading = f"<b>{render_iri(p['value'], base, labels)}</b>"
            if o["type"] != "bnode":
                heading += f" ({render_term(o, base, labels)})"
            evidence.append(render_evidence(heading, nested, base, labels))
        elif o["type"] == "literal":
            literal_rows.append(_row(p, render_term(o, base, labels), base, labels))
        else:
            inner = "".join(
                f'<div class="muted">{render_iri(p2["value"], base, labels)}: '
                f"{render_term(o2, base, labels)}</div>"
                for p2, o2 in nested
            )
            link_rows.append(_row(p, render_term(o, base, labels) + inner, base, labels))

    incoming_rows = []
    for s, p, owners in _group(card["in"], ("s", "p"), ("owner", "via")):
        shown = render_term(s, base, labels)
        if s["type"] == "bnode" and owners:
            shown = ", ".join(render_term(owner, base, labels) for owner, _ in owners)
        incoming_rows.append(_row(p, shown, base, labels, subject_first=True))

    heading = f"<h1>{esc(title)}</h1><p><code>{esc(iri)}</code></p>"
    other_names = "".join(
        f"<div>{render_term(name, base, labels)}</div>" for name in names if name["value"] != title
    )
    type_line = ", ".join(render_term(t, base, labels) for t in types)
    sections = [heading, other_names]
    if type_line:
        sections.append(f"<p>{bilingual('Loại', 'Type')}: {type_line}</p>")
    if any(p["value"] == KG + "symbol" for p, _, _ in outgoing):
        sections.append(
            f'<p><a href="/view?{urlencode({"iri": iri})}">'
            f"{bilingual('Xem chuỗi văn bản', 'Lineage view')}</a></p>"
        )
    sections.append(_section("Thuộc tính", "Properties", literal_rows))
    sections.append(_section("Liên kết đi", "Outgoing links", link_rows))
    sections.append(_section("Liên kết đến", "Incoming links", incoming_rows))
    if evidence:
        sections.append(f"<h2>{bilingual('Trích dẫn', 'Evidence')}</h2>{''.join(evidence)}")
    if card["uses"]:
        uses = [
            f"<tr><td>{render_term(row['s'], base, labels)}</td><td>{render_term(row['o'], base, labels)}</td></tr>"
            for row in card["uses"]
        ]
        sections.append(f"<h2>{bilingual('Dùng làm thuộc tính', 'Used as a property')}</h2>"
                        f"<table>{''.join(uses)}</table>")
    if card["graphs"]:
        graphs = ", ".join(f"<code>{esc(graph)}</code>" for graph in card["graphs"])
        sections.append(f"<p>{bilingual('Nguồn (đồ thị)', 'Source graphs')}: {graphs}</p>")
    if card["truncated"]:
        sections.append(f'<p class="muted">{bilingual("Danh sách đã bị cắt bớt.", "Lists truncated.")}</p>')
    alternates = " · ".join(
        f'<a href="{esc(local_href(iri, base))}{"&" if "?" in local_href(iri, base) else "?"}format={key}">{name}</a>'
        for key, name in (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"))
    )
    sections.append(f'<p class="muted">RDF: {alternates}</p>')
    return render_page(title, "".join(sections), nonce)


def _row(predicate: dict, shown: str, base: str, labels: dict, subject_first: bool = False) -> str:
    via = render_iri(predicate["value"], base, labels)
    cells = (shown, via) if subject_first else (via, shown)
    return f"<tr><td>{cells[0]}</td><td>{cells[1]}</td></tr>"


def _section(vi: str, en: str, rows: list[str]) -> str:
    if not rows:
        return ""
    return f"<h2>{bilingual(vi, en)}</h2><table>{''.join(rows)}</table>"
