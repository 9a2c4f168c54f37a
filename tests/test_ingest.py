"""Tests of kg.ingest: reading every supported format, legacy encodings, bad input, normalize().

Binary fixtures (.docx, .pdf, legacy-encoded .txt) are made inside the tests into tmp_path; the small
text fixtures are in tests/data/ingest/.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import SUPPORTED_SUFFIXES, NormalizedText, SourceText, normalize, read_document
from kg.ingest.encodings import UNKNOWN_ENCODING, decode_text, detect_legacy, is_vietnamese_syllable
from kg.ingest.legacy_tables import TCVN3_HIGH, build_vni_table

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "ingest"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian package fonts-dejavu-core

SENTENCES = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
    "Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ về nhiệm vụ, giải pháp chủ yếu.",
    "Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các sở, ngành hoàn thành trước ngày 20/01/2024.",
    "Hội đồng nhân dân tỉnh khóa XIX, kỳ họp thứ 14; Ủy ban Mặt trận Tổ quốc tỉnh; Bộ Chỉ huy Quân sự.",
    "Người dân được hướng dẫn thủ tục đất đai, nước sạch, điện; giữ gìn trật tự, an toàn xã hội.",
    "Ưu tiên nguồn vốn, đẩy nhanh tiến độ giải ngân; khuyến khích doanh nghiệp đổi mới sáng tạo.",
]


# --- encoders for the tests (the inverse of the decoders' tables) -------------------------------------
def to_tcvn3(text: str) -> bytes:
    table = {char: bytes([0x80 + i]) for i, char in enumerate(TCVN3_HIGH) if not unicodedata.combining(char)}
    return b"".join(char.encode("ascii") if char.isascii() else table[char] for char in text)


def to_vni(text: str) -> bytes:
    table = {letter: spelling for spelling, letter in build_vni_table().items()}
    return "".join(table.get(char, char) for char in text).encode("latin-1")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: letters it lacks are written as base letter + combining tone mark."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tone = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tone))
            out.append((letter + "".join(tone)).encode("cp1258"))
    return b"".join(out)


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def reason_of(path, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message == f"{caught.value.path}: {caught.value.reason}"
    return caught.value.reason


# --- plain text and encodings ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "encoding, raw",
    [
        ("utf-8", "Nghị quyết\r\nsố 01/NQ-CP\rcủa Chính phủ\n".encode()),
        ("utf-8", "\ufeffKẾ HOẠCH\r\n\r\nThực hiện".encode("utf-8")),  # BOM kept, as open() keeps it
        ("utf-16", "Uỷ ban nhân dân\r\ntỉnh".encode("utf-16")),  # with BOM, native order
        ("utf-16", b"\xfe\xff" + "Sở Nội vụ\r\n".encode("utf-16-be")),
    ],
)
def test_txt_text_is_what_open_reads(tmp_path, encoding, raw):
    path = write(tmp_path / "doc.txt", raw)
    source = read_document(path)
    with open(path, encoding=encoding) as handle:
        assert source.text == handle.read()
    assert "\r" not in source.text
    assert (source.format, source.encoding) == ("txt", encoding)
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.path == str(path)


def test_utf8_bom_stays_in_the_text(tmp_path):
    source = read_document(write(tmp_path / "bom.txt", "\ufeffSố: 02/KH-UBND".encode("utf-8")))
    assert source.text == "\ufeffSố: 02/KH-UBND"


@pytest.mark.parametrize("name, encode", [("tcvn3", to_tcvn3), ("vni", to_vni), ("cp1258", to_cp1258)])
def test_legacy_encoded_sentences_decode_back(tmp_path, name, encode):
    text = "\r\n".join(SENTENCES)
    raw = encode(text)
    assert raw.isascii() is False and b"\x00" not in raw
    source = read_document(write(tmp_path / f"{name}.txt", raw))
    assert source.encoding == name
    assert source.text == text.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "raw, encoding, text",
    [
        # duydev/vietnamese-conversion, tests/helpers/test-data.ts (TestPhrases), shown there as Latin-1
        ("Xin chµo c¸c b¹n", "tcvn3", "Xin chào các bạn"),
        ("T«i ®i häc", "tcvn3", "Tôi đi học"),
        ("Xin chaøo caùc baïn", "vni", "Xin chào các bạn"),
        ("Toâi ñi hoïc", "vni", "Tôi đi học"),
        # the usage comment of backupvietsoft/HRM ConvertVNI/XtraForm1.cs: TCVN3ToUnicode("Ninh B×nh")
        ("Ninh B×nh", "tcvn3", "Ninh Bình"),
    ],
)
def test_public_legacy_samples(raw, encoding, text):
    data = raw.encode("latin-1")
    assert detect_legacy(data) == encoding
    assert decode_text(data, "sample.txt") == (text, encoding)


def test_cp1258_uses_combining_tones_and_is_composed():
    raw = to_cp1258("Việt Nam, Hội nghị")
    assert b"\xf2" in raw  # U+0323 COMBINING DOT BELOW, as Windows-1258 writes "ệ"
    text, encoding = decode_text(raw, "x.txt")
    assert (text, encoding) == ("Việt Nam, Hội nghị", "cp1258")
    assert unicodedata.is_normalized("NFC", text)


def test_syllable_scorer():
    for word in ["Nghị", "quyết", "ĐƯỜNG", "khuya", "giữa", "thuở", "người", "tuyển", "oái"]:
        assert is_vietnamese_syllable(word), word
    for word in ["café", "chaøo", "Größe", "hoùc", "àá"]:
        assert not is_vietnamese_syllable(word), word


def test_unknown_encoding_is_refused(tmp_path):
    raw = "Größe über Maßstab, naïve façade — déjà vu".encode("cp1252")
    assert reason_of(write(tmp_path / "de.txt", raw)) == UNKNOWN_ENCODING


def test_legacy_text_after_a_long_ascii_preamble(tmp_path):
    preamble = "Reference list, page numbers and codes: 01/NQ-CP 05/CT-TTg\n" * 3000  # ~180 KB
    raw = preamble.encode("ascii") + to_vni("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì.")
    source = read_document(write(tmp_path / "late.txt", raw))
    assert source.encoding == "vni"
    assert source.text.endswith("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì.")


def test_markdown_file_is_read_as_text():
    source = read_document(DATA / "plan.md")
    assert source.format == "md" and source.encoding == "utf-8"
    assert source.text == (DATA / "plan.md").read_text(encoding="utf-8")
    assert "| 1 | Xây dựng kế hoạch | Sở Tài chính |" in source.text


# --- HTML, DOCX, PDF ---------------------------------------------------------------------------------
def test_html_text_without_markup():
    source = read_document(DATA / "plan.html")
    assert (source.format, source.encoding) == ("html", "utf-8")
    assert source.text == (
        "KẾ HOẠCH\n"
        "Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ\n"
        "Số: 02/KH-UBND\n"
        "Bắc Giang, ngày 10 tháng 01 năm 2024\n"
        "STT | Nhiệm vụ | Cơ quan chủ trì\n"
        "1 | Xây dựng kế hoạch | Sở Tài chính\n"
        "2 | Báo cáo kết quả | Sở Nội vụ\n"
        "Nơi nhận: như trên;\n"
        "Lưu: VT."
    )


def test_html_in_utf8_wins_over_a_wrong_declared_charset(tmp_path):
    markup = '<html><head><meta charset="iso-8859-1"></head><body><p>Sở Nội vụ</p></body></html>'
    source = read_document(write(tmp_path / "page.html", markup))
    assert (source.encoding, source.text) == ("utf-8", "Sở Nội vụ")


def test_html_with_declared_legacy_charset(tmp_path):
    markup = '<html><head><meta charset="windows-1258"></head><body><p>Ủy ban nhân dân tỉnh</p></body></html>'
    source = read_document(write(tmp_path / "old.htm", to_cp1258(markup)))
    assert (source.format, source.encoding, source.text) == ("html", "cp1258", "Ủy ban nhân dân tỉnh")


def make_docx(path: Path, paragraphs_before, rows, paragraphs_after) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs_before:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows):
            for cell, value in zip(row.cells, values):
                cell.text = value
    for text in paragraphs_after:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_docx_keeps_a_table_between_paragraphs_in_place(tmp_path):
    path = make_docx(
        tmp_path / "plan.docx",
        ["KẾ HOẠCH", "Thực hiện Nghị quyết số 01/NQ-CP"],
        [["STT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Xây dựng kế hoạch", "Sở Tài chính"]],
        ["Nơi nhận:", "- Như trên;"],
    )
    source = read_document(path)
    assert (source.format, source.encoding) == ("docx", None)
    assert source.text == (
        "KẾ HOẠCH\nThực hiện Nghị quyết số 01/NQ-CP\n"
        "STT | Nhiệm vụ | Cơ quan chủ trì\n1 | Xây dựng kế hoạch | Sở Tài chính\n"
        "Nơi nhận:\n- Như trên;"
    )
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_docx_merged_cell_is_listed_once(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Nội dung"
    table.cell(0, 2).text = "Chủ trì"
    for cell, value in zip(table.rows[1].cells, ["1", "Báo cáo", "Sở Nội vụ"]):
        cell.text = value
    document.save(tmp_path / "merged.docx")
    assert read_document(tmp_path / "merged.docx").text == "Nội dung | Chủ trì\n1 | Báo cáo | Sở Nội vụ"


def test_pdf_text_per_page(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    path = tmp_path / "plan.pdf"
    page = canvas.Canvas(str(path))
    for lines in (SENTENCES[:2], SENTENCES[2:3]):
        page.setFont("DejaVuSans", 10)
        for i, line in enumerate(lines):
            page.drawString(40, 800 - 20 * i, line)
        page.showPage()
    page.save()
    source = read_document(path)
    assert (source.format, source.encoding) == ("pdf", None)
    assert source.text == f"{SENTENCES[0]}\n{SENTENCES[1]}\n\n{SENTENCES[2]}"


def test_image_only_pdf_is_refused_as_scanned(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    for _ in range(2):
        page.rect(60, 500, 300, 200, fill=1)
        page.circle(300, 300, 80)
        page.showPage()
    page.save()
    assert reason_of(path) == "no text layer (scanned PDF?); run OCR first"


# --- bad input ---------------------------------------------------------------------------------------
def test_missing_file(tmp_path):
    assert reason_of(tmp_path / "nowhere.txt") == "file not found"


def test_directory(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert reason_of(tmp_path / "folder.txt") == "is a directory, not a file"


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_empty_file(tmp_path, suffix):
    assert reason_of(write(tmp_path / f"empty{suffix}", b"")) == "empty file"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_binary_content(tmp_path, suffix):
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert reason_of(write(tmp_path / f"image{suffix}", raw)) == "binary file, not text"


def test_unknown_suffix(tmp_path):
    expected = "unknown format '.xyz' (expected .txt, .md, .html, .docx, .pdf)"
    assert reason_of(write(tmp_path / "notes.xyz", "văn bản")) == expected


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(25_300_000)  # sparse: the size is all that is checked before reading
    assert reason_of(path) == "file is 25.3 MB, over the 20.0 MB limit"
    assert reason_of(write(tmp_path / "small.txt", "x" * 2000), max_bytes=1000) == (
        "file is 2,000 bytes, over the 1,000 bytes limit"
    )


@pytest.mark.parametrize("suffix, kind", [(".docx", "DOCX"), (".pdf", "PDF")])
def test_corrupt_container(tmp_path, suffix, kind):
    path = write(tmp_path / f"broken{suffix}", b"PK\x03\x04 this is not a real container %PDF-1.4")
    assert reason_of(path).startswith(f"not a valid {kind} file: ")


def test_docx_that_is_a_renamed_text_file(tmp_path):
    assert reason_of(write(tmp_path / "plain.docx", "Kế hoạch")).startswith("not a valid DOCX file: ")


@pytest.mark.parametrize(
    "name, content",
    [
        ("blank.txt", " \r\n\t\n  "),
        ("bom-only.txt", "\ufeff\n"),
        ("blank.md", "\u00a0\u200b\n"),
        ("blank.html", "<html><head><title>Tiêu đề</title></head><body><p> \u00a0</p>\n</body></html>"),
    ],
)
def test_whitespace_only_text(tmp_path, name, content):
    assert reason_of(write(tmp_path / name, content)) == "no text (the document holds only whitespace)"


def test_whitespace_only_docx(tmp_path):
    path = make_docx(tmp_path / "blank.docx", ["", "   "], [], [""])
    assert reason_of(path).startswith("no text")


def test_supported_suffixes_and_path_forms(tmp_path):
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
    path = write(tmp_path / "UPPER.TXT", "Chỉ thị 05/CT-TTg")
    source = read_document(str(path))
    assert isinstance(source, SourceText) and source.path == str(path) and source.format == "txt"
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.text = "changed"


def test_import_is_light():
    code = "import sys, kg.ingest; print(sorted({'docx', 'pdfplumber', 'bs4'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_seed_corpus_reads_exactly():
    seeds = sorted((REPO / "corpus").glob("*.txt"))
    assert seeds, "the seed corpus is missing"
    for path in seeds:
        source = read_document(path)
        assert source.encoding == "utf-8"
        assert source.text == path.read_text(encoding="utf-8")


# --- normalize ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "original, normalized",
    [
        ("giao nhiệm \n\n4 \n\nvụ quản lý", "giao nhiệm\nvụ quản lý"),  # a page number mid-sentence
        ("Nghị \n\nđịnh 100/2019/NĐ-CP", "Nghị\nđịnh 100/2019/NĐ-CP"),
        ("các sở,\r\n\r\n- 12 -\r\n\r\nngành", "các sở,\nngành"),
        ("của\n\nTrang 3\n\nChính phủ", "của\nChính phủ"),
        ("  Số:   02/KH-UBND  \t\n  ngày\u00a0\u00a010  ", "Số: 02/KH-UBND\nngày 10"),
        (unicodedata.normalize("NFD", "Nghị quyết của Chính phủ"), "Nghị quyết của Chính phủ"),
        ("Ðảng bộ tỉnh, \u0189oàn", "Đảng bộ tỉnh, Đoàn"),
        ("chí\u00adnh\u200b phủ\ufeff", "chính phủ"),
        ("1. Mục tiêu\n2024\nnăm", "1. Mục tiêu\nnăm"),  # a lone 1-4 digit line counts as a page number
    ],
)
def test_normalize_noise(original, normalized):
    assert normalize(original).text == normalized


@pytest.mark.parametrize(
    "old, modern",
    [
        ("Uỷ ban", "Ủy ban"),
        ("UỶ BAN", "ỦY BAN"),
        ("hoà bình", "hòa bình"),
        ("Hoá chất", "Hóa chất"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("Tỉnh uỷ, tuỳ, luỵ", "Tỉnh ủy, tùy, lụy"),
        ("hoà.", "hòa."),
        ("quý Quỳnh quỹ QUÝ", "quý Quỳnh quỹ QUÝ"),  # qu + y: no change
        ("hoàng hoạch thuyết toán khoẻo", "hoàng hoạch thuyết toán khoẻo"),  # a letter follows
        ("Ủy hòa", "Ủy hòa"),
    ],
)
def test_normalize_modern_tone_placement(old, modern):
    result = normalize(old)
    assert result.text == modern
    assert len(result.text) == len(old)


def test_normalize_markdown():
    result = normalize(read_document(DATA / "plan.md").text)
    assert result.text == (
        "KẾ HOẠCH\n"
        "Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "Ủy ban nhân dân tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các sở, ngành giải quyết hòa\n"
        "giải các vướng mắc; xem Nghị quyết 01/NQ-CP của Chính phủ.\n"
        "STT\nNhiệm vụ\nCơ quan chủ trì\n"
        "1\nXây dựng kế hoạch\nSở Tài chính\n"
        "2\nBáo cáo kết quả thực hiện\nSở Nội vụ"
    )


def test_markdown_details():
    untouched = "snake_case_name and 2*3*4 and * bullet * and ____"
    assert normalize(untouched).text == untouched
    assert normalize(r"\*không nghiêng\* và 1\. và a\\b").text == r"*không nghiêng* và 1. và a\b"
    assert normalize("![Sơ đồ](so-do.png) và [](empty)").text == "Sơ đồ và"
    assert normalize("#hashtag không phải tiêu đề").text == "#hashtag không phải tiêu đề"


def spans_of(result: NormalizedText, word: str) -> str:
    start = result.text.index(word)
    a, b = result.span_to_original(start, start + len(word))
    return result.original[a:b]


def test_spans_map_to_whole_original_runs():
    original = unicodedata.normalize("NFD", "Nghị quyết") + " \n\n4 \n\nsố **01/NQ-CP** của [Chính phủ](u)"
    result = normalize(original)
    assert result.text == "Nghị quyết\nsố 01/NQ-CP của Chính phủ"
    assert spans_of(result, "Nghị") == unicodedata.normalize("NFD", "Nghị")  # with its combining marks
    assert spans_of(result, "quyết\nsố") == unicodedata.normalize("NFD", "quyết") + " \n\n4 \n\nsố"
    assert spans_of(result, "01/NQ-CP") == "**01/NQ-CP**"
    assert spans_of(result, "NQ-CP") == "NQ-CP**"
    assert spans_of(result, "Chính phủ") == "[Chính phủ](u)"
    assert spans_of(result, "\n") == " \n\n4 \n\n"
    # a position inside a replaced region maps to its start; the end of the text to the end
    newline = result.text.index("\n")
    assert result.to_original(newline) == original.index(" \n\n4")
    assert result.to_original(len(result.text)) == len(original)
    assert result.to_original(1) == 1 and result.to_original(4) == len(unicodedata.normalize("NFD", "Nghị"))
    assert result.span_to_original(3, 3) == (result.to_original(3),) * 2
    with pytest.raises(IndexError):
        result.to_original(len(result.text) + 1)


def test_empty_and_blank_text():
    assert normalize("").text == "" and normalize("").to_original(0) == 0
    blank = normalize(" \r\n\t ")
    assert blank.text == "" and blank.to_original(0) == 5


UNITS = [
    "Nghị", "quyết", "số", "01/NQ-CP", "Uỷ", "ban", "hoà", "Hoá", "thuỷ", "quý", "Quỳnh", "hoàng",
    "khoẻ", "**Điều**", "*mục*", "__đậm__", "[văn](http://x.vn/a)", "![ảnh](x.png)", "1\\.", "Ð",
    "Sở\u00a0Tài", "chí\u00adnh", "x\u200b", "Ɖoàn",
]
SEPARATORS = [
    " ", "  ", "\r\n", "\n\n", " \n\n4 \n\n", "\r\n\r\n- 12 -\r\n\r\n", "\t", "\nTrang 3\n", "\n## ",
    "\n# ", "\n\n|---|---|\n", "\r",
]


def random_document(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 40)):
        unit = rng.choice(UNITS)
        parts += [unicodedata.normalize("NFD", unit) if rng.random() < 0.3 else unit, rng.choice(SEPARATORS)]
    return "".join(parts[:-1])


def test_random_spans_round_trip():
    """For spans that start and end at whitespace, the original slice normalizes to the same text."""
    rng = random.Random(20240105)
    checked = 0
    for _ in range(300):
        original = random_document(rng)
        result = normalize(original)
        text = result.text
        assert result.to_original(len(text)) == len(original)
        starts = [0] + [m.end() for m in re.finditer(r"\s", text)]
        ends = [m.start() for m in re.finditer(r"\s", text)] + [len(text)]
        for _ in range(15):
            start = rng.choice(starts)
            end = rng.choice([e for e in ends if e >= start])
            a, b = result.span_to_original(start, end)
            assert 0 <= a <= b <= len(original)
            assert normalize(original[a:b]).text == text[start:end], (original[a:b], text[start:end])
            checked += 1
        positions = [result.to_original(i) for i in range(len(text) + 1)]
        assert positions == sorted(positions)
    assert checked == 4500


def test_seed_lines_round_trip():
    """Whole lines of the normalized seeds (emphasis never crosses a line) map back exactly."""
    rng = random.Random(7)
    for path in sorted((REPO / "corpus").glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        result = normalize(original)
        lines = list(re.finditer(r"[^\n]+(?:\n[^\n]+){0,3}", result.text))
        for match in rng.sample(lines, min(100, len(lines))):
            a, b = result.span_to_original(*match.span())
            assert normalize(original[a:b]).text == match.group()


def test_gold_reference_mentions_map_back_to_their_offsets():
    """Find each hand-checked reference of the seeds in the normalized text; it maps to its gold span."""
    gold = json.loads((REPO / "tests" / "data" / "seeds.json").read_text(encoding="utf-8"))
    checked = 0
    for name, annotation in gold.items():
        original = (REPO / "corpus" / name).read_text(encoding="utf-8")
        result = normalize(original)
        for reference in annotation["references"]:
            wanted = (reference["offset"], reference["offset"] + len(reference["text"]))
            assert original[slice(*wanted)] == reference["text"]
            needle = normalize(reference["text"]).text
            found = [m.start() for m in re.finditer(re.escape(needle), result.text)]
            spans = [result.span_to_original(start, start + len(needle)) for start in found]
            assert wanted in spans, (name, reference["text"])
            checked += 1
    assert checked == 122


def test_one_megabyte_normalizes():
    paragraph = (
        "Thực hiện Nghị quyết số 01/NQ-CP của Chính phủ, Uỷ ban nhân dân tỉnh giao \n\n7 \n\n"
        + unicodedata.normalize("NFD", "nhiệm vụ cho Sở Kế hoạch và Đầu tư chủ trì")
        + ", **phối hợp** với các sở, ngành.\r\n| 1 | Sở Tài chính | Quý I/2024 |\r\n"
    )
    original = (paragraph * (1_000_000 // len(paragraph) + 1))[:1_000_000]
    result = normalize(original)
    assert len(original) == 1_000_000
    assert "Ủy ban nhân dân tỉnh giao\nnhiệm vụ cho Sở Kế hoạch và Đầu tư chủ trì, phối hợp" in result.text
    assert "  " not in result.text and "\n7\n" not in result.text and "**" not in result.text
    assert unicodedata.is_normalized("NFC", result.text)
    middle = result.text.index("Sở Kế hoạch", len(result.text) // 2)
    a, b = result.span_to_original(middle, middle + len("Sở Kế hoạch"))
    assert original[a:b] == unicodedata.normalize("NFD", "Sở Kế hoạch")
    assert result.to_original(len(result.text)) == len(original)
