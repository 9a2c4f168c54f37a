"""Local symbols repeat in every province: a local document is identified with its jurisdiction.

"02/KH-UBND" of 2024 exists in each of the 63 provinces, "01/NQ-CP" of 2024 once. Small made-up documents of two
provinces (Bắc Ninh, Hà Nam) are built into a store with kg.build.build, as ``kg build`` does, and the store must
hold one node per province for the local symbol, one node for the central one, and resolve each mention within
its own province unless the mention names another.
"""
from __future__ import annotations

import hashlib

import pytest
from rdflib import Literal, URIRef

from kg.build import RESOLUTION_GRAPH, build
from kg.graph import iris, matching
from kg.graph.namespace import KG
from kg.graph.to_rdf import to_graph
from kg.records import DocumentInfo, Extraction, Reference, Relation
from kg.store import GraphStore
from kg.validation import validate_store

BASE = iris.DEFAULT_BASE
NQ01 = f"{BASE}eli/nq/2024/01-nq-cp"  # central: one node nationwide
KH02_BN = f"{BASE}eli/kh/2024/bac-ninh/02-kh-ubnd"
KH02_HN = f"{BASE}eli/kh/2024/ha-nam/02-kh-ubnd"
CT19_BN = f"{BASE}eli/ct/2020/bac-ninh/19-ct-tu"

PLAN = """ỦY BAN NHÂN DÂN
TỈNH {PROVINCE}

Số: {number}

{province}, ngày {day} tháng 01 năm 2024

KẾ HOẠCH
Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ

Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ về những nhiệm vụ, giải pháp chủ yếu, UBND tỉnh \
{province} ban hành Kế hoạch thực hiện như sau:

I. NHIỆM VỤ
1. Sở Tài chính: Chủ trì, phối hợp với Sở Nội vụ rà soát cơ chế, chính sách; hoàn thành trước ngày 20/03/2024.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An
"""

FILES = {
    # the same symbol and year in two provinces, both carrying out the same central resolution
    "bn_02_kh.txt": PLAN.format(PROVINCE="BẮC NINH", province="Bắc Ninh", number="02/KH-UBND", day=10),
    "hn_02_kh.txt": PLAN.format(PROVINCE="HÀ NAM", province="Hà Nam", number="02/KH-UBND", day=15),
    # a draft of Hà Nam with a blank number, carrying out the same resolution
    "hn_draft.txt": PLAN.format(PROVINCE="HÀ NAM", province="Hà Nam", number="     /KH-UBND", day="   ")
    .replace("Số:", "DỰ THẢO\n\nSố:"),
    # Bắc Ninh's Tỉnh ủy directive 19-CT/TU, cited in full, then by number only
    "bn_07_kh.txt": """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH

Số: 07/KH-UBND

Bắc Ninh, ngày 12 tháng 03 năm 2024

KẾ HOẠCH
Thực hiện Chỉ thị số 19-CT/TU ngày 11/06/2020 của Ban Thường vụ Tỉnh ủy

Thực hiện Chỉ thị số 19-CT/TU ngày 11/06/2020 của Ban Thường vụ Tỉnh ủy, UBND tỉnh Bắc Ninh ban hành Kế hoạch \
như sau:

1. Sở Nội vụ: Chủ trì rà soát; tiếp tục thực hiện Chỉ thị số 19 của Ban Thường vụ Tỉnh ủy.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An
""",
    # Hà Nam cites its own 02/KH-UBND, Bắc Ninh's by name of its issuer, and a "Chỉ thị số 19" of its own Tỉnh ủy
    "hn_05_tb.txt": """ỦY BAN NHÂN DÂN
TỈNH HÀ NAM

Số: 05/TB-UBND

Hà Nam, ngày 20 tháng 02 năm 2024

THÔNG BÁO
Kết luận phiên họp UBND tỉnh thường kỳ tháng 02 năm 2024

1. Tiếp tục thực hiện Kế hoạch số 02/KH-UBND ngày 15/01/2024 của UBND tỉnh. Giao Sở Tài chính chủ trì, hoàn \
thành trong tháng 3/2024.

2. Nghiên cứu Kế hoạch số 02/KH-UBND của UBND tỉnh Bắc Ninh. Giao Sở Nội vụ chủ trì.

3. Tiếp tục thực hiện Chỉ thị số 19 của Ban Thường vụ Tỉnh ủy. Giao Công an tỉnh chủ trì.

TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG

Trần Thị Bình
""",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("provinces")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = str(tmp_path_factory.mktemp("provinces-store") / "store")
    summary = build([str(folder)], path, jobs=1)
    assert not summary.failed, summary.failed
    return path


def select(path: str, query: str) -> list[dict]:
    return GraphStore.open(path, read_only=True).select(query)


def read_from(path: str, name: str) -> str:
    [row] = select(path, f'SELECT ?d WHERE {{ ?d kg:readFrom/kg:path ?p . FILTER(STRENDS(?p, "/{name}")) }}')
    return row["d"]


def mention(path: str, name: str, quote: str) -> str:
    [row] = select(path, f'SELECT ?m WHERE {{ ?m a kg:Mention ; kg:quote ?q ; kg:source/kg:path ?p . '
                         f'FILTER(STRENDS(?p, "/{name}") && STRSTARTS(?q, "{quote}")) }}')
    return row["m"]


def refers_to(path: str, iri: str) -> set[str]:
    return {r["d"] for r in select(path, f"SELECT ?d WHERE {{ <{iri}> kg:refersTo ?d }}")}


def test_one_local_symbol_and_year_in_two_provinces_is_two_documents(store):
    assert read_from(store, "bn_02_kh.txt") == KH02_BN
    assert read_from(store, "hn_02_kh.txt") == KH02_HN
    rows = select(store, 'SELECT DISTINCT ?d ?j WHERE { ?d kg:symbol "02/KH-UBND" ; kg:year 2024 ; '
                         'kg:jurisdiction ?j }')
    assert {(r["d"], r["j"]) for r in rows} == {(KH02_BN, "Bắc Ninh"), (KH02_HN, "Hà Nam")}
    for node in (KH02_BN, KH02_HN):  # each read from one file, with one issuer ("UBND tỉnh" where it is cited)
        assert len(select(store, f"SELECT ?f WHERE {{ <{node}> kg:readFrom ?f }}")) == 1
        names = [r["n"] for r in select(store, f"SELECT DISTINCT ?n WHERE {{ <{node}> kg:issuerName ?n }}")]
        assert len(matching.name_clusters(names)) == 1, names
    conflicts = select(store, f"SELECT ?c WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?c a kg:Conflict }} }}")
    assert not conflicts  # two documents, not one document with two issuers


def test_a_central_symbol_cited_from_two_provinces_stays_one_node(store):
    rows = select(store, 'SELECT DISTINCT ?d WHERE { ?d a kg:Document ; kg:symbol "01/NQ-CP" }')
    assert [r["d"] for r in rows] == [NQ01]
    implementing = {r["p"] for r in select(store, f"SELECT ?p WHERE {{ ?p kg:implements <{NQ01}> }}")}
    assert {KH02_BN, KH02_HN} <= implementing
    assert not select(store, f"SELECT ?j WHERE {{ <{NQ01}> kg:jurisdiction ?j }}")


def test_a_mention_of_the_citing_province_goes_to_its_node(store):
    assert refers_to(store, mention(store, "hn_05_tb.txt", "Kế hoạch số 02/KH-UBND ngày 15/01/2024")) == {KH02_HN}
    notice = read_from(store, "hn_05_tb.txt")
    assert bool(GraphStore.open(store, read_only=True).query(f"ASK {{ <{notice}> kg:continues <{KH02_HN}> }}"))


def test_a_mention_naming_another_provinces_issuer_goes_to_that_provinces_node(store):
    # "Kế hoạch số 02/KH-UBND của UBND tỉnh Bắc Ninh" in a Hà Nam notice, without date: the resolver finds the
    # year, in Bắc Ninh only
    found = mention(store, "hn_05_tb.txt", "Kế hoạch số 02/KH-UBND của UBND tỉnh Bắc Ninh")
    assert refers_to(store, found) == {KH02_BN}
    [row] = select(store, f"SELECT ?how WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ <{found}> kg:inferenceMethod ?how }} }}")
    assert row["how"] == "year-from-corpus"


def test_a_number_only_mention_resolves_within_its_province(store):
    in_bac_ninh = mention(store, "bn_07_kh.txt", "Chỉ thị số 19 ")
    assert refers_to(store, in_bac_ninh) == {CT19_BN}
    # Hà Nam's "Chỉ thị số 19 của Ban Thường vụ Tỉnh ủy" is Hà Nam's Tỉnh ủy's, which the corpus does not hold
    assert refers_to(store, mention(store, "hn_05_tb.txt", "Chỉ thị số 19")) == set()


def test_a_draft_is_compared_within_its_province(store):
    draft = read_from(store, "hn_draft.txt")
    rows = select(store, f"SELECT ?o WHERE {{ <{draft}> kg:probablySameAs ?o }}")
    assert {r["o"] for r in rows} == {KH02_HN}


def test_the_store_of_two_provinces_conforms(store):
    conforms, violations = validate_store(store)
    assert conforms, violations[:5]


def test_without_any_jurisdiction_a_local_document_keeps_the_plain_form():
    text = "KẾ HOẠCH 02/KH-UBND\n\nThực hiện Kế hoạch số 01/KH-UBND ngày 02/01/2024 của UBND tỉnh\n"
    start = text.index("Kế hoạch số")
    quote = "Kế hoạch số 01/KH-UBND ngày 02/01/2024 của UBND tỉnh"
    extraction = Extraction(
        source="nowhere.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text_length=len(text),
        document=DocumentInfo(kind="Kế hoạch", type_code="KH", symbol="02/KH-UBND", number="02", date="2024-01-10",
                              year=2024, issuer="UBND tỉnh"),  # no jurisdiction, and the issuer names none
        references=(Reference(start=start, end=start + len(quote), text=quote, kind="Kế hoạch", symbol="01/KH-UBND",
                              printed_symbol="01/KH-UBND", number="01", type_code="KH", issuer_code="UBND",
                              family="administrative", year=2024, date="2024-01-02", issuer="UBND tỉnh"),),
        relations=(Relation(subject="THIS", predicate="implements", object="01/KH-UBND", start=text.index("Thực"),
                            end=start + len(quote), object_mention=0, evidence=text[text.index("Thực"):start + len(quote)]),))
    graph = to_graph(extraction)
    own, cited = URIRef(f"{BASE}eli/kh/2024/02-kh-ubnd"), URIRef(f"{BASE}eli/kh/2024/01-kh-ubnd")
    assert (own, KG.implements, cited) in graph
    assert (None, KG.jurisdiction, None) not in graph


def test_the_issuer_named_by_a_mention_decides_in_the_file_graph():
    """A dated mention of another province's plan is that province's node already in the citing file's graph."""
    text = "KẾ HOẠCH 03/KH-UBND\n\nTham khảo Kế hoạch số 02/KH-UBND ngày 10/01/2024 của UBND tỉnh Bắc Ninh\n"
    quote = "Kế hoạch số 02/KH-UBND ngày 10/01/2024 của UBND tỉnh Bắc Ninh"
    start = text.index(quote)
    extraction = Extraction(
        source="hn.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text_length=len(text),
        document=DocumentInfo(kind="Kế hoạch", type_code="KH", symbol="03/KH-UBND", number="03", date="2024-02-01",
                              year=2024, issuer="UBND tỉnh Hà Nam", jurisdiction="Hà Nam"),
        references=(Reference(start=start, end=start + len(quote), text=quote, kind="Kế hoạch", symbol="02/KH-UBND",
                              printed_symbol="02/KH-UBND", number="02", type_code="KH", issuer_code="UBND",
                              family="administrative", year=2024, date="2024-01-10", issuer="UBND tỉnh Bắc Ninh"),))
    graph = to_graph(extraction)
    node = URIRef(KH02_BN)
    assert graph.value(iris.mention_iri("hn.txt", start, start + len(quote)), KG.refersTo) == node
    assert graph.value(node, KG.jurisdiction) == Literal("Bắc Ninh", lang="vi")
    assert (URIRef(f"{BASE}eli/kh/2024/ha-nam/03-kh-ubnd"), KG.cites, node) in graph
