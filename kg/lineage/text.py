"""Text forms of the answers for the terminal: a tree of paths, tables, CSV rows, a document card.

Every hop shows where it is written: ``file:start-end "quote"``; inferred hops and rows say so.
"""
from __future__ import annotations

import csv
import io

QUOTE_LIMIT = 90


def short(text: str | None, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def where(evidence) -> str:
    """The first evidence span as ``file:start-end "quote"`` (and how many more there are)."""
    if not evidence:
        return "no span recorded"
    first = evidence[0]
    quote = f' "{short(first.get("quote"), 70)}"' if first.get("quote") else ""
    more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
    return f'{first.get("source")}:{first.get("start")}-{first.get("end")}{quote}{more}'


def node_line(attrs: dict) -> str:
    """One line about a node: what it is, when, who, where."""
    kind = attrs.get("kind")
    if kind in ("task", "agenda_item"):
        name = "agenda item" if kind == "agenda_item" else "task"
        label, body = attrs.get("label") or "?", str(attrs.get("title") or "")
        while label != "?" and body.startswith(label):  # the text repeats the item number: "1.1 1.1. Sở ..."
            body = body[len(label):].lstrip(" .)")
        parts = [f"{name} {label}: {short(body, 70)}"]
        if attrs.get("lead"):
            parts.append(("prepared by " if kind == "agenda_item" else "lead ") + ", ".join(attrs["lead"]))
        if attrs.get("cooperating"):
            parts.append("with " + ", ".join(attrs["cooperating"]))
        if attrs.get("deadline"):
            parts.append(f"deadline {attrs['deadline']}")
    elif kind == "meeting":
        parts = [f"meeting {attrs.get('date') or ''} {short(attrs.get('label'), 60)}".replace("  ", " ")]
    else:
        when = attrs.get("date") or attrs.get("year")
        parts = [f"{attrs.get('label') or attrs.get('iri')}" + (f" ({when})" if when else "")]
        if attrs.get("draft"):
            parts.append("draft")
        if attrs.get("title"):
            parts.append(short(attrs["title"], 70))
    if attrs.get("source"):
        parts.append(attrs["source"])
    return " — ".join(parts)


def _sequence(root: str, path) -> list[str]:
    nodes = [root]
    for hop in path:
        nodes.append(hop.object if hop.subject == nodes[-1] else hop.subject)
    return nodes


def render_tree(view, result) -> str:
    """The lineage as a tree from the root; each line names the hop that leads to it and its evidence."""
    children: dict[str, list] = {}
    hop_to: dict[str, object] = {}
    rows = {row.node: row for row in result.rows}
    for row in result.rows:
        sequence = _sequence(result.root, row.path)
        for parent, child, hop in zip(sequence, sequence[1:], row.path):
            if child not in hop_to:
                hop_to[child] = hop
                children.setdefault(parent, []).append(child)
    for kids in children.values():
        kids.sort(key=lambda node: _order(view, node))
    lines = [node_line(view.nodes[result.root]) + f"  <{result.root}>"]

    def visit(node: str, prefix: str) -> None:
        kids = children.get(node, [])
        for index, child in enumerate(kids):
            last = index == len(kids) - 1
            hop = hop_to[child]
            arrow = "←" if hop.subject == child else "→"
            flag = " [inferred]" if hop.inferred else ""
            shown = "" if child in rows else " (on the way)"
            lines.append(f"{prefix}{'└── ' if last else '├── '}{arrow} {hop.label}{flag}: "
                         f"{node_line(view.nodes[child])}{shown}")
            lines.append(f"{prefix}{'    ' if last else '│   '}    at {where(hop.evidence)}")
            visit(child, prefix + ("    " if last else "│   "))

    visit(result.root, "")
    return "\n".join(lines)


def _order(view, node: str) -> tuple:
    from kg.lineage.walk import KIND_ORDER, natural_key

    attrs = view.nodes[node]
    return (KIND_ORDER.get(attrs.get("kind"), 9), attrs.get("source") or "~", natural_key(attrs.get("label")), node)


def render_table(headers: list[str], rows: list[list], widths: dict[str, int] | None = None) -> str:
    """A plain fixed-width table; long cells are cut with an ellipsis."""
    widths = widths or {}
    cells = [[short(_cell(value), widths.get(h, 60)) for h, value in zip(headers, row)] for row in rows]
    sizes = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(sizes[i]) for i, h in enumerate(headers)).rstrip(),
           "  ".join("-" * sizes[i] for i in range(len(headers)))]
    out += ["  ".join(cell.ljust(sizes[i]) for i, cell in enumerate(row)).rstrip() for row in cells]
    return "\n".join(out)


def _cell(value) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def render_csv(headers: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().rstrip("\n")


LINEAGE_COLUMNS = ["kind", "label", "date", "lead", "deadline", "source", "hops", "inferred", "path", "evidence",
                   "iri"]


def lineage_rows(view, result) -> list[list]:
    """Rows for the table and CSV forms: the path as labels and predicates, the evidence as file spans."""
    rows = []
    for row in result.rows:
        attrs = row.attrs
        sequence = _sequence(result.root, row.path)
        steps = [_name(view, sequence[0])]
        for node, hop in zip(sequence[1:], row.path):
            arrow = f"<-{hop.predicate}-" if hop.subject == node else f"-{hop.predicate}->"
            steps.append(f"{arrow}{'?' if hop.inferred else ''} {_name(view, node)}")
        evidence = [f"{h.evidence[0]['source']}:{h.evidence[0]['start']}-{h.evidence[0]['end']}" if h.evidence
                    else "-" for h in row.path]
        rows.append([attrs.get("kind"), attrs.get("label"), attrs.get("date") or attrs.get("year"), attrs.get("lead") or [],
                     attrs.get("deadline"), attrs.get("source"), row.depth, "yes" if row.inferred else "",
                     " ".join(steps), " | ".join(evidence), row.node])
    return rows


def _name(view, node: str) -> str:
    attrs = view.nodes[node]
    if attrs.get("kind") in ("task", "agenda_item"):
        return f"{attrs.get('label') or '?'}"
    return attrs.get("symbol") or attrs.get("label") or node


def render_card(card: dict) -> str:
    """The ``kg status`` card as text."""
    identity = card["identity"]
    lines = [f"{identity.get('label')}  <{identity['iri']}>"]
    for key in ("doc_kind", "symbol", "year", "date", "issuer", "title"):
        if identity.get(key) not in (None, ""):
            lines.append(f"  {key:<8} {identity[key]}")
    lines.append(f"  written  {card.get('written_in') or identity.get('source') or 'in no file of the corpus (cited only)'}")
    if identity.get("draft"):
        lines.append("  draft    yes (no number yet)")
    sections = (("Carries out", card["carries_out"]), ("Carried out by (direct)", card["carried_out_by"]),
                ("Replaced, amended or repealed by", card["changed_by"]), ("Replaces, amends or repeals",
                                                                          card["changes"]),
                ("Probably the same document as", card["probable_identities"]))
    for title, facts in sections:
        if not facts:
            continue
        lines.append(f"{title}:")
        for fact in facts:
            flag = " [inferred]" if fact.get("inferred") else ""
            planned = f" (asked for in {', '.join(fact['planned_in'])})" if fact.get("planned_in") else ""
            lines.append(f"  {fact['label']}{flag}: {fact['node_label']}{planned}")
            lines.append(f"      at {where(fact.get('evidence'))}")
    counts = card["carried_out_by_counts"]
    if counts:
        inferred = card.get("carried_out_by_inferred") or {}
        summary = ", ".join(f"{n} {kind}" + (f" ({inferred[kind]} inferred)" if inferred.get(kind) else "")
                            for kind, n in counts.items())
        lines.append(f"Carried out by, transitively: {summary}")
    lines.append(f"Own tasks and agenda items: {card['own_tasks']}")
    return "\n".join(lines)
