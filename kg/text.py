"""Text helpers shared by the layers that compare Vietnamese names as people type them."""
from __future__ import annotations

import unicodedata


def strip_marks(text: str) -> str:
    """Remove tone and vowel marks and write đ as d, keeping case: 'Sở Tài chính' -> 'So Tai chinh'.

    The text is decomposed (NFD) and its combining marks dropped, so precomposed and decomposed input
    give the same result.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
