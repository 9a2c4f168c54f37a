"""IRIs (kg.graph.iris) and the triples of one file (kg.graph.to_rdf), checked against ontology/shapes.ttl."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.graph import iris, matching, to_rdf, validate
from kg.graph.namespace import KG
from kg.records import Agency, AgencyRole, DocumentInfo, Extraction, Meeting, Reference, Relation, Task, from_json

ROOT = Path(__file__).resolve().parents[1]
BASE = iris.DEFAULT_BASE

# -- a hand-built plan: implements 01/NQ-CP, two tasks, a meeting with an agenda item, a draft that replaces a
#    normative resolution, and a mention without year -------------------------------------------------------

TEXT = """ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG

Số: 165/KH-UBND

Bắc Giang, ngày 21 tháng 11 năm 2024

KẾ HOẠCH
Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ về những nhiệm vụ, giải pháp chủ yếu thực hiện \
Kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2024

Căn cứ Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ; Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện \
như sau:

1. Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư tham mưu phân bổ dự toán ngân sách năm 2024 \
theo Nghị quyết số 01/NQ-CP, hoàn thành trước ngày 20/01/2024.

2. Các sở, ngành, địa phương tiếp tục thực hiện Chỉ thị số 26-CT/TU của Ban Thường vụ Tỉnh ủy; hoàn thành \
trong Quý I/2026.

3. Hội nghị UBND tỉnh thường kỳ: Ngày 28/11/2024 (thứ Năm), do Chủ tịch UBND tỉnh Nguyễn Văn An chủ trì.
3.1. Dự thảo Nghị quyết thay thế Nghị quyết số 50/2016/NQ-HĐND ngày 09/12/2016 của HĐND tỉnh (Sở Tư pháp \
chuẩn bị).

Nơi nhận:
- Văn phòng Chính phủ;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Mai Sơn
"""
SOURCE = "corpus/165_KH-UBND.txt"


def span(phrase: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def between(first: str, last: str) -> tuple[int, int]:
    start = TEXT.index(first)
    return start, TEXT.index(last, start)


def mention_span(phrase: str, occurrence: int = 1) -> str:
    return "{}-{}".format(*span(phrase, occurrence))


def reference(phrase: str, occurrence: int = 1, **fields) -> Reference:
    start, end = span(phrase, occurrence)
    blank = dict.fromkeys(("kind", "symbol", "printed_symbol", "number", "type_code", "issuer_code", "family",
                           "year", "date", "issuer"))
    return Reference(start=start, end=end, text=phrase, **{**blank, **fields})


def role(name: str, phrase: str, task: str) -> AgencyRole:
    start, end = span(phrase)
    return AgencyRole(role=name, start=start, end=end, task=task)


def relation(subject: str, predicate: str, obj: str, phrase: str, **fields) -> Relation:
    start, end = span(phrase)
    return Relation(subject=subject, predicate=predicate, object=obj, start=start, end=end, evidence=phrase, **fields)


def build_plan() -> Extraction:
    nq01 = {"kind": "Nghị quyết", "symbol": "01/NQ-CP", "printed_symbol": "01/NQ-CP", "number": "01", "type_code": "NQ",
                "issuer_code": "CP", "family": "administrative"}
    nq01_dated = dict(nq01, year=2024, date="2024-01-05", issuer="Chính phủ", issuer_source="after")
    references = (
        reference("Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ", 1, **nq01_dated,
                  subject="những nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội"),
        reference("Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ", 2, **nq01_dated),
        reference("Nghị quyết số 01/NQ-CP", 3, **nq01),  # no date in the task: no year
        reference("Chỉ thị số 26-CT/TU của Ban Thường vụ Tỉnh ủy", kind="Chỉ thị", symbol="26-CT/TU",
                  printed_symbol="26-CT/TU", number="26", type_code="CT", issuer_code="TU", family="party",
                  issuer="Ban Thường vụ Tỉnh ủy", issuer_source="after"),  # the mention without year
        reference("Nghị quyết số 50/2016/NQ-HĐND ngày 09/12/2016 của HĐND tỉnh", kind="Nghị quyết",
                  symbol="50/2016/NQ-HĐND", printed_symbol="50/2016/NQ-HĐND", number="50", type_code="NQ",
                  issuer_code="HĐND", family="normative", year=2016, date="2016-12-09", issuer="HĐND tỉnh"),
    )
    (t1, t1_end), (t2, t2_end) = between("1. Giao", "2. Các sở"), between("2. Các sở", "3. Hội nghị")
    (m, m_end), (t31, t31_end) = between("3. Hội nghị", "3.1."), between("3.1.", "\n\nNơi nhận")
    tasks = (
        Task(label="1", start=t1, end=t1_end, lead=("Sở Tài chính",), cooperating=("Sở Kế hoạch và Đầu tư",),
             deadline="2024-01-20", implements=("01/NQ-CP",), mentions=("01/NQ-CP",), text="Giao Sở Tài chính"),
        Task(label="2", start=t2, end=t2_end, lead_groups=("Các sở, ngành, địa phương",), deadline="2026-Q1",
             implements=("26-CT/TU",), mentions=("26-CT/TU",), text="Các sở, ngành, địa phương tiếp tục"),
        Task(label="3.1", start=t31, end=t31_end, lead=("Sở Tư pháp",), kind="agenda_item",
             meeting_date="2024-11-28", mentions=("50/2016/NQ-HĐND",), text="Dự thảo Nghị quyết thay thế"),
    )
    meetings = (Meeting(date="2024-11-28", title="Hội nghị UBND tỉnh thường kỳ", chair="Nguyễn Văn An",
                        chair_position="Chủ tịch UBND tỉnh", start=m, end=m_end, items=("3.1",)),)
    agencies = (
        Agency(name="UBND tỉnh Bắc Giang", aliases=("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG",), jurisdiction="Bắc Giang"),
        Agency(name="Sở Tài chính", aliases=("Sở Tài chính",), roles=("leads",), jurisdiction="Bắc Giang",
               role_evidence=(role("leads", "Giao Sở Tài chính chủ trì", "1"),)),
        Agency(name="Sở Kế hoạch và Đầu tư", aliases=("Sở Kế hoạch và Đầu tư",), roles=("cooperates",),
               jurisdiction="Bắc Giang",
               role_evidence=(role("cooperates", "phối hợp với Sở Kế hoạch và Đầu tư", "1"),)),
        Agency(name="Sở Tư pháp", aliases=("Sở Tư pháp",), roles=("prepares",), jurisdiction="Bắc Giang",
               role_evidence=(role("prepares", "(Sở Tư pháp chuẩn bị)", "3.1"),)),
        Agency(name="Các sở, ngành, địa phương", roles=("leads",), jurisdiction="Bắc Giang", is_group=True,
               role_evidence=(role("leads", "Các sở, ngành, địa phương tiếp tục thực hiện", "2"),)),
    )
    relations = (
        relation("THIS", "implements", "01/NQ-CP", "Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ",
                 object_date="2024-01-05", object_mention=0),
        relation("THIS", "based_on", "01/NQ-CP", "Căn cứ Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ",
                 object_date="2024-01-05"),
        relation("THIS", "continues", "26-CT/TU", "tiếp tục thực hiện Chỉ thị số 26-CT/TU", task="2"),
        relation("Dự thảo Nghị quyết thay thế Nghị quyết số 50/2016/NQ-HĐND", "replaces", "50/2016/NQ-HĐND",
                 "Dự thảo Nghị quyết thay thế Nghị quyết số 50/2016/NQ-HĐND", subject_kind="draft", task="3.1"),
    )
    document = DocumentInfo(
        kind="Kế hoạch", type_code="KH", symbol="165/KH-UBND", number="165", date="2024-11-21", year=2024,
        place="Bắc Giang", issuer="UBND tỉnh Bắc Giang", jurisdiction="Bắc Giang", title=TEXT.splitlines()[8],
        signer="Mai Sơn", signer_position="Phó Chủ tịch", signature_block="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        recipients=("Văn phòng Chính phủ",))
    return Extraction(source=SOURCE, sha256=hashlib.sha256(TEXT.encode("utf-8")).hexdigest(), document=document,
                      references=references, agencies=agencies, tasks=tasks, meetings=meetings,
                      relations=relations, text_length=len(TEXT))


@pytest.fixture(scope="module")
def plan() -> Extraction:
    return build_plan()


@pytest.fixture(scope="module")
def graph(plan) -> Graph:
    return to_rdf.to_graph(plan)


def doc(type_code: str, year: int, symbol: str, jurisdiction: str | None = None) -> URIRef:
    return iris.document_iri(type_code, symbol, year, jurisdiction=jurisdiction)


PLAN = doc("KH", 2024, "165/KH-UBND", "Bắc Giang")  # a local issuer's document: numbered per province
NQ01 = doc("NQ", 2024, "01/NQ-CP")  # a central issuer's: one nationwide
NQ50 = doc("NQ", 2016, "50/2016/NQ-HĐND", "Bắc Giang")


def under(*segments: str) -> URIRef:
    return URIRef("/".join([iris.source_iri(SOURCE), *segments]))


def spans_quote(graph: Graph, evidence: URIRef, text: str) -> str:
    start, end = (graph.value(evidence, KG.start).toPython(), graph.value(evidence, KG.end).toPython())
    quote = graph.value(evidence, KG.quote)
    assert quote is not None, f"{evidence} has no quote"
    assert text[start:end] == str(quote), f"{evidence}: {text[start:end]!r} != {str(quote)!r}"
    return str(quote)


def assert_conforms(graph: Graph) -> None:
    conforms, _, report = validate(graph)
    assert conforms, report


# -- IRIs ------------------------------------------------------------------------------------------------------

def test_a_document_is_kind_symbol_and_year():
    assert doc("NQ", 2024, "01/NQ-CP") == URIRef("https://w3id.org/kg-vn/eli/nq/2024/01-nq-cp")
    assert doc("NQ", 2023, "01/NQ-CP") == URIRef("https://w3id.org/kg-vn/eli/nq/2023/01-nq-cp")
    assert doc("NQ", 2023, "01/NQ-CP") != doc("NQ", 2024, "01/NQ-CP")
    assert doc("NĐ", 2019, "91/2019/NĐ-CP").endswith("/eli/nd/2019/91-2019-nd-cp")
    assert doc("NQ", None, "01/NQ-CP").endswith("/eli/nq/undated/01-nq-cp")
    assert doc(None, 2023, "11554/VPCP-V.I").endswith("/eli/vb/2023/11554-vpcp-v-i")


def test_a_local_document_is_also_its_jurisdiction():
    assert PLAN == URIRef("https://w3id.org/kg-vn/eli/kh/2024/bac-giang/165-kh-ubnd")
    assert NQ50 == URIRef("https://w3id.org/kg-vn/eli/nq/2016/bac-giang/50-2016-nq-hdnd")
    assert doc("KH", 2024, "02/KH-UBND", "Bắc Ninh") != doc("KH", 2024, "02/KH-UBND", "Bắc Giang")
    assert iris.document_year(PLAN) == 2024 and iris.document_year(NQ01) == 2024
    assert iris.without_year(PLAN).endswith("/eli/kh/bac-giang/165-kh-ubnd")


@pytest.mark.parametrize("symbol, local", [
    ("01/NQ-CP", False), ("05/CT-TTg", False), ("11554/VPCP-V.I", False), ("31/2024/QH15", False),
    ("938/NQ-UBTVQH15", False), ("41-NQ/TW", False), ("04/2023/TT-BKHĐT", False), ("03/2022/TT-NHNN", False),
    ("02/KH-UBND", True), ("50/2016/NQ-HĐND", True), ("233-NQ/TU", True), ("12-NQ/BCSĐ", True),
    ("70/TTr-SKHĐT", True), ("186/TTr-TTT", True), ("14/TTr-BDT", True), ("123/UBND-KT", True),
    ("5/KH-XYZ", True),  # a code issuer_codes.csv does not list: far more likely a local body
])
def test_which_issuers_number_per_province(symbol, local):
    assert matching.is_local(matching.symbol_issuer(symbol)) is local
    expected = "Bắc Giang" if local else None
    assert matching.document_jurisdiction(symbol, None, "Bắc Giang") == expected


@pytest.mark.parametrize("issuer, expected", [
    ("UBND tỉnh Bắc Ninh", "Bắc Ninh"), ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "Bắc Giang"), ("UBND TP. Hà Nội", "Hà Nội"),
    ("Ủy ban nhân dân tỉnh Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"), ("Sở Tài chính tỉnh Thừa Thiên Huế", "Thừa Thiên Huế"),
    ("Ban Thường vụ Tỉnh ủy Bắc Ninh", "Bắc Ninh"), ("Thành uỷ Hà Nội", "Hà Nội"),
    ("UBND tỉnh", None), ("Ban Thường vụ Tỉnh ủy", None), ("Tỉnh ủy, HĐND tỉnh", None), (None, None),
])
def test_the_province_an_issuer_names(issuer, expected):
    assert matching.province(issuer) == expected


@pytest.mark.parametrize("text, expected", [
    ("04-NQ/BCSĐ", "04-nq-bcsd"),
    ("04-NQ/BCSD", "04-nq-bcsd"),  # the printed variant slugs the same; the caller canonicalises
    ("233-NQ/TU", "233-nq-tu"),
    ("50/2016/NQ-HĐND", "50-2016-nq-hdnd"),
    ("3210/QĐ - U B ND", "3210-qd-u-b-nd"),
    ("Sở Lao động - Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi"),
    ("Ủy ban nhân dân tỉnh Bắc Giang", "uy-ban-nhan-dan-tinh-bac-giang"),
    ("B.I.4", "b-i-4"),
    ("1.(3)", "1-3"),
])
def test_slug(text, expected):
    assert iris.slug(text) == expected


def test_a_slug_does_not_depend_on_unicode_normalisation():
    import unicodedata
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert iris.slug(unicodedata.normalize(form, "04-NQ/BCSĐ")) == "04-nq-bcsd"
        assert iris.slug(unicodedata.normalize(form, "Sở Tư pháp")) == "so-tu-phap"


def test_a_long_slug_is_cut_and_stays_unique():
    one = "Dự thảo Quyết định sửa đổi, bổ sung một số điều của Quy định về thời gian bán hàng tại các cửa hàng"
    other = one + " bán lẻ xăng dầu"
    assert len(iris.slug(one)) <= iris.MAX_SLUG
    assert iris.slug(one) != iris.slug(other)
    assert iris.slug(one) == iris.slug(one)
    assert "--" not in iris.slug(one)


def test_nothing_to_slug_is_an_error():
    with pytest.raises(ValueError):
        iris.slug(" / - ")


def test_agencies_persons_and_groups():
    assert iris.agency_iri("Sở Tài chính", "Bắc Giang") == URIRef("https://w3id.org/kg-vn/agency/bac-giang/so-tai-chinh")
    assert iris.agency_iri("Sở Tài chính", "Bắc Ninh") != iris.agency_iri("Sở Tài chính", "Bắc Giang")
    assert iris.agency_iri("Chính phủ") == URIRef("https://w3id.org/kg-vn/agency/chinh-phu")
    assert iris.agency_group_iri("Các sở, ngành", "Bắc Giang").endswith("/agency-group/bac-giang/cac-so-nganh")
    assert iris.person_iri("Mai Sơn") == URIRef("https://w3id.org/kg-vn/person/mai-son")


def test_what_a_file_says_lives_under_the_file():
    source = iris.source_iri("corpus/000_c7e42948049d7ec0.txt")
    assert source == URIRef("https://w3id.org/kg-vn/source/corpus-000-c7e42948049d7ec0-txt")
    assert iris.source_document_iri("corpus/000_c7e42948049d7ec0.txt") == URIRef(source + "/document")
    assert iris.task_iri("corpus/a.txt", "B.I.4").endswith("/source/corpus-a-txt/task/b-i-4")
    assert iris.task_iri("corpus/a.txt", "1", 2).endswith("/task/1--2")
    assert iris.task_iri("corpus/a.txt", "1", 2) != iris.task_iri("corpus/a.txt", "1.2")
    assert iris.mention_iri("corpus/a.txt", 10, 32).endswith("/mention/10-32")
    assert iris.evidence_iri("corpus/a.txt", 10, 32).endswith("/evidence/10-32")
    assert iris.meeting_iri("corpus/a.txt", "2023-11-21").endswith("/meeting/2023-11-21")
    assert iris.meeting_iri("corpus/a.txt", None, 2).endswith("/meeting/undated--2")
    assert iris.statement_iri("corpus/a.txt", 5, 9, "based_on", "01/NQ-CP").endswith(
        "/statement/5-9/based-on/01-nq-cp")
    assert iris.identity_hypothesis_iri(NQ01, NQ50) == iris.identity_hypothesis_iri(NQ50, NQ01)


def test_the_base_is_configurable():
    assert iris.document_iri("NQ", "01/NQ-CP", 2024, "http://example.org/kg") == URIRef(
        "http://example.org/kg/eli/nq/2024/01-nq-cp")
    with pytest.raises(ValueError):
        iris.source_iri("a.txt", "no-scheme/")


def test_iris_are_percent_safe_and_stable(graph):
    def minted_in(g):
        return {node for triple in g for node in triple
                if isinstance(node, URIRef) and node.startswith(BASE) and not node.startswith(str(KG._NS))}

    minted = minted_in(graph)
    assert len(minted) > 30
    for node in minted:
        assert quote(str(node), safe=":/") == str(node), node
        assert re.fullmatch(r"https://w3id\.org/kg-vn/[a-z0-9/-]+", node), node
    assert minted == minted_in(to_rdf.to_graph(build_plan()))


# -- the graph of one file -------------------------------------------------------------------------------------

def test_the_graph_conforms_to_the_shapes(graph):
    assert_conforms(graph)


def test_the_graph_is_named_after_its_source_file(graph, plan):
    assert graph.identifier == iris.source_iri(plan.source)
    source = iris.source_iri(plan.source)
    assert (source, RDF.type, KG.SourceFile) in graph
    assert graph.value(source, KG.sha256) == Literal(plan.sha256)
    assert graph.value(PLAN, KG.readFrom) == source


def test_the_document_is_typed_and_identified(graph):
    assert {KG.Plan, KG.Document} <= set(graph.objects(PLAN, RDF.type))
    assert graph.value(PLAN, KG.symbol) == Literal("165/KH-UBND")
    assert graph.value(PLAN, KG.year) == Literal(2024)
    assert graph.value(PLAN, KG.dateIssued) == Literal("2024-11-21", datatype=XSD.date)
    assert graph.value(PLAN, KG.isDraft) == Literal(False)
    assert graph.value(PLAN, KG.issuer) == iris.agency_iri("UBND tỉnh Bắc Giang", "Bắc Giang")
    assert graph.value(PLAN, KG.signer) == iris.person_iri("Mai Sơn")
    assert graph.value(PLAN, KG.title).language == "vi"


def test_the_plan_implements_and_is_based_on_01_nq_cp_of_2024(graph):
    assert (PLAN, KG.implements, NQ01) in graph
    assert (PLAN, KG.basedOn, NQ01) in graph
    assert (PLAN, KG.implements, doc("NQ", 2023, "01/NQ-CP")) not in graph
    assert {KG.Resolution, KG.Document} <= set(graph.objects(NQ01, RDF.type))
    assert graph.value(NQ01, KG.dateIssued) == Literal("2024-01-05", datatype=XSD.date)


def test_every_relation_statement_leads_back_to_its_sentence(graph):
    statements = set(graph.subjects(RDF.type, KG.RelationStatement))
    assert len(statements) == 4 + 2 + 4  # relations, task implements, agency roles
    quoted = 0
    for statement in statements:
        evidence = list(graph.objects(statement, KG.evidence))
        assert evidence, statement
        for node in evidence:
            if graph.value(node, KG.quote) is not None:
                spans_quote(graph, node, TEXT)
                quoted += 1
        if graph.value(statement, RDF.predicate) in to_rdf.DOCUMENT_PREDICATES.values():
            assert graph.value(evidence[0], KG.quote) is not None, f"{statement} has no quoted sentence"
    assert quoted >= 6


def test_every_mention_quotes_its_span(graph, plan):
    mentions = set(graph.subjects(RDF.type, KG.Mention))
    assert len(mentions) == len(plan.references)
    for mention in mentions:
        spans_quote(graph, mention, TEXT)
        assert (PLAN, KG.mentions, mention) in graph


def test_every_document_edge_has_a_statement_with_its_evidence(graph):
    rows = graph.query("""
        SELECT ?s ?p ?o ?quote WHERE {
            ?s ?p ?o .
            FILTER(?p IN (kg:implements, kg:continues, kg:basedOn, kg:replaces, kg:amends, kg:repeals,
                          kg:issuedWith, kg:reportsOn))
            OPTIONAL { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidence/kg:quote ?quote }
        }""", initNs={"kg": KG._NS, "rdf": RDF})
    assert len(rows) == 3
    for row in rows:
        assert row.quote is not None, f"{row.s} {row.p} {row.o} has no sentence"


def test_a_mention_without_year_is_not_resolved_but_ready_to_be(graph):
    mention = under("mention", mention_span("Chỉ thị số 26-CT/TU của Ban Thường vụ Tỉnh ủy"))
    assert (mention, KG.refersTo, None) not in graph
    assert graph.value(mention, KG.symbol) == Literal("26-CT/TU")
    assert graph.value(mention, KG.typeCode) == Literal("CT")
    assert graph.value(mention, KG.issuerName) == Literal("Ban Thường vụ Tỉnh ủy", lang="vi")
    assert graph.value(mention, KG.citingDate) == Literal("2024-11-21", datatype=XSD.date)
    documents = {s for s in graph.subjects(KG.symbol, Literal("26-CT/TU")) if (s, RDF.type, KG.Document) in graph}
    assert documents == set(), "no node for 26-CT/TU of an unknown year"
    statement = next(graph.subjects(KG.objectMention, mention))
    assert graph.value(statement, RDF.object) is None
    assert graph.value(statement, KG.objectSymbol) == Literal("26-CT/TU")
    assert (PLAN, KG.continues, None) not in graph


def test_a_mention_of_a_dated_document_refers_to_it(graph):
    mention = under("mention", mention_span("Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ"))
    assert graph.value(mention, KG.refersTo) == NQ01
    assert (PLAN, KG.cites, NQ01) in graph
    undated = under("mention", mention_span("Nghị quyết số 01/NQ-CP", 3))
    assert graph.value(undated, KG.refersTo) is None


def test_tasks(graph):
    task1, task2 = under("task", "1"), under("task", "2")
    for task in (task1, task2):
        assert (task, RDF.type, KG.Task) in graph
        assert graph.value(task, KG.partOf) == PLAN
        assert graph.value(task, KG.assignedIn) == PLAN
    assert graph.value(task1, KG.label) == Literal("1")
    assert graph.value(task1, KG.leadAgency) == iris.agency_iri("Sở Tài chính", "Bắc Giang")
    assert graph.value(task1, KG.cooperatingAgency) == iris.agency_iri("Sở Kế hoạch và Đầu tư", "Bắc Giang")
    assert graph.value(task1, KG.deadline) == Literal("2024-01-20", datatype=XSD.date)
    assert graph.value(task1, KG.taskImplements) == NQ01
    assert graph.value(task2, KG.leadGroup) == iris.agency_group_iri("Các sở, ngành, địa phương", "Bắc Giang")
    assert graph.value(task2, KG.deadline) == Literal("2026-Q1", datatype=KG.yearQuarter)
    assert graph.value(task2, KG.deadlineEnd) == Literal("2026-03-31", datatype=XSD.date)
    agency = iris.agency_iri("Sở Tài chính", "Bắc Giang")
    assert graph.value(agency, RDFS.label) == Literal("Sở Tài chính", lang="vi")
    assert (agency, RDF.type, KG.Agency) in graph


def test_the_meeting_and_its_agenda_item(graph):
    meeting, item = under("meeting", "2024-11-28"), under("task", "3-1")
    assert (meeting, RDF.type, KG.Meeting) in graph
    assert graph.value(meeting, KG.partOf) == PLAN
    assert graph.value(meeting, KG.chair) == iris.person_iri("Nguyễn Văn An")
    assert (meeting, KG.agendaItem, item) in graph
    assert {KG.AgendaItem, KG.Task} <= set(graph.objects(item, RDF.type))
    assert graph.value(item, KG.partOf) == meeting
    assert graph.value(item, KG.preparedBy) == iris.agency_iri("Sở Tư pháp", "Bắc Giang")


def test_a_draft_replacing_a_normative_resolution_is_its_own_document(graph):
    drafts = list(graph.subjects(KG.isDraft, Literal(True)))
    assert len(drafts) == 1
    draft = drafts[0]
    assert draft.startswith(iris.source_iri(SOURCE) + "/draft/")
    assert (draft, RDF.type, KG.Resolution) in graph
    assert (draft, KG.replaces, NQ50) in graph
    assert graph.value(draft, KG.plannedIn) == under("task", "3-1")
    assert graph.value(NQ50, KG.year) == Literal(2016)


def test_agency_roles_are_statements_with_their_words(graph):
    statement = next(graph.subjects(RDF.predicate, KG.preparedBy))
    assert graph.value(statement, RDF.subject) == under("task", "3-1")
    assert graph.value(statement, RDF.object) == iris.agency_iri("Sở Tư pháp", "Bắc Giang")
    evidence = graph.value(statement, KG.evidence)
    start, end = graph.value(evidence, KG.start).toPython(), graph.value(evidence, KG.end).toPython()
    assert TEXT[start:end] == "(Sở Tư pháp chuẩn bị)"


def test_the_json_form_gives_the_same_graph(plan, graph):
    again = from_json(json.loads(json.dumps(plan.to_json(), ensure_ascii=False)))
    assert isomorphic(to_rdf.to_graph(again), graph)


def test_the_graph_is_deterministic(plan, graph):
    assert to_isomorphic(to_rdf.to_graph(plan)) == to_isomorphic(graph)


def test_another_base(plan):
    graph = to_rdf.to_graph(plan, base="http://example.org/kg/")
    assert graph.identifier == URIRef("http://example.org/kg/source/corpus-165-kh-ubnd-txt")
    nodes = {n for t in graph for n in t if isinstance(n, URIRef) and not n.startswith(str(KG._NS))}
    assert not {n for n in nodes if n.startswith(BASE)}
    assert URIRef("http://example.org/kg/eli/nq/2024/01-nq-cp") in nodes


def test_a_draft_file_without_number_is_its_source_document():
    text = "Số: /KH-UBND\nBắc Giang, ngày  tháng 01 năm 2024\nKẾ HOẠCH\nThực hiện Chỉ thị số 19 của Tỉnh ủy\n"
    start = text.index("Chỉ thị số 19")
    extraction = Extraction(
        source="corpus/draft.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text_length=len(text),
        document=DocumentInfo(kind="Kế hoạch", type_code="KH", symbol="/KH-UBND", date_partial="2024-01",
                              is_draft=True, issuer="UBND tỉnh Bắc Giang"),
        references=(Reference(start=start, end=start + 13, text="Chỉ thị số 19", kind="Chỉ thị", symbol="19-CT/TU",
                              printed_symbol=None, number="19", type_code="CT", issuer_code="TU", family="party",
                              year=2020, date="2020-06-11", issuer="Tỉnh ủy", number_only=True,
                              resolved_from="corpus/004.txt"),),
        relations=(Relation(subject="THIS", predicate="implements", object="19-CT/TU", start=text.index("Thực"),
                            end=start + 13, evidence="Thực hiện Chỉ thị số 19"),))
    graph = to_rdf.to_graph(extraction)
    document = iris.source_document_iri("corpus/draft.txt")
    assert graph.value(document, KG.isDraft) == Literal(True)
    assert graph.value(document, KG.year) == Literal(2024)
    assert (document, KG.implements, doc("CT", 2020, "19-CT/TU", "Bắc Giang")) in graph  # its issuer's province
    mention = iris.mention_iri("corpus/draft.txt", start, start + 13)
    assert graph.value(mention, KG.inferred) == Literal(True)
    assert "004" in graph.value(mention, KG.inferenceMethod)
    assert_conforms(graph)


@pytest.mark.parametrize("value, datatype, end", [
    ("2024-01-20", XSD.date, "2024-01-20"),
    ("2024-05", XSD.gYearMonth, "2024-05-31"),
    ("2024-02", XSD.gYearMonth, "2024-02-29"),
    ("2026-Q1", KG.yearQuarter, "2026-03-31"),
    ("2026-Q4", KG.yearQuarter, "2026-12-31"),
    ("2024", XSD.gYear, "2024-12-31"),
])
def test_deadlines(value, datatype, end):
    literal, last = to_rdf.to_deadline(value)
    assert literal == Literal(value, datatype=datatype)
    assert last.isoformat() == end


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "2026-Q5", "xong trước khi Luật có hiệu lực", ""])
def test_what_is_no_deadline(value):
    assert to_rdf.to_deadline(value) is None


# -- broken graphs do not conform ------------------------------------------------------------------------------

def _first(graph: Graph, cls: URIRef) -> URIRef:
    return min(graph.subjects(RDF.type, cls))


def break_span(g):
    mention = _first(g, KG.Mention)
    g.set((mention, KG.start, Literal(g.value(mention, KG.end).toPython() + 5)))


def second_symbol(g):
    g.add((PLAN, KG.symbol, Literal("166/KH-UBND")))


def task_without_label(g):
    g.remove((under("task", "1"), KG.label, None))


def statement_without_evidence(g):
    g.remove((_first(g, KG.RelationStatement), KG.evidence, None))


def confidence_above_one(g):
    g.add((_first(g, KG.RelationStatement), KG.confidence, Literal(1.5)))


def month_thirteen(g):
    task = under("task", "1")
    g.set((task, KG.deadline, Literal("2024-13", datatype=XSD.gYearMonth)))
    g.set((task, KG.deadlineEnd, Literal("2024-12-31", datatype=XSD.date)))


def mention_of_another_year(g):
    mention = under("mention", mention_span("Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ"))
    other = doc("NQ", 2023, "01/NQ-CP")
    g.set((mention, KG.refersTo, other))
    g.add((other, RDF.type, KG.Resolution))
    g.add((other, KG.symbol, Literal("01/NQ-CP")))
    g.add((other, KG.year, Literal(2023)))


def edge_without_statement(g):
    g.add((PLAN, KG.repeals, NQ50))


def year_not_in_iri(g):
    g.set((NQ01, KG.year, Literal(2023)))


def year_not_in_local_iri(g):
    g.set((NQ50, KG.year, Literal(2017)))


def local_document_without_jurisdiction(g):
    g.remove((NQ50, KG.jurisdiction, None))


def quote_longer_than_span(g):
    evidence = next(e for e in g.subjects(RDF.type, KG.Evidence) if g.value(e, KG.quote) is not None)
    g.set((evidence, KG.quote, Literal(str(g.value(evidence, KG.quote)) + " và các văn bản khác")))


def sha_not_hex(g):
    g.set((iris.source_iri(SOURCE), KG.sha256, Literal("not-a-digest")))


def agenda_item_outside_its_meeting(g):
    g.set((under("task", "3-1"), KG.partOf, PLAN))


def statement_without_object(g):
    statement = next(g.subjects(KG.objectSymbol, Literal("26-CT/TU")))
    g.remove((statement, KG.objectSymbol, None))
    g.remove((statement, KG.objectMention, None))


def span_past_the_text(g):
    mention = _first(g, KG.Mention)
    g.set((mention, KG.end, Literal(len(TEXT) + 10)))


def agency_also_a_group(g):
    g.add((iris.agency_iri("Sở Tài chính", "Bắc Giang"), RDF.type, KG.AgencyGroup))


def eli_document_without_symbol(g):
    g.remove((NQ50, KG.symbol, None))


def planned_document_not_a_draft(g):
    draft = next(g.subjects(KG.plannedIn, None))
    g.set((draft, KG.isDraft, Literal(False)))


BREAKAGES = {
    break_span: "smaller than its end",
    second_symbol: "at most one symbol",
    task_without_label: "one item label",
    statement_without_evidence: "points to the span that states it",
    confidence_above_one: "in [0, 1]",
    month_thirteen: "A deadline is one",
    mention_of_another_year: "refers to a document of another year",
    edge_without_statement: "cannot be traced to its sentence",
    year_not_in_iri: "is not its kg:year",
    year_not_in_local_iri: "is not its kg:year",
    local_document_without_jurisdiction: "its kg:jurisdiction",
    quote_longer_than_span: "longer than its span",
    sha_not_hex: "64 lowercase hex digits",
    agenda_item_outside_its_meeting: "not part of that meeting",
    statement_without_object: "has a subject and an object",
    span_past_the_text: "after the end of its file's text",
    agency_also_a_group: "never also an agency group",
    eli_document_without_symbol: "states its kg:symbol and kg:year",
    planned_document_not_a_draft: "is a draft",
}


@pytest.mark.parametrize("breakage", list(BREAKAGES), ids=lambda f: f.__name__)
def test_a_broken_graph_does_not_conform(graph, breakage):
    broken = Graph(identifier=graph.identifier)
    for triple in graph:
        broken.add(triple)
    breakage(broken)
    conforms, _, report = validate(broken)
    assert not conforms, f"{breakage.__name__} went unnoticed"
    assert BREAKAGES[breakage] in report, report


# -- the gold annotation of the five seed documents, as records, conforms ----------------------------------------

SEEDS = json.loads((ROOT / "tests" / "data" / "seeds.json").read_text(encoding="utf-8"))


def seed_extraction(name: str) -> tuple[Extraction, str]:
    """The gold annotation of a seed file as the records the extractor should produce."""
    gold, text = SEEDS[name], (ROOT / "corpus" / name).read_text(encoding="utf-8")
    references = []
    for r in gold["references"]:
        symbol, date = r["canonical_symbol"], r["date"]
        normative = re.match(r"^\d+/(\d{4})/", symbol or "")
        year = int(normative[1]) if normative else int(date[:4]) if date else None
        type_code = to_rdf._symbol_type(symbol) if symbol else None
        references.append(Reference(
            start=r["offset"], end=r["offset"] + len(r["text"]), text=r["text"], kind=r["kind"], symbol=symbol,
            printed_symbol=r["symbol"], number=r["number"], type_code=type_code, issuer_code=None, family=None,
            year=year, date=date, issuer=r["issuer"]))
    tasks = tuple(Task(label=t["label"], start=t["offset"], end=t["span_end"], lead=tuple(t["lead"]),
                       cooperating=tuple(t["cooperating"]), lead_groups=tuple(t.get("lead_groups", ())),
                       deadline=t["deadline"], implements=tuple(t["refs"]), mentions=tuple(t["mentions"]),
                       kind="agenda_item" if t.get("meeting_date") else "task",
                       meeting_date=t.get("meeting_date"), text=t["first_words"]) for t in gold["tasks"])
    meetings = tuple(Meeting(date=m["date"], title=m["title"], chair=m.get("chair"),
                             chair_position=m.get("chair_position")) for m in gold["meetings"])
    agencies = tuple(Agency(name=a["name"], aliases=tuple(a["aliases"]), roles=tuple(a["roles"]),
                            category=a.get("category"), jurisdiction="Bắc Giang", is_group=group)
                     for key, group in (("agencies", False), ("agency_groups", True)) for a in gold[key])
    relations = []
    for r in gold["relations"]:
        # the gold evidence joins wrapped lines (even inside a symbol); the records carry the exact span text
        wrapped = re.compile(r"\s*".join(map(re.escape, "".join(r["evidence"].split()))))
        found = wrapped.match(text, r["evidence_offset"])
        assert found, f"{name}: no evidence at {r['evidence_offset']}: {r['evidence']!r}"
        subject_kind = ("this" if r["subject"] == "THIS" else "draft" if re.match(r"(draft|Dự thảo)", r["subject"])
                        else "document")
        obj, _, object_date = r["object"].partition("@")
        relations.append(Relation(
            subject=r["subject"], predicate=r["predicate"], object=obj, start=found.start(), end=found.end(),
            subject_kind=subject_kind, task=r.get("task"), object_date=object_date or None,
            inferred=bool(r.get("implicit")), evidence=found[0]))
    d = gold["document"]
    document = DocumentInfo(kind=d["kind"], symbol=d["symbol"], number=d["number"], date=d["date"],
                            date_partial=d.get("date_partial") or d.get("period"), issuer=d["issuer"],
                            jurisdiction="Bắc Giang", title=d["title"], signer=d["signer"],
                            signer_position=d["signer_position"], signature_block=d["signature_block"],
                            is_draft=bool(d["symbol"]) and not d["number"])
    return Extraction(source=f"corpus/{name}", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                      document=document, references=tuple(references), agencies=agencies, tasks=tasks,
                      meetings=meetings, relations=tuple(relations), text_length=len(text)), text


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_the_gold_seed_annotation_conforms_and_every_quote_is_in_the_text(name):
    extraction, text = seed_extraction(name)
    graph = to_rdf.to_graph(extraction)
    for evidence in set(graph.subjects(RDF.type, KG.Evidence)):
        if graph.value(evidence, KG.quote) is not None:
            spans_quote(graph, evidence, text)
    assert len(set(graph.subjects(RDF.type, KG.RelationStatement))) >= len(extraction.relations)
    assert_conforms(graph)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_what_the_extractor_builds_from_each_seed_conforms(seeds_by_name, name):
    """The contract end to end: the project's own extractor on the seed files (conftest extracts them once)."""
    graph = to_rdf.to_graph(seeds_by_name[name])
    text = (ROOT / "corpus" / name).read_text(encoding="utf-8")
    for evidence in set(graph.subjects(RDF.type, KG.Evidence)):
        if graph.value(evidence, KG.quote) is not None:
            spans_quote(graph, evidence, text)
    assert set(graph.subjects(RDF.type, KG.RelationStatement))
    assert_conforms(graph)
