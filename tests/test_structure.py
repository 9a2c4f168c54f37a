"""Numbered items and tasks on documents of other genres than the seeds (made up for the test)."""
from __future__ import annotations

from kg.extract.structure import parse_items

DIRECTIVE = """CHỈ THỊ
Về tăng cường công tác phòng cháy, chữa cháy
Để triển khai thực hiện Chỉ thị số 01/CT-TTg ngày 04/01/2024 của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh yêu cầu:
1. Công an tỉnh: Chủ trì, phối hợp với Sở Xây dựng kiểm tra an toàn phòng cháy tại các chợ,
2024 là năm có nhiều nguy cơ cháy nổ; hoàn thành trước ngày 30/6/2024.
2. Sở Công Thương: Phối hợp với Công an tỉnh hướng dẫn các cơ sở kinh doanh xăng dầu.
a) Rà soát các cửa hàng;
b) Báo cáo kết quả trong Quý III/2024.
3. UBND các huyện, thành phố: Tổ chức thực hiện Chỉ thị này.
Nơi nhận:
- Như mục 3;
- Lưu: VT.
"""

DECISION = """QUYẾT ĐỊNH
Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 12/2019/QĐ-UBND.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này.
"""


def labels(text):
    return [item.label for item in parse_items(text)]


def test_wrapped_line_starting_with_a_year_is_not_an_item():
    assert labels(DIRECTIVE) == ["1", "2", "2.a", "2.b", "3"]


def test_distribution_list_closes_the_body():
    items = parse_items(DIRECTIVE)
    assert all(item.end <= DIRECTIVE.index("Nơi nhận") for item in items)


def test_articles_of_a_decision():
    assert labels(DECISION) == ["Điều 1", "Điều 2", "Điều 3"]


def test_directive_tasks_have_leads_and_deadlines():
    from kg.extract import extract_text
    extraction = extract_text(DIRECTIVE, source="directive.txt")
    tasks = {t.label: t for t in extraction.tasks}
    assert tasks["1"].lead == ("Công an tỉnh",)
    assert tasks["1"].cooperating == ("Sở Xây dựng",)
    assert tasks["1"].deadline == "2024-06-30"
    assert "2" not in tasks  # a heading with lettered sub-items
    assert tasks["2.b"].deadline == "2024-Q3"
    assert tasks["3"].lead_groups == ("UBND các huyện, thành phố",)
    assert "THIS" in tasks["3"].implements
    roles = {a.name: set(a.roles) for a in extraction.agencies}
    assert roles["Công an tỉnh"] >= {"assigned", "leads"}
    assert "cooperates" in roles["Sở Công Thương"]
    assert any(r.object == "01/CT-TTg" and r.predicate == "implements" for r in extraction.relations)
