"""A small lineage graph in the input contract of ``viz.render_html``, for docs, demos and tests.

    python -m viz.samples lineage.html     # writes the demo page
"""
from __future__ import annotations

import sys

import networkx as nx

_PLANS = [
    ("kh:45-KH-UBND", "45/KH-UBND", "UBND tỉnh Hà Giang", "2024-02-01", "corpus/45-KH-UBND.txt"),
    ("kh:112-KH-BGDĐT", "112/KH-BGDĐT", "Bộ Giáo dục và Đào tạo", "2024-02-20", "corpus/112-KH-BGDDT.txt"),
]
_TASKS = [
    ("Rà soát, đơn giản hóa thủ tục hành chính", "Sở Tư pháp", "2024-06-30"),
    ("Đẩy mạnh giải ngân vốn đầu tư công", "Sở Kế hoạch và Đầu tư", "2024-12-31"),
    ("Chuyển đổi số trong giáo dục", "Sở Giáo dục và Đào tạo", "2024-09-30"),
]


def sample_lineage() -> nx.MultiDiGraph:
    """A resolution, the resolution it continues, two plans implementing it, their tasks and agencies."""
    graph = nx.MultiDiGraph()
    graph.add_node("nq:01-NQ-CP", kind="document", doc_kind="Nghị quyết", symbol="01/NQ-CP", label="01/NQ-CP",
                   title="Về những nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội "
                         "và Dự toán ngân sách nhà nước năm 2024",
                   date="2024-01-05", year=2024, issuer="Chính phủ", source="corpus/01-NQ-CP.txt",
                   iri="urn:kg:doc:01-NQ-CP")
    graph.add_node("nq:01-NQ-CP-2023", kind="document", doc_kind="Nghị quyết", symbol="01/NQ-CP (2023)",
                   label="01/NQ-CP (2023)", year=2023, issuer="Chính phủ", inferred=True)
    graph.add_edge("nq:01-NQ-CP", "nq:01-NQ-CP-2023", predicate="continues", inferred=True)
    agencies = sorted({lead for _, lead, _ in _TASKS} | {"Sở Nội vụ"})
    for name in agencies:
        graph.add_node(f"cq:{name}", kind="agency", label=name)
    for p, (plan, symbol, issuer, date, source) in enumerate(_PLANS):
        graph.add_node(plan, kind="document", doc_kind="Kế hoạch", symbol=symbol, label=symbol, issuer=issuer,
                       date=date, title=f"Kế hoạch thực hiện Nghị quyết số 01/NQ-CP của Chính phủ ({issuer})",
                       source=source)
        quote = "triển khai thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ"
        graph.add_edge(plan, "nq:01-NQ-CP", predicate="implements",
                       evidence=[{"source": source, "start": 212, "end": 212 + len(quote), "quote": quote}])
        for t, (text, lead, deadline) in enumerate(_TASKS):
            task = f"nv:{p}.{t}"
            graph.add_node(task, kind="task", label=f"{p + 1}.{t + 1}. {text}", title=text, lead=[lead],
                           cooperating=["Sở Nội vụ"], deadline=deadline, source=source)
            graph.add_edge(task, plan, predicate="part_of")
            graph.add_edge(f"cq:{lead}", task, predicate="leads",
                           evidence=[{"source": source, "start": 900 + 60 * t, "end": 930 + 60 * t,
                                      "quote": f"{lead} chủ trì, phối hợp với Sở Nội vụ"}])
            graph.add_edge("cq:Sở Nội vụ", task, predicate="cooperates", inferred=True)
    return graph


if __name__ == "__main__":
    from viz import render_html

    out = sys.argv[1] if len(sys.argv) > 1 else "lineage.html"
    print(render_html(sample_lineage(), out, title="Nghị quyết 01/NQ-CP: các văn bản thực hiện",
                      root="nq:01-NQ-CP"))
