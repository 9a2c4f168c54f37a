"""The questions legal officers bring, beside lineage: tasks, a document's card, agencies.

- ``list_tasks``: tasks and agenda items with lead and cooperating agencies, deadline and source, filtered by
  agency (an agency's agenda items, which it prepares, count as its tasks), by the document they carry out,
  by deadline; each with its status as far as later documents of the corpus state it.
- ``document_status``: identity, what the document carries out, what carries it out (counts by kind), what
  replaced, amended or repealed it, each fact with where it is written.
- ``rank_agencies``: agencies by number of tasks led (or prepared) and cooperated on, with their aliases.

Task status, from the graph alone:
- ``reported``: a later document, draft or task reports on the task's document (kg:reportsOn);
- ``followed_up``: a later document or task of another file implements or continues the task's document;
- ``open``: nothing later says anything about it.
``overdue`` is separate: the deadline's last day is before ``as_of`` and no report was found. The corpus
does not yet say that one task is done (no statement names a task as completed), so a status is about the
task's document, not the task itself.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from kg.lineage.walk import CARRY, ROLES, lineage, natural_key

TASK_KINDS = ("task", "agenda_item")
CHANGES = ("replaces", "amends", "repeals")


def _when(view, node: str) -> str | None:
    """An ISO date (or year) for ordering: a document's date or year; a task's meeting date or its document's."""
    attrs = view.nodes[node]
    if attrs.get("kind") == "document":
        if attrs.get("date"):
            return attrs["date"]
        planned = [v for _, v, key in view.out_edges(node, keys=True) if key == "planned_in"]
        if planned:
            return _when(view, planned[0])
        return str(attrs["year"]) if attrs.get("year") else None
    if attrs.get("date"):
        return attrs["date"]
    document = attrs.get("document")
    return _when(view, document) if document in view else None


def _not_earlier(later: str | None, earlier: str | None) -> bool:
    if not later or not earlier:
        return True
    return later[: len(earlier)] >= earlier[: len(later)]


def _file_of(view, node: str) -> str | None:
    attrs = view.nodes[node]
    return attrs.get("source") or (view.nodes[attrs["document"]].get("source") if attrs.get("document") in view
                                   else None)


def task_status(view, task: str, cache: dict | None = None) -> tuple[str, list[dict]]:
    """(status, the statements that give it) for one task; see the module's docstring.

    The status is the task's document's, so ``cache`` (a dict kept across calls) computes it once per document.
    """
    document = view.nodes[task].get("document")
    if document not in view:
        return "open", []
    if cache is not None and document in cache:
        return cache[document]
    targets = {document} | {v for _, v, key in view.out_edges(document, keys=True) if key == "probably_same_as"} | {
        u for u, _, key in view.in_edges(document, keys=True) if key == "probably_same_as"}
    since, home = _when(view, document), _file_of(view, task)
    found = []
    for target in targets:
        for u, _, key, data in view.in_edges(target, keys=True, data=True):
            if key not in CARRY or view.nodes[u].get("document") == document or u == document:
                continue
            if _file_of(view, u) == home or not _not_earlier(_when(view, u), since):
                continue
            found.append({"by": u, "by_label": _label(view, u), "predicate": key, "inferred": bool(data.get("inferred"))
                          or target != document, "evidence": list(data.get("evidence") or ())})
    found.sort(key=lambda f: (f["predicate"] != "reports_on", f["inferred"], f["by"]))
    if any(f["predicate"] == "reports_on" for f in found):
        answer = "reported", found
    else:
        answer = ("followed_up" if found else "open"), found
    if cache is not None:
        cache[document] = answer
    return answer


def _label(view, node: str) -> str:
    attrs = view.nodes[node]
    if attrs.get("kind") in TASK_KINDS:
        where = _label(view, attrs["document"]) if attrs.get("document") in view else attrs.get("source") or ""
        return f"{attrs.get('label') or '?'} ({where})"
    return attrs.get("label") or attrs.get("symbol") or node


@dataclass
class TaskRow:
    node: str
    attrs: dict
    status: str
    status_by: list[dict] = field(default_factory=list)
    overdue: bool = False
    roles: list[str] = field(default_factory=list)  # the matched agency's roles, when filtered by agency
    inferred: bool = False  # reached through an inferred link (with --implements)

    def to_dict(self, view) -> dict:
        attrs = self.attrs
        document = attrs.get("document")
        return {"iri": self.node, "kind": attrs.get("kind"), "label": attrs.get("label"), "text": attrs.get("title"),
                "lead": list(attrs.get("lead") or ()), "cooperating": list(attrs.get("cooperating") or ()),
                "deadline": attrs.get("deadline"), "deadline_end": attrs.get("deadline_end"),
                "meeting_date": attrs.get("date"), "document": document,
                "document_label": _label(view, document) if document in view else None,
                "source": attrs.get("source"), "start": attrs.get("start"), "end": attrs.get("end"),
                "status": self.status, "status_by": self.status_by, "overdue": self.overdue, "roles": self.roles,
                "inferred": self.inferred}


def list_tasks(view, *, agencies: list[str] | None = None, implements: str | None = None,
               due_before: str | None = None, overdue: bool = False, as_of: str | None = None,
               explicit_only: bool = False) -> list[TaskRow]:
    """Tasks and agenda items, filtered. ``agencies`` are agency nodes (see ``refs.match_agencies``);
    ``implements`` a document node; dates are ISO strings (``as_of`` defaults to today)."""
    if implements is not None:
        result = lineage(view, implements, "down", only="tasks", explicit_only=explicit_only)
        candidates = {row.node: row.inferred for row in result.rows}
    else:
        candidates = {node: False for node, kind in view.nodes(data="kind") if kind in TASK_KINDS}
    roles: dict[str, set[str]] = defaultdict(set)
    if agencies is not None:
        for agency in agencies:
            for _, task, key in view.out_edges(agency, keys=True):
                if key in ROLES:
                    roles[task].add(key)
        candidates = {node: inferred for node, inferred in candidates.items() if node in roles}
    today = as_of or dt.date.today().isoformat()
    statuses: dict = {}
    rows = []
    for node, inferred in candidates.items():
        attrs = view.nodes[node]
        end = attrs.get("deadline_end")
        if due_before and not (end and end < due_before):
            continue
        status, by = task_status(view, node, statuses)
        late = bool(end and end < today and status != "reported")
        if overdue and not late:
            continue
        rows.append(TaskRow(node, dict(attrs), status, by, late, sorted(roles.get(node, ())), inferred))
    rows.sort(key=lambda r: (r.attrs.get("source") or "~", natural_key(r.attrs.get("label")), r.node))
    return rows


def _fact(view, key: str, data: dict, other: str) -> dict:
    return {"predicate": key, "label": data.get("label") or key, "node": other, "node_label": _label(view, other),
            "kind": view.nodes[other].get("kind"), "inferred": bool(data.get("inferred")),
            "evidence": list(data.get("evidence") or ())}


def document_status(view, node: str) -> dict:
    """The card of one document: identity, carries out, carried out by (counts), changes, identities."""
    attrs = view.nodes[node]
    identity = {k: attrs.get(k) for k in ("kind", "doc_kind", "symbol", "year", "date", "issuer", "title", "label",
                                          "read_from", "source", "draft", "inferred")}
    identity["iri"] = node
    carries_out, changes_made, changed_by, carried_by, identities = [], [], [], [], []
    for u, v, key, data in view.out_edges(node, keys=True, data=True):
        if key in (*CARRY, "based_on", "issued_with"):
            carries_out.append(_fact(view, key, data, v))
        elif key in CHANGES:
            changes_made.append(_fact(view, key, data, v))
        elif key == "probably_same_as":
            identities.append({**_fact(view, key, data, v), "confidence": data.get("confidence")})
    for u, v, key, data in view.in_edges(node, keys=True, data=True):
        if key in CHANGES:
            fact = _fact(view, key, data, u)
            planned = [t for _, t, k in view.out_edges(u, keys=True) if k == "planned_in"]
            if planned:
                fact["planned_in"] = [_label(view, t) for t in planned]
            changed_by.append(fact)
        elif key in (*CARRY, "issued_with") and view.nodes[u].get("document") != node:  # own tasks: counted apart
            carried_by.append(_fact(view, key, data, u))
        elif key == "probably_same_as":
            identities.append({**_fact(view, key, data, u), "confidence": data.get("confidence")})
    downstream = lineage(view, node, "down")
    counts = Counter(row.kind for row in downstream.rows)
    inferred = Counter(row.kind for row in downstream.rows if row.inferred)
    own_tasks = sum(1 for u, _, key in view.in_edges(node, keys=True)
                    if key == "part_of" and view.nodes[u].get("kind") in TASK_KINDS)

    def order(fact: dict) -> tuple:
        return fact["predicate"], fact["node_label"]

    return {"identity": identity, "written_in": attrs.get("read_from"),
            "carries_out": sorted(carries_out, key=order), "carried_out_by": sorted(carried_by, key=order),
            "carried_out_by_counts": dict(sorted(counts.items())),
            "carried_out_by_inferred": dict(sorted(inferred.items())), "own_tasks": own_tasks,
            "changed_by": sorted(changed_by, key=order), "changes": sorted(changes_made, key=order),
            "probable_identities": identities}


def rank_agencies(view, top: int | None = None) -> list[dict]:
    """Agencies (not groups of bodies) by tasks led or prepared, then cooperated on, with their aliases."""
    from kg.lineage.refs import _agency_index

    names = _agency_index(view)  # agency_names(view), kept per view
    rows = []
    for node, attrs in view.nodes(data=True):
        if attrs.get("kind") != "agency" or attrs.get("group"):
            continue
        led, prepared, cooperated = set(), set(), set()
        for _, task, key in view.out_edges(node, keys=True):
            {"leads": led, "prepares": prepared, "cooperates": cooperated}.get(key, set()).add(task)
        if not (led or prepared or cooperated):
            continue
        aliases = sorted(set(attrs.get("aliases") or ()) | _display_aliases(attrs.get("label"), names.get(node)))
        rows.append({"iri": node, "agency": attrs.get("label"), "jurisdiction": attrs.get("jurisdiction"),
                     "led": len(led - prepared), "prepared": len(prepared), "cooperated": len(cooperated),
                     "tasks": len(led | prepared | cooperated), "aliases": aliases})
    rows.sort(key=lambda r: (-(r["led"] + r["prepared"]), -r["cooperated"], r["agency"] or ""))
    return rows[:top] if top else rows


@cache
def _folded_entries() -> list:
    """(folded name, entry) for every agency of the pattern data, folded once."""
    from kg.extract.patterns import agency_entries
    from kg.lineage.refs import fold

    return [(fold(entry.name), entry) for entry in agency_entries()]


def _display_aliases(label: str | None, folded: set[str] | None) -> set[str]:
    """The pattern data's aliases of an agency, as written there (not folded)."""
    if not label or not folded:
        return set()
    found = set()
    for name, entry in _folded_entries():
        if name in folded:
            found.update(entry.aliases)
            if entry.name != label:
                found.add(entry.name)
    return found - {label}
