"""The lineage view: a NetworkX ``MultiDiGraph`` projected from the store, cached by the store's generation.

Nodes are documents, tasks (and agenda items, events), meetings and agencies, keyed by IRI, with explicit
attributes; literals are attributes, never nodes. Edges carry a ``predicate``, a ``label``, ``inferred`` and
their ``evidence`` (a list of ``{source, start, end, quote}``). Only the predicates the questions need are
projected, with one single-pattern SELECT per property over the whole store (never one per node), joined in
Python dictionaries: an on-disk Oxigraph answers ``?s kg:start ?o`` at a few microseconds a row, and a
three-pattern join at ten times that. About 0.6-0.8 s per 100k triples; the pickle reads back in ~0.5 s
per million triples (bench/bench_lineage.py).

Edge directions: documents and tasks point at what they carry out (``implements``, ``continues``,
``reports_on`` ...); tasks and meetings point at what they belong to (``part_of``); a meeting points at its
agenda items (``agenda_item``); an agency points at the tasks it ``leads``, ``cooperates`` on or ``prepares``;
a draft points at the task that asks for it (``planned_in``); ``probably_same_as`` links two nodes that
probably denote one document (kg:probablySameAs, inferred by the corpus resolver).

A relation stated inside a task about the task's own document ("(1) Tập trung thực hiện tốt Kế hoạch số
02/KH-UBND", stated in item 1.(1) of a conclusion notice) is the task's: the edge starts at the task, not at
the whole document, so the document's other tasks do not inherit it.

An edge is ``inferred`` when no explicit statement supports it: its statement says kg:inferred true, the
corpus resolver (named graph ``urn:kg:resolution``) completed it, or it exists only in that graph.

    view = read_view(".kg/store")          # built once per store generation, then from memory or the pickle
"""
from __future__ import annotations

import gc
import os
import pickle
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

VIEW_VERSION = 2  # bump when the projection changes: older pickles are rebuilt
RESOLUTION_GRAPH = "urn:kg:resolution"
KG = "https://w3id.org/kg-vn/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

# RDF property (local name) -> view predicate
DOCUMENT_EDGES = {"implements": "implements", "continues": "continues", "basedOn": "based_on",
                  "replaces": "replaces", "amends": "amends", "repeals": "repeals", "issuedWith": "issued_with",
                  "reportsOn": "reports_on", "taskImplements": "implements"}
ROLE_EDGES = {"leadAgency": "leads", "cooperatingAgency": "cooperates", "preparedBy": "prepares",
              "assignedTo": "leads", "leadGroup": "leads", "cooperatingGroup": "cooperates"}
STRUCTURE_EDGES = {"partOf": "part_of", "agendaItem": "agenda_item", "plannedIn": "planned_in",
                   "probablySameAs": "probably_same_as"}
_PRIORITY = [*DOCUMENT_EDGES, *ROLE_EDGES, *STRUCTURE_EDGES]
LITERALS = ("symbol", "year", "dateIssued", "title", "issuerName", "isDraft", "label", "deadline", "deadlineEnd",
            "meetingDate", "jurisdiction", "category", "path", "confidence", "inferenceMethod")

_CACHE: dict[str, tuple[str, object]] = {}
_LOCK = threading.Lock()


def view_cache_path(store_path: str | os.PathLike) -> Path:
    """Where the pickled view of a store lives: beside the store folder, never inside it."""
    folder = Path(os.path.abspath(store_path))
    return folder.with_name(folder.name + ".lineage.pickle")


def read_view(store, *, rebuild: bool = False):
    """The view of ``store`` (a folder or an open ``GraphStore``): from memory, the pickle, or built now.

    Keyed on ``GraphStore.generation()``: any write to the store makes the next call rebuild.
    """
    from kg.store import GraphStore

    graph_store = store if isinstance(store, GraphStore) else GraphStore.open(store, read_only=True)
    key = os.path.abspath(graph_store.path)
    generation = graph_store.generation()  # read before building: a write during the build only rebuilds again
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit[0] == generation and not rebuild:
        return hit[1]
    cache_file = view_cache_path(graph_store.path)
    with _no_gc():
        view = None if rebuild else _read_pickle(cache_file, generation)
        if view is None:
            view = build_view(graph_store)
            view.graph["generation"] = generation
            _write_pickle(cache_file, view)
    gc.freeze()  # a view is long-lived: keep the collector from scanning its million objects on every question
    with _LOCK:
        _CACHE[key] = (generation, view)
    return view


@contextmanager
def _no_gc():
    """No cyclic garbage collection while a view is made: it only allocates (2-3x faster unpickling)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def clear_cache() -> None:
    """Forget the in-process views (the pickles stay; they are checked against the generation)."""
    with _LOCK:
        _CACHE.clear()


def _read_pickle(path: Path, generation: str):
    try:
        with open(path, "rb") as handle:
            saved = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("version") != VIEW_VERSION or saved.get("generation") != generation:
        return None
    return saved.get("graph")


def _write_pickle(path: Path, view) -> None:
    """Write atomically (temporary file, then rename); a read-only folder only costs the next process a build."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            pickle.dump({"version": VIEW_VERSION, "generation": view.graph.get("generation"), "graph": view},
                        handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


# -- the ontology: document classes, their depth and Vietnamese labels -------------------------------------

@lru_cache(maxsize=1)
def ontology_terms() -> tuple[dict[str, tuple[int, str]], dict[str, str]]:
    """(document class IRI -> (depth under kg:Document, @vi label), kg property local name -> @vi label)."""
    import pyoxigraph

    try:
        from kg.ontology import ONTOLOGY
    except ImportError:  # a source checkout: ontology/ sits beside kg/
        ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "kg.ttl"
    parents: dict[str, str] = {}
    labels: dict[str, str] = {}
    for triple in pyoxigraph.parse(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE):
        s, p, o = triple.subject.value, triple.predicate.value, triple.object
        if p == RDFS_SUBCLASS and o.value.startswith(KG):
            parents[s] = o.value
        elif p == RDFS_LABEL and getattr(o, "language", None) == "vi" and s.startswith(KG):
            labels[s] = o.value
    classes: dict[str, tuple[int, str]] = {KG + "Document": (0, labels.get(KG + "Document", "Văn bản"))}
    for cls in parents:
        chain, node = 0, cls
        while node in parents and chain < 10:
            node, chain = parents[node], chain + 1
        if node == KG + "Document":
            classes[cls] = (chain, labels.get(cls, cls.rsplit("#", 1)[-1]))
    properties = {s[len(KG):]: label for s, label in labels.items() if s[len(KG):][:1].islower()}
    return classes, properties


# -- building ------------------------------------------------------------------------------------------------

def _pairs(store, prop: str, obj: str = "?o") -> list[tuple[str, ...]]:
    """(subject, object) values of one property over the whole store (one pattern: no join in the store,
    which is where an on-disk Oxigraph spends its time); with a fixed ``obj``, the subjects only."""
    if obj != "?o":
        return [(row[0].value,) for row in store.query(f"SELECT ?s WHERE {{ ?s {prop} {obj} }}")]
    return [(row[0].value, row[1].value) for row in store.query(f"SELECT ?s ?o WHERE {{ ?s {prop} ?o }}")]


def _resolution(store, sparql: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(sparql)]


def build_view(store):
    """Project the store (an open ``GraphStore``) into a fresh ``networkx.MultiDiGraph``."""
    import networkx as nx

    started = time.perf_counter()
    classes, property_labels = ontology_terms()

    # 1. nodes and their kinds; a node typed only in the resolution graph is inferred
    kinds: dict[str, str] = {}
    doc_kind: dict[str, tuple[int, str]] = {}
    groups: set[str] = set()
    for cls, (level, label) in classes.items():
        for (node,) in _pairs(store, "a", f"<{cls}>"):
            kinds[node] = "document"
            if level >= doc_kind.get(node, (-1, ""))[0]:
                doc_kind[node] = (level, label)
    for local, kind in (("Task", "task"), ("Event", "task"), ("AgendaItem", "agenda_item"), ("Meeting", "meeting"),
                        ("Agency", "agency"), ("AgencyGroup", "agency")):
        for (node,) in _pairs(store, "a", f"kg:{local}"):
            kinds[node] = kind
            if local == "AgencyGroup":
                groups.add(node)
    resolution_only = {s for (s,) in _resolution(store, f"""SELECT DISTINCT ?s WHERE {{
        GRAPH <{RESOLUTION_GRAPH}> {{ ?s a ?t }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?s a ?u }}
        FILTER(?g != <{RESOLUTION_GRAPH}>) }} }}""")}

    # 2. literal attributes (of nodes, files and identity hypotheses): property -> subject -> values
    literals: dict[str, dict[str, set]] = {}
    for name in LITERALS:
        table = literals[name] = defaultdict(set)
        for s, o in _pairs(store, f"kg:{name}"):
            table[s].add(o)
    for name, prop in (("rdfs_label", "rdfs:label"), ("aliases", "skos:altLabel")):
        table = literals[name] = defaultdict(set)
        for s, o in _pairs(store, prop):
            table[s].add(o)
    files = {s: min(values) for s, values in literals["path"].items()}

    def one(name: str, node: str):
        values = literals[name].get(node)
        return min(values) if values else None

    # 3. evidence spans, and what they are the evidence of
    starts, ends, quotes = (dict(_pairs(store, f"kg:{name}")) for name in ("start", "end", "quote"))
    # a span's IRI sits under its file's (kg/graph/iris.py): ask the store only for the others' kg:source
    source_of = {e: e.rsplit("/", 2)[0] for e in starts}
    if any(file not in files for file in source_of.values()):
        source_of.update(_pairs(store, "kg:source"))
    spans: dict[str, dict] = {}
    for e, start in starts.items():
        if e in ends:
            spans[e] = {"source": files.get(source_of[e], source_of[e]), "start": int(start), "end": int(ends[e]),
                        "quote": quotes.get(e, "")}
    evidence_of: dict[str, list[dict]] = defaultdict(list)
    for x, e in _pairs(store, "kg:evidence"):
        span = spans.get(e)
        if span is not None:
            evidence_of[x].append(span)

    # 4. statements: who says what, in which task, inferred or not
    resolved = {x for (x,) in _resolution(store, f"SELECT DISTINCT ?x WHERE {{ GRAPH <{RESOLUTION_GRAPH}> "
                                                 "{ ?x ?p ?o } }")}
    statement_predicate = {st: p[len(KG):] for st, p in _pairs(store, "rdf:predicate") if p.startswith(KG)}
    subject_of, object_of = dict(_pairs(store, "rdf:subject")), dict(_pairs(store, "rdf:object"))
    stated_in = dict(_pairs(store, "kg:statedIn"))
    inferred_statements = {st for (st,) in _pairs(store, "kg:inferred", "true")} | resolved
    assigned = dict(_pairs(store, "kg:assignedIn"))

    support: dict[tuple[str, str, str], dict] = {}  # view edge key -> {"explicit", "evidence", "rdf"}
    covered: set[tuple[str, str, str]] = set()

    def supported(key, local: str, explicit: bool, evidence) -> None:
        entry = support.get(key)
        if entry is None:
            entry = support[key] = {"explicit": False, "evidence": [], "rdf": set()}
        entry["rdf"].add(local)
        entry["explicit"] = entry["explicit"] or explicit
        for span in evidence:
            if span not in entry["evidence"]:
                entry["evidence"].append(span)

    for st, local in statement_predicate.items():
        s, o = subject_of.get(st), object_of.get(st)
        if s is None or o is None or not (local in DOCUMENT_EDGES or local in ROLE_EDGES
                                          or local == "probablySameAs"):
            continue
        covered.add((s, local, o))
        if local in ROLE_EDGES:
            if kinds.get(s) not in ("task", "agenda_item") or o not in kinds:
                continue  # a role given to a whole document: reified only
            key = (o, s, ROLE_EDGES[local])
        elif local == "probablySameAs":
            key = (min(s, o), max(s, o), "probably_same_as")  # symmetric: one edge per pair
        else:
            task = stated_in.get(st)
            subject = task if task and kinds.get(s) == "document" and assigned.get(task) == s else s
            key = (subject, o, DOCUMENT_EDGES[local])
        supported(key, local, st not in inferred_statements, evidence_of.get(st, ()))

    # 5. direct edges no statement covers (structure, roles without words, the resolver's own edges)
    in_resolution = {(s, p[len(KG):], o) for s, p, o in _resolution(
        store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?s ?p ?o }} FILTER(isIRI(?o)) }}")
        if p.startswith(KG)}
    agenda = set()
    for local in (*DOCUMENT_EDGES, *ROLE_EDGES, *STRUCTURE_EDGES):
        for s, o in _pairs(store, f"kg:{local}"):
            if (s, local, o) in covered or (local == "probablySameAs" and (o, local, s) in covered):
                continue
            if local in ROLE_EDGES:
                key, evidence = (o, s, ROLE_EDGES[local]), evidence_of.get(s, ())
            elif local == "agendaItem":
                key, evidence = (s, o, "agenda_item"), evidence_of.get(o, ())
                agenda.add((o, s))
            elif local == "probablySameAs":
                key, evidence = (min(s, o), max(s, o), "probably_same_as"), ()
            else:
                key = (s, o, DOCUMENT_EDGES.get(local) or STRUCTURE_EDGES[local])
                evidence = evidence_of.get(s, ())
            explicit = (s, local, o) not in in_resolution and local != "probablySameAs"
            supported(key, local, explicit, () if key in support else evidence)
    for item, meeting in agenda:  # an agenda item's meeting is already linked by agenda_item
        support.pop((item, meeting, "part_of"), None)
    hypotheses = {}
    for h in {h for (h,) in _pairs(store, "a", "kg:IdentityHypothesis")}:
        if h in subject_of and h in object_of:
            hypotheses[(subject_of[h], object_of[h])] = hypotheses[(object_of[h], subject_of[h])] = h

    # -- assemble ---------------------------------------------------------------------------------------------
    read_from, issuer_of = dict(_pairs(store, "kg:readFrom")), dict(_pairs(store, "kg:issuer"))
    agency_label = {node: one("rdfs_label", node) or node.rsplit("/", 1)[-1]
                    for node, kind in kinds.items() if kind == "agency"}
    leads, cooperating = defaultdict(set), defaultdict(set)
    for (u, v, predicate) in support:
        if predicate in ("leads", "prepares") and u in agency_label:
            leads[v].add(agency_label[u])
        elif predicate == "cooperates" and u in agency_label:
            cooperating[v].add(agency_label[u])

    nodes = []
    for node, kind in kinds.items():
        row = {"kind": kind, "iri": node, "inferred": node in resolution_only}
        if kind == "document":
            symbol, year = one("symbol", node), one("year", node)
            label = doc_kind.get(node, (0, "Văn bản"))[1]
            row.update(doc_kind=label, symbol=symbol, year=int(year) if year else None, date=one("dateIssued", node),
                       title=one("title", node), jurisdiction=one("jurisdiction", node),
                       issuer=one("issuerName", node) or agency_label.get(
                           issuer_of.get(node, "")), read_from=files.get(read_from.get(node, "")),
                       source=files.get(read_from.get(node, "")) or (evidence_of.get(node) or [{}])[0].get("source"),
                       draft=one("isDraft", node) == "true",
                       label=one("rdfs_label", node) or " ".join(x for x in (label, symbol) if x))
        elif kind in ("task", "agenda_item"):
            evidence = evidence_of.get(node) or [{}]
            row.update(label=one("label", node) or "", title=one("rdfs_label", node), lead=sorted(leads[node]),
                       cooperating=sorted(cooperating[node]), deadline=one("deadline", node),
                       deadline_end=one("deadlineEnd", node), date=one("meetingDate", node),
                       document=assigned.get(node), source=evidence[0].get("source"),
                       start=evidence[0].get("start"), end=evidence[0].get("end"))
        elif kind == "meeting":
            evidence = evidence_of.get(node) or [{}]
            row.update(label=one("title", node) or one("rdfs_label", node) or "meeting", title=one("title", node),
                       date=one("meetingDate", node), source=evidence[0].get("source"))
        else:
            row.update(label=agency_label[node], aliases=sorted(literals["aliases"].get(node, ())),
                       jurisdiction=one("jurisdiction", node), category=one("category", node), group=node in groups)
        nodes.append((node, row))
    graph = nx.MultiDiGraph(version=VIEW_VERSION, store=os.path.abspath(store.path))
    graph.add_nodes_from(nodes)

    edges = []
    for (u, v, predicate), entry in support.items():
        if u not in kinds or v not in kinds:
            continue  # an end that is no node of the view (a file, a mention)
        rdf = min(entry["rdf"], key=_PRIORITY.index)
        attrs = {"predicate": predicate, "label": property_labels.get(rdf, rdf),
                 "inferred": not entry["explicit"], "evidence": entry["evidence"]}
        if predicate == "probably_same_as":
            h = hypotheses.get((u, v))
            if h is not None:
                confidence = one("confidence", h)
                attrs.update(inferred=True, confidence=float(confidence) if confidence is not None else None,
                             method=one("inferenceMethod", h), evidence=attrs["evidence"] or evidence_of.get(h, []))
        edges.append((u, v, predicate, attrs))
    graph.add_edges_from(edges)
    graph.graph["built_seconds"] = round(time.perf_counter() - started, 3)
    return graph

