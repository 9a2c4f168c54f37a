"""Corpus resolution (kg.graph.resolution): rules on hand-built records in a real store, then the five seeds.

The store is built file by file, as ``kg build`` does, so everything that links one file to another (a mention
without year, "Chỉ thị số 19", an unnumbered "Nghị quyết của Chính phủ về ...", a draft and its numbered text)
must come from resolve() and sit in the named graph urn:kg:resolution, marked inferred.
"""
from __future__ import annotations

import hashlib

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.build import RESOLUTION_GRAPH
from kg.graph import iris, matching, resolution
from kg.graph.namespace import KG
from kg.graph.to_rdf import to_graph
from kg.records import DocumentInfo, Extraction, Reference, Relation
from kg.store import GraphStore
from kg.validation import validate_store

BASE = iris.DEFAULT_BASE
NQ01 = iris.document_iri("NQ", "01/NQ-CP", 2024)


def eli(type_code: str, year: int, symbol: str, jurisdiction: str = "Bắc Giang") -> URIRef:
    """A document's IRI; a local issuer's (UBND, HĐND, Tỉnh ủy) is its province's, Bắc Giang unless told."""
    local = symbol.endswith(("-UBND", "-HĐND", "/TU"))
    return iris.document_iri(type_code, symbol, year, jurisdiction=jurisdiction if local else None)


# -- hand-built records -----------------------------------------------------------------------------------------

BLANK = dict.fromkeys(("kind", "symbol", "printed_symbol", "number", "type_code", "issuer_code", "family", "year",
                       "date", "issuer"))


class Doc:
    """A small source file: a header, then sentences; references and relations found by their words."""

    def __init__(self, name: str, info: DocumentInfo, *sentences: str):
        self.name, self.info = name, info
        self.text = "\n\n".join([f"{info.kind} {info.symbol or ''}", *sentences]) + "\n"
        self.references: list[Reference] = []
        self.implicit: list[Reference] = []
        self.relations: list[Relation] = []

    def ref(self, phrase: str, occurrence: int = 1, **fields) -> int:
        start = -1
        for _ in range(occurrence):
            start = self.text.index(phrase, start + 1)
        target = self.implicit if fields.get("implicit") else self.references
        target.append(Reference(start=start, end=start + len(phrase), text=phrase, **{**BLANK, **fields}))
        return len(target) - 1

    def implements(self, sentence: str, **fields) -> None:
        start = self.text.index(sentence)
        self.relations.append(Relation(subject=fields.pop("subject", "THIS"), predicate="implements",
                                       object=fields.pop("object", None), start=start, end=start + len(sentence),
                                       evidence=sentence, **fields))

    def extraction(self) -> Extraction:
        return Extraction(source=self.name, sha256=hashlib.sha256(self.text.encode()).hexdigest(),
                          document=self.info, references=tuple(self.references), relations=tuple(self.relations),
                          implicit_references=tuple(self.implicit), text_length=len(self.text))


def info(kind: str, code: str, symbol: str | None, date: str | None, **fields) -> DocumentInfo:
    number = symbol.split("/")[0] if symbol and symbol[0].isdigit() else None
    year = int(date[:4]) if date else None
    return DocumentInfo(kind=kind, type_code=code, symbol=symbol, number=number, date=date, year=year,
                        issuer="UBND tỉnh Bắc Giang", jurisdiction="Bắc Giang", **fields)


def plan_refs(doc: Doc, phrase: str, symbol: str, date: str | None = None, occurrence: int = 1, **fields) -> int:
    number = symbol.split("/")[0].split("-")[0]
    year = int(date[:4]) if date else None
    kind, code = {"KH": ("Kế hoạch", "KH"), "NQ": ("Nghị quyết", "NQ"), "CT": ("Chỉ thị", "CT")}[
        symbol.replace("-", "/").split("/")[1]]
    return doc.ref(phrase, occurrence, kind=kind, symbol=symbol, printed_symbol=symbol, number=number,
                   type_code=code, year=year, date=date, **fields)


def corpus() -> list[Doc]:
    docs = []
    a = Doc("a.txt", info("Kế hoạch", "KH", "5/KH-UBND", "2022-03-01", title="Phát triển du lịch cộng đồng"),
            "Phát triển du lịch cộng đồng.")
    docs.append(a)
    b = Doc("b.txt", info("Thông báo", "TB", "9/TB-UBND", "2023-03-01"),
            "Thực hiện Kế hoạch số 5/KH-UBND ngày 10/02/2023 của UBND tỉnh.")
    plan_refs(b, "Kế hoạch số 5/KH-UBND ngày 10/02/2023 của UBND tỉnh", "5/KH-UBND", "2023-02-10",
              issuer="UBND tỉnh")
    docs.append(b)
    c = Doc("c.txt", info("Thông báo", "TB", "10/TB-UBND", "2023-01-15"), "Theo Kế hoạch số 5/KH-UBND.")
    plan_refs(c, "Kế hoạch số 5/KH-UBND", "5/KH-UBND")
    docs.append(c)
    d = Doc("d.txt", info("Thông báo", "TB", "11/TB-UBND", "2024-05-02"),
            "Tiếp tục thực hiện Kế hoạch số 5/KH-UBND của UBND tỉnh.")
    index = plan_refs(d, "Kế hoạch số 5/KH-UBND của UBND tỉnh", "5/KH-UBND", issuer="UBND tỉnh")
    d.implements("thực hiện Kế hoạch số 5/KH-UBND của UBND tỉnh", object="5/KH-UBND", object_mention=index)
    docs.append(d)
    e = Doc("e.txt", info("Thông báo", "TB", "12/TB-UBND", "2024-06-01"), "Rà soát Kế hoạch số 77/KH-UBND.")
    plan_refs(e, "Kế hoạch số 77/KH-UBND", "77/KH-UBND")
    docs.append(e)
    # number-only mentions: two Chỉ thị numbered 19, of the Tỉnh ủy and of the Prime Minister
    f = Doc("f.txt", info("Kế hoạch", "KH", "20/KH-UBND", "2022-05-01"),
            "Chỉ thị số 19-CT/TU ngày 11/6/2020 của Ban Thường vụ Tỉnh ủy; "
            "Chỉ thị số 19/CT-TTg ngày 01/7/2021 của Thủ tướng Chính phủ.")
    plan_refs(f, "Chỉ thị số 19-CT/TU ngày 11/6/2020 của Ban Thường vụ Tỉnh ủy", "19-CT/TU", "2020-06-11",
              issuer="Ban Thường vụ Tỉnh ủy", issuer_code="TU")
    plan_refs(f, "Chỉ thị số 19/CT-TTg ngày 01/7/2021 của Thủ tướng Chính phủ", "19/CT-TTg", "2021-07-01",
              issuer="Thủ tướng Chính phủ", issuer_code="TTg")
    docs.append(f)
    g = Doc("g.txt", info("Thông báo", "TB", "13/TB-UBND", "2023-04-01"),
            "Thực hiện Chỉ thị số 19 của Thủ tướng Chính phủ và Chỉ thị số 19 của Ban Thường vụ Tỉnh ủy.")
    for issuer in ("Thủ tướng Chính phủ", "Ban Thường vụ Tỉnh ủy"):
        g.ref(f"Chỉ thị số 19 của {issuer}", kind="Chỉ thị", number="19", type_code="CT", issuer=issuer,
              number_only=True)
    docs.append(g)
    # implicit mentions: named by kind, issuer and subject only
    h = Doc("h.txt", info("Kế hoạch", "KH", "30/KH-UBND", "2024-01-20"),
            "Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ về nhiệm vụ, giải pháp chủ yếu thực hiện Kế "
            "hoạch phát triển kinh tế - xã hội và Dự toán ngân sách nhà nước năm 2024; Nghị quyết số 02/NQ-CP "
            "ngày 05/01/2024 của Chính phủ về cải thiện môi trường kinh doanh năm 2024.")
    plan_refs(h, "Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ", "01/NQ-CP", "2024-01-05",
              issuer="Chính phủ", subject="nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã "
              "hội và Dự toán ngân sách nhà nước năm 2024")
    plan_refs(h, "Nghị quyết số 02/NQ-CP ngày 05/01/2024 của Chính phủ", "02/NQ-CP", "2024-01-05",
              issuer="Chính phủ", subject="cải thiện môi trường kinh doanh năm 2024")
    docs.append(h)
    i = Doc("i.txt", info("Chương trình công tác", None, None, "2024-02-01"),
            "Triển khai Nghị quyết của Chính phủ về Kế hoạch phát triển kinh tế - xã hội năm 2024.",
            "Nghị quyết của Chính phủ về phát triển du lịch cộng đồng.",
            "Nghị quyết của HĐND tỉnh về Kế hoạch phát triển kinh tế - xã hội năm 2024.")
    for phrase, issuer, subject in (("Nghị quyết của Chính phủ", "Chính phủ", "Kế hoạch phát triển kinh tế - xã hội "
                                     "năm 2024"),
                                    ("Nghị quyết của Chính phủ", "Chính phủ", "phát triển du lịch cộng đồng"),
                                    ("Nghị quyết của HĐND tỉnh", "HĐND tỉnh", "Kế hoạch phát triển kinh tế - xã hội "
                                     "năm 2024")):
        occurrence = 2 if subject.startswith("phát triển du lịch") else 1
        i.ref(phrase, occurrence, kind="Nghị quyết", type_code="NQ", issuer=issuer, subject=subject, implicit=True)
    i.implements("Triển khai Nghị quyết của Chính phủ", object_implicit=0)
    docs.append(i)
    # a draft with a blank number, and the numbered plan another file cites for the same resolution
    j = Doc("j.txt", info("Kế hoạch", "KH", "/KH-UBND", None, date_partial="2024-01", is_draft=True),
            "Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ.")
    plan_refs(j, "Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ", "01/NQ-CP", "2024-01-05", issuer="Chính phủ")
    j.implements("Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ", object="01/NQ-CP",
                 object_mention=0, object_date="2024-01-05")
    docs.append(j)
    k = Doc("k.txt", info("Thông báo", "TB", "40/TB-UBND", "2024-04-17"),
            "Kế hoạch số 02/KH-UBND của UBND tỉnh về thực hiện Nghị quyết 01/NQ-CP.")
    subject = plan_refs(k, "Kế hoạch số 02/KH-UBND của UBND tỉnh", "02/KH-UBND", issuer="UBND tỉnh")
    obj = plan_refs(k, "Nghị quyết 01/NQ-CP", "01/NQ-CP")
    k.implements("Kế hoạch số 02/KH-UBND của UBND tỉnh về thực hiện Nghị quyết 01/NQ-CP", subject="02/KH-UBND",
                 subject_kind="document", subject_mention=subject, object="01/NQ-CP", object_mention=obj)
    docs.append(k)
    # one symbol, two dates: a misprinted year (same day and month) and two documents (17-CT/TU)
    m = Doc("m.txt", info("Kế hoạch", "KH", "50/KH-UBND", "2024-03-01"),
            "Nghị quyết số 938/NQ-UBTVQH15 ngày 13/12/2023 của Ủy ban Thường vụ Quốc hội.",
            "Chỉ thị số 17-CT/TU ngày 27/02/2020.",
            "Nghị quyết số 938/NQ-UBTVQH15 ngày 13/12/2022 của Ủy ban Thường vụ Quốc hội.",
            "Chỉ thị số 17-CT/TU ngày 14/10/2021 của Ban Thường vụ Tỉnh ủy.")
    for date in ("13/12/2023", "13/12/2022"):
        iso = f"{date[6:]}-12-13"
        plan_refs(m, f"Nghị quyết số 938/NQ-UBTVQH15 ngày {date} của Ủy ban Thường vụ Quốc hội", "938/NQ-UBTVQH15",
                  iso, issuer="Ủy ban Thường vụ Quốc hội")
    plan_refs(m, "Chỉ thị số 17-CT/TU ngày 27/02/2020", "17-CT/TU", "2020-02-27")
    plan_refs(m, "Chỉ thị số 17-CT/TU ngày 14/10/2021 của Ban Thường vụ Tỉnh ủy", "17-CT/TU", "2021-10-14",
              issuer="Ban Thường vụ Tỉnh ủy")
    docs.append(m)
    # 01/NQ-CP cited with another day of the same year, and 233-NQ/TU with two issuers
    n = Doc("n.txt", info("Kế hoạch", "KH", "60/KH-UBND", "2024-03-05"),
            "Nghị quyết số 01/NQ-CP ngày 08/01/2024 của Chính phủ; Nghị quyết số 233-NQ/TU ngày 25/7/2022 của Ban "
            "Chấp hành Đảng bộ tỉnh; Nghị quyết số 233-NQ/TU ngày 25/7/2022 của Ban Thường vụ Tỉnh ủy; Nghị quyết "
            "số 233/NQ-TU ngày 25/7/2022.")
    plan_refs(n, "Nghị quyết số 01/NQ-CP ngày 08/01/2024 của Chính phủ", "01/NQ-CP", "2024-01-08", issuer="Chính phủ")
    for issuer in ("Ban Chấp hành Đảng bộ tỉnh", "Ban Thường vụ Tỉnh ủy"):
        plan_refs(n, f"Nghị quyết số 233-NQ/TU ngày 25/7/2022 của {issuer}", "233-NQ/TU", "2022-07-25", issuer=issuer)
    n.ref("Nghị quyết số 233/NQ-TU ngày 25/7/2022", kind="Nghị quyết", symbol="233-NQ/TU", printed_symbol="233/NQ-TU",
          number="233", type_code="NQ", year=2022, date="2022-07-25")
    docs.append(n)
    return docs


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory) -> tuple[str, dict[str, Doc]]:
    """The hand-built corpus, one named graph per file (as kg build writes them), and its resolution graph."""
    path = str(tmp_path_factory.mktemp("hand") / "store")
    store = GraphStore.open(path)
    docs = corpus()
    for doc in docs:
        graph = to_graph(doc.extraction())
        store.replace_graph(str(graph.identifier), graph)
    store.replace_graph(RESOLUTION_GRAPH, resolution.resolve(store, BASE))
    store.flush()
    del store
    return path, {doc.name: doc for doc in docs}


@pytest.fixture(scope="module")
def hand(hand_store):
    """The resolution graph of the hand-built store, recomputed (it must not read its own previous output)."""
    path, docs = hand_store
    store = GraphStore.open(path, read_only=True)
    return resolution.resolve(store, BASE), docs


def mention(doc: Doc, index: int, implicit: bool = False) -> URIRef:
    ref = (doc.implicit if implicit else doc.references)[index]
    return iris.mention_iri(doc.name, ref.start, ref.end)


def document(doc: Doc) -> URIRef:
    return iris.source_document_iri(doc.name) if not doc.info.number else eli(
        doc.info.type_code, doc.info.year, doc.info.symbol)


def method_of(graph, node) -> tuple[str | None, float | None]:
    method, confidence = graph.value(node, KG.inferenceMethod), graph.value(node, KG.confidence)
    return (str(method) if method else None), (confidence.toPython() if confidence is not None else None)


def test_the_resolution_ignores_its_previous_output_and_is_deterministic(hand_store, hand):
    path, _ = hand_store
    store = GraphStore.open(path, read_only=True)
    stored = {(q.subject, q.predicate, q.object) for q in store.quads(RESOLUTION_GRAPH)}
    assert len(stored) == len(hand[0])
    assert isomorphic(hand[0], resolution.resolve(store, BASE))
    assert str(hand[0].identifier) == RESOLUTION_GRAPH == resolution.RESOLUTION_GRAPH


def test_the_hand_built_store_with_its_resolution_conforms(hand_store):
    conforms, violations = validate_store(hand_store[0])
    assert conforms, "\n".join(violations)


def test_a_mention_without_year_takes_the_latest_known_document_not_after_the_citing_date(hand):
    graph, docs = hand
    # c.txt (15/01/2023) cannot cite the 5/KH-UBND dated 10/02/2023: it is the one of 2022, read from a.txt
    c = mention(docs["c.txt"], 0)
    assert graph.value(c, KG.refersTo) == eli("KH", 2022, "5/KH-UBND")
    assert graph.value(c, KG.inferred) == Literal(True)
    assert method_of(graph, c) == ("year-from-corpus", 0.95)
    # d.txt (2024) can cite both: the latest
    d = mention(docs["d.txt"], 0)
    assert graph.value(d, KG.refersTo) == eli("KH", 2023, "5/KH-UBND")
    assert method_of(graph, d) == ("year-from-corpus", 0.75)
    assert (document(docs["d.txt"]), KG.cites, eli("KH", 2023, "5/KH-UBND")) in graph


def test_a_statement_left_unresolved_in_its_file_is_completed_with_an_inferred_statement(hand):
    graph, docs = hand
    d = docs["d.txt"]
    subject, target = document(d), eli("KH", 2023, "5/KH-UBND")
    assert (subject, KG.implements, target) in graph
    [statement] = [s for s in graph.subjects(RDF.type, KG.RelationStatement)
                   if graph.value(s, RDF.subject) == subject and graph.value(s, RDF.object) == target]
    assert graph.value(statement, RDF.predicate) == KG.implements
    assert graph.value(statement, KG.inferred) == Literal(True)
    assert method_of(graph, statement) == ("completed-from-mention", 0.75)
    original = graph.value(statement, KG.completes)
    relation = d.relations[0]
    assert str(original).startswith(str(iris.source_iri(d.name)) + f"/statement/{relation.start}-{relation.end}/")
    assert graph.value(statement, KG.evidence) == iris.evidence_iri(d.name, relation.start, relation.end)


def test_without_a_known_document_the_citing_year_is_the_year_minted(hand):
    graph, docs = hand
    e = mention(docs["e.txt"], 0)
    node = eli("KH", 2024, "77/KH-UBND")
    assert graph.value(e, KG.refersTo) == node
    assert method_of(graph, e) == ("year-from-citing-document", 0.6)  # UBND cites its own plan
    assert {KG.Plan, KG.Document} <= set(graph.objects(node, RDF.type))
    assert graph.value(node, KG.symbol) == Literal("77/KH-UBND")
    assert graph.value(node, KG.year) == Literal(2024)
    assert graph.value(node, RDFS.label) == Literal("Kế hoạch 77/KH-UBND", lang="vi")
    assert graph.value(node, KG.inferred) == Literal(True)
    assert str(graph.value(node, KG.inferenceMethod)) == "year-from-citing-document"


def test_a_number_only_mention_takes_the_document_of_a_compatible_issuer(hand):
    graph, docs = hand
    g = docs["g.txt"]
    assert graph.value(mention(g, 0), KG.refersTo) == eli("CT", 2021, "19/CT-TTg")
    assert graph.value(mention(g, 1), KG.refersTo) == eli("CT", 2020, "19-CT/TU")
    for index in (0, 1):
        assert method_of(graph, mention(g, index))[0] == "number-only-from-corpus"


def test_an_implicit_mention_takes_the_document_whose_subject_matches(hand):
    graph, docs = hand
    i = docs["i.txt"]
    found = mention(i, 0, implicit=True)
    assert graph.value(found, KG.refersTo) == NQ01
    method, confidence = method_of(graph, found)
    assert method == "implicit-subject-match" and 0.6 <= confidence <= 0.9
    assert (document(i), KG.implements, NQ01) in graph  # its relation, completed
    # another subject, or another issuer (HĐND tỉnh is not Chính phủ): no guess
    assert graph.value(mention(i, 1, implicit=True), KG.refersTo) is None
    assert graph.value(mention(i, 2, implicit=True), KG.refersTo) is None


def test_an_implicit_mention_is_a_mention_with_its_kind_issuer_and_subject(hand_store):
    path, docs = hand_store
    i = docs["i.txt"]
    graph = to_graph(i.extraction())
    node = mention(i, 0, implicit=True)
    assert graph.value(node, KG.implicit) == Literal(True)
    assert graph.value(node, KG.kindName) == Literal("Nghị quyết", lang="vi")
    assert graph.value(node, KG.issuerName) == Literal("Chính phủ", lang="vi")
    assert str(graph.value(node, KG.citedTitle)).startswith("Kế hoạch phát triển")
    assert graph.value(node, KG.refersTo) is None and graph.value(node, KG.year) is None
    assert (document(i), KG.mentions, node) in graph
    [statement] = graph.subjects(KG.objectMention, node)
    assert graph.value(statement, RDF.object) is None and graph.value(statement, RDF.predicate) == KG.implements


def test_a_draft_with_a_blank_number_is_probably_the_numbered_plan_cited_for_the_same_resolution(hand):
    graph, docs = hand
    draft, numbered = document(docs["j.txt"]), eli("KH", 2024, "02/KH-UBND")
    assert (numbered, KG.implements, NQ01) in graph  # from k.txt, completed
    [hypothesis] = [h for h in graph.subjects(RDF.type, KG.IdentityHypothesis)
                    if {graph.value(h, RDF.subject), graph.value(h, RDF.object)} == {draft, numbered}]
    assert graph.value(hypothesis, RDF.predicate) == KG.probablySameAs
    method, confidence = method_of(graph, hypothesis)
    assert method == "draft-identity" and confidence == pytest.approx(0.9)
    assert (draft, KG.probablySameAs, numbered) in graph and (numbered, KG.probablySameAs, draft) in graph
    assert hypothesis == iris.identity_hypothesis_iri(draft, numbered)
    assert mention(docs["k.txt"], 0) in set(graph.objects(hypothesis, KG.evidence))  # the citation of 02/KH-UBND
    assert not list(graph.triples((None, OWL.sameAs, None)))


def test_two_numbered_plans_equally_like_the_draft_make_no_hypothesis(tmp_path):
    docs = corpus()
    other = Doc("l.txt", info("Thông báo", "TB", "41/TB-UBND", "2024-04-18"),
                "Kế hoạch số 03/KH-UBND của UBND tỉnh về thực hiện Nghị quyết 01/NQ-CP.")
    subject = plan_refs(other, "Kế hoạch số 03/KH-UBND của UBND tỉnh", "03/KH-UBND", issuer="UBND tỉnh")
    obj = plan_refs(other, "Nghị quyết 01/NQ-CP", "01/NQ-CP")
    other.implements("Kế hoạch số 03/KH-UBND của UBND tỉnh về thực hiện Nghị quyết 01/NQ-CP", subject="03/KH-UBND",
                     subject_kind="document", subject_mention=subject, object="01/NQ-CP", object_mention=obj)
    store = GraphStore.open(tmp_path / "store")
    for doc in [*docs, other]:
        graph = to_graph(doc.extraction())
        store.replace_graph(str(graph.identifier), graph)
    graph = resolution.resolve(store, BASE)
    draft = iris.source_document_iri("j.txt")
    assert not [h for h in graph.subjects(RDF.type, KG.IdentityHypothesis)
                if draft in (graph.value(h, RDF.subject), graph.value(h, RDF.object))]


def test_a_misprinted_year_is_an_identity_hypothesis_with_the_conflict_recorded(hand):
    graph, docs = hand
    m = docs["m.txt"]
    first, second = eli("NQ", 2023, "938/NQ-UBTVQH15"), eli("NQ", 2022, "938/NQ-UBTVQH15")
    hypothesis = iris.identity_hypothesis_iri(first, second)
    assert method_of(graph, hypothesis) == ("date-misprint", 0.9)
    assert set(graph.objects(hypothesis, KG.evidence)) == {mention(m, 0), mention(m, 1)}
    [conflict] = [c for c in graph.subjects(RDF.type, KG.Conflict)
                  if set(graph.objects(c, KG.conflictAbout)) == {first, second}]
    assert graph.value(conflict, KG.conflictProperty) == KG.dateIssued
    assert set(graph.objects(conflict, KG.conflictingValue)) == {Literal("2023-12-13", datatype=XSD.date),
                                                                 Literal("2022-12-13", datatype=XSD.date)}
    assert set(graph.objects(conflict, KG.evidence)) == {mention(m, 0), mention(m, 1)}
    # 17-CT/TU of 27/02/2020 and of 14/10/2021 are two documents: no hypothesis between them
    apart = iris.identity_hypothesis_iri(eli("CT", 2020, "17-CT/TU"), eli("CT", 2021, "17-CT/TU"))
    assert (apart, None, None) not in graph


def test_citations_that_disagree_are_recorded_not_merged(hand):
    graph, docs = hand
    conflicts = {graph.value(c, KG.conflictProperty): c for c in graph.subjects(RDF.type, KG.Conflict)
                 if set(graph.objects(c, KG.conflictAbout)) in ({NQ01}, {eli("NQ", 2022, "233-NQ/TU")})}
    dates = conflicts[KG.dateIssued]
    assert {str(v) for v in graph.objects(dates, KG.conflictingValue)} == {"2024-01-05", "2024-01-08"}
    issuers = conflicts[KG.issuerName]
    assert {str(v) for v in graph.objects(issuers, KG.conflictingValue)} == {"Ban Chấp hành Đảng bộ tỉnh",
                                                                            "Ban Thường vụ Tỉnh ủy"}
    assert graph.value(issuers, KG.inferenceMethod) == Literal("conflicting-citations")


def test_a_cited_document_gets_what_its_citations_say(hand_store, hand):
    """Each citing file states on the cited node the issuer and subject it gives (so they leave with the file);
    where the citations agree the union holds one value, and a node minted here gets what its mentions agree on."""
    path, _ = hand_store
    store = GraphStore.open(path, read_only=True)
    nq02 = eli("NQ", 2024, "02/NQ-CP")
    rows = store.select(f"SELECT DISTINCT ?name ?title WHERE {{ <{nq02}> kg:issuerName ?name ; kg:title ?title }}")
    assert rows == [{"name": "Chính phủ", "title": "cải thiện môi trường kinh doanh năm 2024"}]
    graph, _ = hand
    assert graph.value(eli("KH", 2024, "02/KH-UBND"), KG.issuerName) == Literal("UBND tỉnh", lang="vi")


def test_typographic_variants_are_one_node(hand_store):
    path, docs = hand_store
    store = GraphStore.open(path, read_only=True)
    rows = store.select("SELECT DISTINCT ?printed ?d WHERE { ?m kg:symbol \"233-NQ/TU\" ; kg:printedSymbol ?printed ;"
                        " kg:refersTo ?d }")
    assert {r["printed"] for r in rows} == {"233-NQ/TU", "233/NQ-TU"}
    assert {r["d"] for r in rows} == {str(eli("NQ", 2022, "233-NQ/TU"))}


# -- comparing names and symbols --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, codes", [
    ("Ban Thường vụ Tỉnh ủy", {"TU"}), ("Ban Thường vụ Tỉnh uỷ", {"TU"}), ("Ban Chấp hành Đảng bộ tỉnh", {"TU"}),
    ("Thủ tướng Chính phủ", {"TTG"}), ("Chính phủ", {"CP"}), ("UBND tỉnh", {"UBND"}),
    ("Chủ tịch UBND tỉnh", {"CTUBND"}), ("Ủy ban Thường vụ Quốc hội", {"UBTVQH"}), ("Bộ Chính trị", {"TW"}),
    ("HĐND tỉnh", {"HDND"}), ("Sở Tư pháp", {"STP"}), ("", set()),
])
def test_issuer_codes(name, codes):
    assert matching.issuer_codes(name) == codes


@pytest.mark.parametrize("symbol, parts", [
    ("19-CT/TU", ("19", "CT", "TU")), ("01/NQ-CP", ("01", "NQ", "CP")), ("91/2019/NĐ-CP", ("91", "NĐ", "CP")),
    ("31/2024/QH15", ("31", None, "QH15")), ("/KH-UBND", (None, "KH", "UBND")), ("938/NQ-UBTVQH15",
                                                                                ("938", "NQ", "UBTVQH15")),
])
def test_symbol_parts(symbol, parts):
    assert matching.symbol_parts(symbol) == parts


def test_compatible_issuers():
    assert matching.compatible(matching.issuer_codes("Chủ tịch UBND tỉnh"), "UBND")
    assert matching.compatible(matching.issuer_codes("Ủy ban Thường vụ Quốc hội"), "UBTVQH15")
    assert not matching.compatible(matching.issuer_codes("Chính phủ"), "TTg")
    assert not matching.compatible(matching.issuer_codes("Ban Thường vụ Tỉnh ủy"), "TW")


@pytest.mark.parametrize("first, second, same", [
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh Bắc Giang", True), ("Ban Dân tộc", "Ban Dân tộc tỉnh", True),
    ("Ban Bí thư Trung ương", "Ban Bí thư Trung ương Đảng", True), ("Chính phủ", "Thủ tướng Chính phủ", False),
    ("Ban Chấp hành Đảng bộ tỉnh", "Ban Thường vụ Tỉnh ủy", False),
])
def test_same_issuer_name(first, second, same):
    assert matching.same_issuer_name(first, second) is same


def test_named_year_and_words():
    assert matching.named_year("về Kế hoạch phát triển kinh tế - xã hội năm 2024") == 2024
    assert matching.named_year("Công tác của UBND tỉnh tháng 11/2023") == 2023
    assert matching.named_year("phát triển du lịch") is None
    unigrams, pairs = matching.words("dự toán NSNN năm 2024")
    assert unigrams == {"du", "toan", "ngan", "sach", "nha", "nuoc"} and ("ngan", "sach") in pairs


# -- the five seeds, built file by file -------------------------------------------------------------------------

def ask(path: str, query: str) -> bool:
    return bool(GraphStore.open(path, read_only=True).query(query))


def select(path: str, query: str) -> list[dict]:
    return GraphStore.open(path, read_only=True).select(query)


def in_resolution(triples: str) -> str:
    return f"ASK {{ GRAPH <{RESOLUTION_GRAPH}> {{ {triples} }} }}"


SEED_NQ01 = f"<{NQ01}>"


def seed_document(path: str, prefix: str) -> str:
    [row] = select(path, f'SELECT ?d WHERE {{ ?d kg:readFrom/kg:path ?p . FILTER(CONTAINS(?p, "/{prefix}_")) }}')
    return row["d"]


def seed_mention(path: str, prefix: str, quote_start: str) -> str:
    rows = select(path, f'SELECT ?m ?q WHERE {{ ?m a kg:Mention ; kg:quote ?q ; kg:source/kg:path ?p . '
                        f'FILTER(CONTAINS(?p, "/{prefix}_") && STRSTARTS(?q, "{quote_start}")) }} ORDER BY ?m')
    assert rows, f"no mention starting {quote_start!r} in {prefix}"
    return rows[0]["m"]


def test_seed_004_implements_01_nq_cp_of_2024(seed_store):
    plan = seed_document(seed_store, "004")
    assert ask(seed_store, f"ASK {{ <{plan}> kg:implements {SEED_NQ01} }}")
    assert SEED_NQ01 == "<https://w3id.org/kg-vn/eli/nq/2024/01-nq-cp>"


def test_seed_02_kh_ubnd_cited_in_002_implements_01_nq_cp(seed_store):
    kh02 = eli("KH", 2024, "02/KH-UBND")
    assert ask(seed_store, in_resolution(f"<{kh02}> kg:implements {SEED_NQ01} . "
                                         f"?s rdf:subject <{kh02}> ; rdf:predicate kg:implements ; rdf:object "
                                         f"{SEED_NQ01} ; kg:inferred true ; kg:completes ?original ; kg:evidence ?e"))
    mention_of = seed_mention(seed_store, "002", "Kế hoạch số 02/KH-UBND")
    assert ask(seed_store, in_resolution(f"<{mention_of}> kg:refersTo <{kh02}> ; kg:inferred true ; "
                                         f"kg:inferenceMethod \"year-from-citing-document\""))


def test_seed_233_nq_tu_printed_two_ways_is_one_node(seed_store):
    rows = select(seed_store, 'SELECT DISTINCT ?printed ?d WHERE { ?m kg:symbol "233-NQ/TU" ; '
                              'kg:printedSymbol ?printed ; kg:refersTo ?d }')
    assert {r["printed"] for r in rows} >= {"233-NQ/TU", "233/NQ-TU"}
    assert {r["d"] for r in rows} == {str(eli("NQ", 2022, "233-NQ/TU"))}
    nodes = select(seed_store, 'SELECT DISTINCT ?d WHERE { ?d a kg:Document ; kg:symbol "233-NQ/TU" }')
    assert len(nodes) == 1


def test_seed_17_ct_tu_is_two_documents(seed_store):
    rows = select(seed_store, 'SELECT DISTINCT ?d ?year ?date WHERE { ?d a kg:Document ; kg:symbol "17-CT/TU" ; '
                              'kg:year ?year ; kg:dateIssued ?date }')
    assert {(r["year"], r["date"]) for r in rows} == {(2020, "2020-02-27"), (2021, "2021-10-14")}
    assert not ask(seed_store, 'ASK { ?a kg:symbol "17-CT/TU" ; kg:probablySameAs ?b . ?b kg:symbol "17-CT/TU" }')


@pytest.mark.parametrize("quote, target", [("Chỉ thị số 19", eli("CT", 2020, "19-CT/TU")),
                                           ("Kết luận số 120", eli("KL", 2021, "120-KL/TU"))])
def test_seed_number_only_mentions_in_002_resolve_through_004(seed_store, quote, target):
    found = seed_mention(seed_store, "002", quote)
    assert ask(seed_store, in_resolution(f"<{found}> kg:refersTo <{target}> ; kg:inferred true ; "
                                         f"kg:inferenceMethod \"number-only-from-corpus\""))
    notice = seed_document(seed_store, "002")
    assert ask(seed_store, in_resolution(f"<{notice}> kg:cites <{target}>"))


def test_seed_draft_decision_in_000_replaces_50_2016_nq_hdnd(seed_store):
    rows = select(seed_store, f'SELECT ?draft WHERE {{ ?draft kg:isDraft true ; kg:replaces '
                              f'<{eli("NQ", 2016, "50/2016/NQ-HĐND")}> ; kg:plannedIn ?task }}')
    assert rows and all("corpus-000-" in r["draft"] for r in rows)


def test_seed_938_two_dates_one_document_probably(seed_store):
    first, second = eli("NQ", 2023, "938/NQ-UBTVQH15"), eli("NQ", 2022, "938/NQ-UBTVQH15")
    hypothesis = iris.identity_hypothesis_iri(first, second)
    assert ask(seed_store, in_resolution(f"<{hypothesis}> a kg:IdentityHypothesis ; "
                                         f"kg:inferenceMethod \"date-misprint\" ; kg:confidence ?c . FILTER(?c >= 0.8)"))
    rows = select(seed_store, f'SELECT ?value WHERE {{ ?c a kg:Conflict ; kg:conflictAbout <{first}>, <{second}> ; '
                              f'kg:conflictingValue ?value }}')
    assert {r["value"] for r in rows} == {"2023-12-13", "2022-12-13"}
    dates = select(seed_store, 'SELECT ?date WHERE { ?m kg:symbol "938/NQ-UBTVQH15" ; kg:citedDate ?date }')
    assert sorted(r["date"] for r in dates) == ["2022-12-13", "2023-12-13"]  # kept on their mentions


def test_seed_implicit_01_nq_cp_in_001(seed_store):
    found = seed_mention(seed_store, "001", "Nghị quyết của Chính phủ")
    assert ask(seed_store, f"ASK {{ <{found}> kg:implicit true }}")
    assert ask(seed_store, in_resolution(f"<{found}> kg:refersTo {SEED_NQ01} ; "
                                         f"kg:inferenceMethod \"implicit-subject-match\" ; kg:confidence ?c . "
                                         f"FILTER(?c >= 0.6)"))


def test_seed_004_is_probably_02_kh_ubnd(seed_store):
    plan, kh02 = seed_document(seed_store, "004"), eli("KH", 2024, "02/KH-UBND")
    hypothesis = iris.identity_hypothesis_iri(plan, kh02)
    assert ask(seed_store, in_resolution(f"<{hypothesis}> a kg:IdentityHypothesis ; rdf:predicate kg:probablySameAs ;"
                                         f" kg:inferenceMethod \"draft-identity\" ; kg:confidence ?c ; kg:evidence ?e . "
                                         f"<{plan}> kg:probablySameAs <{kh02}> . <{kh02}> kg:probablySameAs <{plan}> "
                                         f"FILTER(?c >= 0.8)"))
    assert not ask(seed_store, f"ASK {{ ?a <{OWL.sameAs}> ?b }}")


def test_seed_every_numbered_mention_refers_to_a_document(seed_store):
    rows = select(seed_store, "SELECT ?q WHERE { ?m a kg:Mention ; kg:quote ?q . "
                              "{ ?m kg:symbol ?s } UNION { ?m kg:numberOnly true } "
                              "FILTER NOT EXISTS { ?m kg:refersTo ?d } }")
    # "Đề án số 06 của Chính phủ": no Đề án numbered 06 in the corpus, and no symbol to mint one from
    assert {r["q"] for r in rows} <= {"Đề án số 06 của Chính phủ"}


def test_seed_every_cited_document_has_class_symbol_year_and_label(seed_store):
    rows = select(seed_store, "SELECT DISTINCT ?d WHERE { { ?m kg:refersTo ?d } UNION { ?x kg:cites ?d } "
                              "FILTER NOT EXISTS { ?d a kg:Document ; kg:symbol ?s ; kg:year ?y ; rdfs:label ?l } }")
    assert not rows


def test_seed_resolution_facts_are_inferred_and_explained(seed_store):
    rows = select(seed_store, f"SELECT ?m WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?m kg:refersTo ?d }} "
                              f"FILTER NOT EXISTS {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?m kg:inferred true ; "
                              f"kg:inferenceMethod ?how ; kg:confidence ?c }} }} }}")
    assert not rows
    counts = select(seed_store, f"SELECT ?how (COUNT(*) AS ?n) WHERE {{ GRAPH <{RESOLUTION_GRAPH}> "
                                f"{{ ?x kg:inferenceMethod ?how }} }} GROUP BY ?how")
    print({r["how"]: r["n"] for r in counts})
    assert {"year-from-corpus", "year-from-citing-document", "number-only-from-corpus", "implicit-subject-match",
            "completed-from-mention", "date-misprint", "draft-identity", "conflicting-citations"} <= {
        r["how"] for r in counts}


def test_seed_resolution_takes_a_moment(seed_store):
    import time
    store = GraphStore.open(seed_store, read_only=True)
    start = time.perf_counter()
    graph = resolution.resolve(store, BASE)
    print(f"resolve() on the seeds: {time.perf_counter() - start:.3f} s, {len(graph)} triples")
    stored = {(q.subject, q.predicate, q.object) for q in store.quads(RESOLUTION_GRAPH)}
    assert len(stored) == len(graph)
