"""Generate a synthetic corpus of Vietnamese administrative documents for benchmarks.

The documents follow the genre (docs/domain.md): Government resolutions carried out by provincial
plans (Kế hoạch) with numbered tasks led by departments and descriptive paragraphs, meeting conclusion
notices with agenda items, and short decisions with articles (35 %, 25 %, 40 %), across 20 provinces
and 2019-2025, so that chains of implementation form across documents. Every document keeps one date
wherever it is cited. Deterministic for a given seed.

    python bench/corpus_gen.py OUT_DIR --documents 10000
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

PROVINCES = ["Hà Giang", "Lào Cai", "Yên Bái", "Thái Nguyên", "Phú Thọ", "Vĩnh Phúc", "Hải Dương", "Hưng Yên",
             "Thái Bình", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị",
             "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên"]
DEPARTMENTS = ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Tư pháp", "Sở Nội vụ", "Sở Xây dựng", "Sở Công Thương",
               "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài nguyên và Môi trường",
               "Sở Nông nghiệp và Phát triển nông thôn", "Sở Lao động - Thương binh và Xã hội",
               "Sở Văn hóa, Thể thao và Du lịch", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ",
               "Sở Giao thông vận tải", "Thanh tra tỉnh", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh",
               "Ban Dân tộc", "Cục Thống kê tỉnh"]
SUBJECTS = ["những nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội",
            "cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh", "phát triển kinh tế số",
            "đẩy mạnh giải ngân vốn đầu tư công", "phòng, chống thiên tai", "cải cách hành chính",
            "bảo đảm an ninh, trật tự", "phát triển du lịch cộng đồng", "chuyển đổi số quốc gia",
            "nâng cao chất lượng giáo dục", "phát triển nông nghiệp bền vững", "giảm nghèo bền vững"]
ACTIONS = ["rà soát, hoàn thiện cơ chế, chính sách", "đẩy nhanh tiến độ các dự án trọng điểm",
           "tăng cường kiểm tra, giám sát", "tổ chức tuyên truyền, phổ biến", "xây dựng cơ sở dữ liệu",
           "hướng dẫn các địa phương triển khai", "tổng hợp, báo cáo kết quả thực hiện"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Minh", "Phạm Đức Hòa", "Hoàng Thu Hà", "Vũ Mạnh Hùng"]


def _date(rng: random.Random, year: int) -> tuple[int, int, int]:
    return rng.randint(1, 28), rng.randint(1, 12), year


class Registry:
    """One date per generated document symbol, so every citation of a document gives the same date."""

    def __init__(self, rng: random.Random):
        self.rng, self.dates = rng, {}

    def cite(self, symbol: str, year: int) -> str:
        if (symbol, year) not in self.dates:
            d, m, _ = _date(self.rng, year)
            self.dates[(symbol, year)] = f"{d:02d}/{m:02d}/{year}"
        return self.dates[(symbol, year)]


def _government_resolution(rng: random.Random, year: int) -> tuple[str, str, str]:
    number = rng.randint(1, 180)
    d, m, y = _date(rng, year)
    return f"{number:02d}/NQ-CP", f"{d:02d}/{m:02d}/{y}", rng.choice(SUBJECTS)


def _prose(rng: random.Random) -> str:
    """A paragraph of the descriptive text real plans are mostly made of (no task, no reference)."""
    return " ".join(f"{rng.choice(ACTIONS).capitalize()} nhằm {rng.choice(SUBJECTS)}; bảo đảm tiến độ, chất lượng "
                    f"và hiệu quả, phù hợp với điều kiện thực tế của địa phương." for _ in range(rng.randint(2, 5)))


def plan(rng: random.Random, province: str, year: int, number: int, parents: list, siblings: list,
         registry: Registry) -> str:
    symbol, date, subject = rng.choice(parents)
    d, m, _ = _date(rng, year)
    lines = [
        "ỦY BAN NHÂN DÂN", f"TỈNH {province.upper()}", "", f"Số: {number}/KH-UBND", "",
        f"{province}, ngày {d} tháng {m} năm {year}", "", "KẾ HOẠCH",
        f"Thực hiện Nghị quyết số {symbol} ngày {date} của Chính phủ về {subject}", "",
        f"Thực hiện Nghị quyết số {symbol} ngày {date} của Chính phủ về {subject}, "
        f"UBND tỉnh {province} xây dựng Kế hoạch thực hiện như sau:", "",
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Quán triệt đầy đủ các mục tiêu, nhiệm vụ của Nghị quyết.",
        "2. Xác định rõ trách nhiệm của các cơ quan, đơn vị.", "", "II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU",
    ]
    for section in range(1, rng.randint(3, 6)):
        lines.append(f"{section}. {rng.choice(ACTIONS).capitalize()}")
        for task in range(1, rng.randint(2, 6)):
            lead, partner = rng.sample(DEPARTMENTS, 2)
            sentence = f"{section}.{task}. {lead}: Chủ trì, phối hợp với {partner} {rng.choice(ACTIONS)}"
            if siblings and rng.random() < 0.3:
                other = rng.choice(siblings)
                sentence += f"; tiếp tục thực hiện Kế hoạch số {other[0]} ngày {other[1]} của UBND tỉnh"
            if rng.random() < 0.4:
                sentence += f"; hoàn thành trước ngày {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
            directive = f"{rng.randint(1, 40):02d}/CT-TTg"
            lines += [sentence + ".", "", f"Thực hiện nghiêm Chỉ thị số {directive} ngày "
                      f"{registry.cite(directive, year - 1)} của Thủ tướng Chính phủ về "
                      f"{rng.choice(SUBJECTS)}.", "", _prose(rng), ""]
    lines += ["III. TỔ CHỨC THỰC HIỆN",
              f"1. Các sở, ngành, địa phương tổ chức triển khai thực hiện Kế hoạch này; báo cáo kết quả trước ngày 15/12/{year}.",
              "2. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Văn phòng UBND tỉnh theo dõi, đôn đốc.", "",
              "Nơi nhận:", "- Văn phòng Chính phủ;", "- TT Tỉnh ủy, TT HĐND tỉnh;", "- Lưu: VT.", "",
              "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", rng.choice(NAMES)]
    return "\n".join(lines) + "\n"


def notice(rng: random.Random, province: str, year: int, number: int, plans: list, registry: Registry) -> str:
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    lines = ["ỦY BAN NHÂN DÂN", f"TỈNH {province.upper()}", "", f"Số: {number}/TB-UBND", "",
             f"{province}, ngày {d} tháng {m} năm {year}", "", "THÔNG BÁO",
             f"Kết luận phiên họp UBND tỉnh thường kỳ tháng {m} năm {year}", "",
             f"Ngày {d}/{m}/{year}, UBND tỉnh tổ chức phiên họp thường kỳ tháng {m} năm {year} do Chủ tịch UBND tỉnh "
             f"{rng.choice(NAMES)} chủ trì. UBND tỉnh đã thảo luận và quyết định các nội dung sau:", ""]
    for item in range(1, rng.randint(4, 10)):
        agency = rng.choice(DEPARTMENTS)
        submission = f"{rng.randint(1, 300)}/TTr-STC"
        lines.append(f"{item}. Dự thảo Báo cáo về {rng.choice(SUBJECTS)} (Tờ trình số {submission} "
                     f"ngày {registry.cite(submission + province, year)} của Sở Tài chính)")
        if plans and rng.random() < 0.5:
            target = rng.choice(plans)
            lines.append(f"Tiếp tục thực hiện Kế hoạch số {target[0]} ngày {target[1]} của UBND tỉnh. Giao {agency} "
                         f"chủ trì, phối hợp với Văn phòng UBND tỉnh hoàn thiện, hoàn thành trong tháng {m}/{year}.")
        lines.append("")
    lines += ["Nơi nhận:", "- Các sở, ngành;", "- Lưu: VT.", "", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "",
              rng.choice(NAMES)]
    return "\n".join(lines) + "\n"


def decision(rng: random.Random, province: str, year: int, number: int, plans: list, registry: Registry) -> str:
    """A short decision: legal basis, articles, who carries it out (most documents are of this size)."""
    d, m, _ = _date(rng, year)
    decree = f"{rng.randint(1, 150)}/{year - rng.randint(1, 4)}/NĐ-CP"
    lines = ["ỦY BAN NHÂN DÂN", f"TỈNH {province.upper()}", "", f"Số: {number}/QĐ-UBND", "",
             f"{province}, ngày {d} tháng {m} năm {year}", "", "QUYẾT ĐỊNH", f"Về việc {rng.choice(ACTIONS)}", "",
             "ỦY BAN NHÂN DÂN TỈNH", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
             f"Căn cứ Nghị định số {decree} ngày {registry.cite(decree, year)} của Chính phủ;",
             f"Theo đề nghị của Giám đốc {rng.choice(DEPARTMENTS)}.", "", "QUYẾT ĐỊNH:",
             f"Điều 1. Phê duyệt nội dung {rng.choice(SUBJECTS)} trên địa bàn tỉnh."]
    if plans:
        target = rng.choice(plans)
        lines.append(f"Điều 2. Quyết định này thay thế Quyết định số {rng.randint(1, 900)}/QĐ-UBND ngày "
                     f"{target[1]} của UBND tỉnh.")
    lines += [f"Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc {rng.choice(DEPARTMENTS)} chịu trách nhiệm thi hành "
              "Quyết định này./.", "", "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "", "TM. ỦY BAN NHÂN DÂN",
              "CHỦ TỊCH", "", rng.choice(NAMES)]
    return "\n".join(lines) + "\n"


def generate(out_dir: str | Path, documents: int = 10000, seed: int = 7) -> list[Path]:
    """Write ``documents`` files into ``out_dir``; returns their paths."""
    rng = random.Random(seed)
    registry = Registry(rng)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    years = list(range(2019, 2026))
    resolutions = {year: [_government_resolution(rng, year) for _ in range(12)] for year in years}
    plans: dict[tuple[str, int], list] = {}
    paths = []
    for index in range(documents):
        province = PROVINCES[index % len(PROVINCES)]
        year = years[(index // len(PROVINCES)) % len(years)]
        number = 1 + index // (len(PROVINCES) * len(years))
        siblings = plans.setdefault((province, year), [])
        draw = rng.random()
        if draw < 0.35:
            text = plan(rng, province, year, number, resolutions[year], siblings, registry)
            siblings.append((f"{number}/KH-UBND", f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"))
        elif draw < 0.6:
            text = notice(rng, province, year, number, siblings, registry)
        else:
            text = decision(rng, province, year, number, siblings, registry)
        path = out / f"{index:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.out_dir, args.documents, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {size / 1e6:.1f} MB, into {args.out_dir}")


if __name__ == "__main__":
    main()
