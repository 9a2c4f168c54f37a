"""The kg ontology namespace, the namespaces it aligns to, and the document kinds it defines.

``KG`` lists every term of ``ontology/kg.ttl`` (a test checks that the two lists are equal), and
``_fail = True`` makes a misspelt term an error at the line that uses it::

    >>> KG.implements
    rdflib.term.URIRef('https://w3id.org/kg-vn/ontology#implements')
    >>> KG.implemnts
    Traceback (most recent call last):
    AttributeError: term 'implemnts' not in namespace 'https://w3id.org/kg-vn/ontology#'

The kind classes (kg:Resolution "Nghị quyết", ...) are read from the ontology itself, through their
``@vi`` labels and ``kg:kindCode`` annotations, so that a domain expert extends one file.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

ELI = Namespace("http://data.europa.eu/eli/ontology#")

__all__ = [
    "DCTERMS",
    "ELI",
    "KG",
    "ORG",
    "PROV",
    "SKOS",
    "TIME",
    "bind_namespaces",
    "document_class",
    "kind_code",
    "ontology_files",
    "superclasses",
]


class KG(DefinedNamespace):
    """The terms of ontology/kg.ttl, namespace ``https://w3id.org/kg-vn/ontology#``."""

    _NS = Namespace("https://w3id.org/kg-vn/ontology#")
    _fail = True

    # Classes: documents and their kinds
    Document: URIRef
    Resolution: URIRef
    Plan: URIRef
    Directive: URIRef
    Decision: URIRef
    Decree: URIRef
    Circular: URIRef
    JointCircular: URIRef
    Law: URIRef
    Code: URIRef
    Ordinance: URIRef
    Conclusion: URIRef
    Notice: URIRef
    Submission: URIRef
    Report: URIRef
    Dispatch: URIRef
    OfficialLetter: URIRef
    Programme: URIRef
    WorkProgramme: URIRef
    Scheme: URIRef
    Regulation: URIRef
    Guidance: URIRef
    Option: URIRef
    Minutes: URIRef
    # Classes: agents, meetings, tasks, provenance
    Agency: URIRef
    AgencyGroup: URIRef
    Person: URIRef
    Meeting: URIRef
    Task: URIRef
    AgendaItem: URIRef
    Event: URIRef
    SourceFile: URIRef
    Evidence: URIRef
    Mention: URIRef
    RelationStatement: URIRef
    IdentityHypothesis: URIRef
    Conflict: URIRef
    # Annotation property and datatype
    kindCode: URIRef
    yearQuarter: URIRef
    # Identity of a document
    symbol: URIRef
    number: URIRef
    year: URIRef
    dateIssued: URIRef
    issuer: URIRef
    issuerName: URIRef
    issuerCode: URIRef
    signer: URIRef
    signerPosition: URIRef
    signatureBlock: URIRef
    title: URIRef
    typeCode: URIRef
    jurisdiction: URIRef
    isDraft: URIRef
    place: URIRef
    recipient: URIRef
    # Relations between documents
    implements: URIRef
    continues: URIRef
    basedOn: URIRef
    replaces: URIRef
    amends: URIRef
    repeals: URIRef
    issuedWith: URIRef
    reportsOn: URIRef
    cites: URIRef
    probablySameAs: URIRef
    # Structure
    partOf: URIRef
    plannedIn: URIRef
    mentions: URIRef
    refersTo: URIRef
    # Tasks
    label: URIRef
    leadAgency: URIRef
    cooperatingAgency: URIRef
    leadGroup: URIRef
    cooperatingGroup: URIRef
    assignedTo: URIRef
    deadline: URIRef
    deadlineEnd: URIRef
    assignedIn: URIRef
    taskImplements: URIRef
    statedIn: URIRef
    # Meetings
    meetingDate: URIRef
    chair: URIRef
    chairPosition: URIRef
    agendaItem: URIRef
    preparedBy: URIRef
    decision: URIRef
    # Agencies
    category: URIRef
    # Provenance
    path: URIRef
    sha256: URIRef
    textLength: URIRef
    readFrom: URIRef
    source: URIRef
    start: URIRef
    end: URIRef
    quote: URIRef
    evidence: URIRef
    subjectSymbol: URIRef
    objectSymbol: URIRef
    subjectMention: URIRef
    objectMention: URIRef
    completes: URIRef
    conflictAbout: URIRef
    conflictProperty: URIRef
    conflictingValue: URIRef
    inferred: URIRef
    inferenceMethod: URIRef
    confidence: URIRef
    # What a mention says of the document it names
    printedSymbol: URIRef
    kindName: URIRef
    family: URIRef
    citedDate: URIRef
    citedTitle: URIRef
    citingDate: URIRef
    numberOnly: URIRef
    implicit: URIRef
    resolvedFrom: URIRef


PREFIXES = {"kg": KG._NS, "eli": ELI, "prov": PROV, "org": ORG, "dcterms": DCTERMS, "time": TIME,
            "skos": SKOS, "owl": OWL, "xsd": XSD}


def bind_namespaces(graph: Graph) -> Graph:
    """Bind the project's prefixes (kg, eli, prov, org, dcterms, time, skos) on ``graph``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def ontology_files() -> tuple[Path, Path]:
    """The paths of kg.ttl and shapes.ttl: from the installed package ``kg.ontology``, else from the checkout."""
    try:
        from kg.ontology import ONTOLOGY, SHAPES
    except ImportError:  # a source checkout: ontology/ sits beside kg/
        folder = Path(__file__).resolve().parents[2] / "ontology"
        ONTOLOGY, SHAPES = folder / "kg.ttl", folder / "shapes.ttl"
    return ONTOLOGY, SHAPES


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@cache
def _kinds() -> tuple[dict[str, URIRef], dict[str, URIRef], dict[URIRef, str], dict[URIRef, tuple[URIRef, ...]]]:
    """Read the kind classes of kg.ttl once: by Vietnamese name, by type code, and their superclasses."""
    ontology = Graph().parse(ontology_files()[0], format="turtle")
    kinds = set(ontology.transitive_subjects(RDFS.subClassOf, KG.Document)) - {KG.Document}
    by_name: dict[str, URIRef] = {}
    by_code: dict[str, URIRef] = {}
    first_code: dict[URIRef, str] = {}
    for kind in sorted(kinds):
        for label in [*ontology.objects(kind, RDFS.label), *ontology.objects(kind, SKOS.altLabel)]:
            if getattr(label, "language", None) == "vi":
                by_name[_fold(str(label))] = kind
        for code in sorted(str(c) for c in ontology.objects(kind, KG.kindCode)):
            by_code.setdefault(_fold(code), kind)
            first_code.setdefault(kind, code)
    supers = {}
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef) and cls.startswith(KG._NS):
            supers[cls] = tuple(c for c in ontology.transitive_objects(cls, RDFS.subClassOf)
                                if isinstance(c, URIRef) and c.startswith(KG._NS))
    return by_name, by_code, first_code, supers


def document_class(kind: str | None = None, type_code: str | None = None) -> URIRef:
    """The kind class for a Vietnamese kind name or a symbol's type code; kg:Document if neither is known.

    The name wins over the code ("Quy định" with code QĐ is a Regulation). A name that starts with a
    known kind ("Chương trình hành động thực hiện ...") gets the longest such kind; a text that only
    contains one ("Dự thảo Nghị quyết thay thế ...") gets the first kind it names.
    """
    by_name, by_code, _, _ = _kinds()
    if kind:
        folded = _fold(kind)
        if folded in by_name:
            return by_name[folded]
        starts = [name for name in by_name if folded.startswith(name + " ")]
        if starts:
            return by_name[max(starts, key=len)]
    if type_code and _fold(type_code) in by_code:
        return by_code[_fold(type_code)]
    if kind:
        folded = f" {_fold(kind)} "
        found = [(folded.find(f" {name} "), -len(name), name) for name in by_name if f" {name} " in folded]
        if found:
            return by_name[min(found)[2]]
        for word in kind.replace("(", " ").replace(")", " ").split():  # "draft NQ (000 B.I.4)"
            if word.isupper() and _fold(word) in by_code:
                return by_code[_fold(word)]
    return KG.Document


def kind_code(cls: URIRef) -> str | None:
    """The first kg:kindCode of a kind class (\"NQ\" for kg:Resolution), None for laws and kg:Document."""
    return _kinds()[2].get(cls)


def superclasses(cls: URIRef) -> tuple[URIRef, ...]:
    """``cls`` and its kg: superclasses, so a graph can be typed without a reasoner."""
    return _kinds()[3].get(cls, (cls,))
