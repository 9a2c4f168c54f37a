"""Conversion tables for the two legacy 8-bit Vietnamese encodings: TCVN3 (ABC) and VNI-Windows.

Neither has a Python codec. The tables are data; `kg.ingest.encodings` turns them into decoders.

TCVN3 (TCVN 5712:1993, the ".VnTime" fonts) is one byte per letter. `TCVN3_HIGH` lists the characters
of bytes 0x80..0xFF in order, as in the TCVN 5712 tables of XFree86's X-TrueType server
(xc/extras/X-TrueType/TCVN/TCVNtoUCS2.c) and of xvnkb (tcvn.h, Dao Hai Lam); the two agree on every
letter. Bytes 0x00..0x7F are ASCII. The VN3 subset used by ABC fonts leaves the capitals with tone
marks out (they are typed with the lowercase codes in a capitals font); the full table is a superset
and decodes both. Bytes 0xB0..0xB4 are combining tone marks; the decoder applies NFC afterwards.

VNI-Windows writes most vowels as an ASCII base letter followed by a modifier byte ("a" + 0xF9 is
"á"), and a few letters as one byte (0xF1 is "đ"). `VNI_ROWS` pairs each Vietnamese vowel series
with its VNI spelling, capitals only, read as Latin-1; the lowercase spelling is the Latin-1
lowercase of the capital one (0xD9 -> 0xF9 and so on). Source: xvnkb (vni.h), cross-checked with the
charset table of the npm package vietnamese-conversion (src/charsets.ts).
"""
from __future__ import annotations

# Bytes 0x80..0xFF of TCVN3, eight per line; each comment names the first byte of its line.
TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈ"  # 0x80
    "ẺẼÉẸỆÌỈĨ"  # 0x88
    "ÍỊÒỎÕÓỌỘ"  # 0x90
    "ỜỞỠỚỢÙỦŨ"  # 0x98
    "\u00a0ĂÂÊÔƠƯĐ"  # 0xA0 (0xA0 is a no-break space)
    "ăâêôơưđẰ"  # 0xA8
    "\u0300\u0309\u0303\u0301\u0323àảã"  # 0xB0 (0xB0..0xB4: combining grave, hook, tilde, acute, dot)
    "áạẲằẳẵắẴ"  # 0xB8
    "ẮẦẨẪẤỀặầ"  # 0xC0
    "ẩẫấậèỂẻẽ"  # 0xC8
    "éẹềểễếệì"  # 0xD0
    "ỉỄẾỒĩíịò"  # 0xD8
    "Ổỏõóọồổỗ"  # 0xE0
    "ốộờởỡớợù"  # 0xE8
    "Ỗủũúụừửữ"  # 0xF0
    "ứựỳỷỹýỵỐ"  # 0xF8
)

# Vowel series in the order: no tone, sắc, huyền, hỏi, ngã, nặng; then the VNI spelling of each.
VNI_ROWS = (
    ("A Á À Ả Ã Ạ", "A AÙ AØ AÛ AÕ AÏ"),
    ("Â Ấ Ầ Ẩ Ẫ Ậ", "AÂ AÁ AÀ AÅ AÃ AÄ"),
    ("Ă Ắ Ằ Ẳ Ẵ Ặ", "AÊ AÉ AÈ AÚ AÜ AË"),
    ("E É È Ẻ Ẽ Ẹ", "E EÙ EØ EÛ EÕ EÏ"),
    ("Ê Ế Ề Ể Ễ Ệ", "EÂ EÁ EÀ EÅ EÃ EÄ"),
    ("O Ó Ò Ỏ Õ Ọ", "O OÙ OØ OÛ OÕ OÏ"),
    ("Ô Ố Ồ Ổ Ỗ Ộ", "OÂ OÁ OÀ OÅ OÃ OÄ"),
    ("Ơ Ớ Ờ Ở Ỡ Ợ", "Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ"),
    ("U Ú Ù Ủ Ũ Ụ", "U UÙ UØ UÛ UÕ UÏ"),
    ("Ư Ứ Ừ Ử Ữ Ự", "Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ"),
    ("I Í Ì Ỉ Ĩ Ị", "I Í Ì Æ Ó Ò"),
    ("Y Ý Ỳ Ỷ Ỹ Ỵ", "Y YÙ YØ YÛ YÕ Î"),
    ("Đ", "Ñ"),
)


def build_vni_table() -> dict[str, str]:
    """Return the VNI spelling (as Latin-1 text) -> Unicode letter map, capitals and lowercase."""
    table: dict[str, str] = {}
    for letters, spellings in VNI_ROWS:
        for letter, spelling in zip(letters.split(), spellings.split(), strict=True):
            if letter != spelling:
                table[spelling] = letter
                table[spelling.lower()] = letter.lower()
    return table
