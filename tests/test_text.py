"""kg.text.strip_marks: the one place that removes Vietnamese tone and vowel marks."""
import unicodedata

import pytest

from kg.text import strip_marks


@pytest.mark.parametrize(("text", "expected"), [
    ("Sở Tài chính", "So Tai chinh"),
    ("ĐOÀN ĐẠI BIỂU", "DOAN DAI BIEU"),
    ("Ủy ban nhân dân tỉnh", "Uy ban nhan dan tinh"),
    ("01/NQ-CP", "01/NQ-CP"),
])
def test_marks_are_removed_and_case_kept(text, expected):
    assert strip_marks(text) == expected


def test_decomposed_and_precomposed_input_agree():
    name = "Sở Kế hoạch và Đầu tư"
    assert strip_marks(unicodedata.normalize("NFD", name)) == strip_marks(name) == "So Ke hoach va Dau tu"
