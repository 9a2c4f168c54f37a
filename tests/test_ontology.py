"""ontology/kg.ttl, ontology/shapes.ttl and the KG namespace agree with each other and with the vocabularies
they align to."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from kg.graph.namespace import ELI, KG, bind_namespaces, document_class, kind_code, ontology_files, superclasses

NS = str(KG._NS)

# The ELI 1.5 terms this ontology may align to, checked against the published ELI ontology. eli:implements is
# deprecated in favour of eli:applies and eli:ensures_implementation_of, so it is not in the list.
ELI_TERMS = {"LegalResource", "Work", "applies", "based_on", "amends", "repeals", "changes", "cites", "is_annex_of",
             "passed_by", "date_document", "number", "ensures_implementation_of", "is_part_of"}
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_files()[0], format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_files()[1], format="turtle")


def kg_terms(graph: Graph) -> set[str]:
    return {s[len(NS):] for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(NS)}


def namespace_terms() -> set[str]:
    return {name for name in KG.__annotations__ if not name.startswith("_")}


def test_the_ontology_parses_and_declares_itself(ontology):
    assert (URIRef("https://w3id.org/kg-vn/ontology"), RDF.type, OWL.Ontology) in ontology
    assert len(kg_terms(ontology)) > 80


def test_the_namespace_lists_exactly_the_terms_of_the_ontology(ontology):
    in_ontology, in_namespace = kg_terms(ontology), namespace_terms()
    assert in_ontology - in_namespace == set(), "in kg.ttl, missing from KG"
    assert in_namespace - in_ontology == set(), "in KG, missing from kg.ttl"


def test_a_misspelt_term_is_an_error():
    assert KG.implements == URIRef(NS + "implements")
    with pytest.raises(AttributeError):
        KG.implemnts  # noqa: B018


@pytest.mark.parametrize("term", sorted(namespace_terms()))
def test_every_term_is_declared_and_has_vietnamese_and_english_labels_and_a_comment(ontology, term):
    iri = KG[term]
    assert set(ontology.objects(iri, RDF.type)) & DECLARATIONS, f"kg:{term} is not declared"
    languages = sorted(label.language for label in ontology.objects(iri, RDFS.label))
    assert languages == ["en", "vi"], f"kg:{term} needs one @vi and one @en label, has {languages}"
    assert any(str(c).strip() for c in ontology.objects(iri, RDFS.comment)), f"kg:{term} has no comment"


def test_alignments_point_to_terms_that_exist(ontology):
    known = {str(ns._NS): ns for ns in (DCTERMS, PROV, ORG, SKOS, TIME)}
    for subject, predicate, target in ontology.triples((None, None, None)):
        if predicate not in (RDFS.subClassOf, RDFS.subPropertyOf) or not str(subject).startswith(NS):
            continue
        if not isinstance(target, URIRef) or str(target).startswith(NS) or target == RDF.Statement:
            continue
        if target.startswith(str(ELI)):
            assert target[len(str(ELI)):] in ELI_TERMS, f"{subject} aligns to an unknown ELI term {target}"
        else:
            namespace = next((ns for base, ns in known.items() if target.startswith(base)), None)
            assert namespace is not None, f"{subject} aligns to {target}, outside the known vocabularies"
            assert target[len(str(namespace._NS)):] in namespace, f"{target} is not a term of its vocabulary"
    assert not list(ontology.triples((None, None, ELI["implements"]))), "eli:implements is deprecated"


@pytest.mark.parametrize("term, relation, target", [
    (KG.Document, RDFS.subClassOf, ELI.LegalResource),
    (KG.Agency, RDFS.subClassOf, ORG.FormalOrganization),
    (KG.Evidence, RDFS.subClassOf, PROV.Entity),
    (KG.implements, RDFS.subPropertyOf, ELI.applies),
    (KG.basedOn, RDFS.subPropertyOf, ELI.based_on),
    (KG.amends, RDFS.subPropertyOf, ELI.amends),
    (KG.repeals, RDFS.subPropertyOf, ELI.repeals),
    (KG.cites, RDFS.subPropertyOf, ELI.cites),
    (KG.dateIssued, RDFS.subPropertyOf, ELI.date_document),
    (KG.issuer, RDFS.subPropertyOf, ELI.passed_by),
    (KG.title, RDFS.subPropertyOf, DCTERMS.title),
    (KG.replaces, RDFS.subPropertyOf, DCTERMS.replaces),
    (KG.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (KG.quote, RDFS.subPropertyOf, PROV.value),
    (KG.source, RDFS.subPropertyOf, PROV.wasQuotedFrom),
    (KG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    (KG.continues, RDFS.subPropertyOf, KG.implements),
])
def test_alignment(ontology, term, relation, target):
    assert (term, relation, target) in ontology


def test_every_document_kind_has_one_vietnamese_name_of_its_own(ontology):
    kinds = set(ontology.transitive_subjects(RDFS.subClassOf, KG.Document)) - {KG.Document}
    names = [str(label) for kind in kinds for label in ontology.objects(kind, RDFS.label) if label.language == "vi"]
    assert len(kinds) >= 22
    assert len(names) == len(set(names)) == len(kinds)


@pytest.mark.parametrize("kind, code, expected", [
    ("Nghị quyết", "NQ", KG.Resolution),
    ("Kế hoạch", None, KG.Plan),
    (None, "QĐ", KG.Decision),
    ("Quy định", "QĐ", KG.Regulation),  # the kind name wins over the code
    ("Quy chế", None, KG.Regulation),
    ("Thông báo kết luận", "TB", KG.Notice),
    ("Chương trình công tác", None, KG.WorkProgramme),
    ("Chương trình hành động thực hiện Nghị quyết", None, KG.Programme),
    ("Dự thảo Nghị quyết thay thế Nghị quyết số 50/2016/NQ-HĐND", None, KG.Resolution),
    ("draft QĐ (000 B.I.16)", None, KG.Decision),
    ("Luật", None, KG.Law),
    ("Thông tư liên tịch", "TTLT", KG.JointCircular),
    ("Công văn", None, KG.OfficialLetter),
    (None, None, KG.Document),
    ("văn bản chỉ đạo", None, KG.Document),
])
def test_document_class_reads_kinds_from_the_ontology(kind, code, expected):
    assert document_class(kind, code) == expected


def test_kind_codes_and_superclasses():
    assert kind_code(KG.Resolution) == "NQ"
    assert kind_code(KG.Law) is None
    assert set(superclasses(KG.WorkProgramme)) == {KG.WorkProgramme, KG.Programme, KG.Document}
    assert set(superclasses(KG.Mention)) == {KG.Mention, KG.Evidence}


def test_the_quarter_datatype_restricts_a_string(ontology):
    restriction = ontology.value(KG.yearQuarter, OWL.equivalentClass)
    assert ontology.value(restriction, OWL.onDatatype) == XSD.string


def test_shapes_parse_and_name_only_terms_of_the_ontology(shapes, ontology):
    used = {o for triple in shapes for o in triple if isinstance(o, URIRef) and o.startswith(NS)}
    assert used, "the shapes use no kg term"
    unknown = {str(term) for term in used if term[len(NS):] not in kg_terms(ontology)}
    assert unknown == set()


def test_bindings():
    graph = bind_namespaces(Graph())
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert prefixes["kg"] == NS
    assert prefixes["eli"] == "http://data.europa.eu/eli/ontology#"
    assert prefixes["prov"] == str(PROV._NS)
    assert prefixes["org"] == str(ORG._NS)
    assert prefixes["dcterms"] == str(DCTERMS._NS)
    assert prefixes["time"] == str(TIME._NS)
