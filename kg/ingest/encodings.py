"""Decode the bytes of a text file: BOM, UTF-8, then the legacy Vietnamese encodings.

`decode_text` returns what ``open(path, encoding=E).read()`` would give for the detected encoding E
(universal newlines: CRLF and CR become LF), so offsets into it are offsets into the file's text.
Files in TCVN3, VNI or cp1258 (Windows-1258) have no BOM and are not valid UTF-8; each candidate
decoding is scored by how many of its accented words are well-formed Vietnamese syllables
(`score_vietnamese`), and the best one wins.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from kg.errors import InputError
from kg.ingest.legacy_tables import TCVN3_HIGH, build_vni_table

UNKNOWN_ENCODING = "unknown text encoding (not UTF-8, UTF-16, TCVN3, VNI or cp1258)"
BINARY = "binary file, not text"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),  # decoded with "utf-8", so the text keeps its U+FEFF, as open() does
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE_BYTES = 65_536  # bytes of non-ASCII lines scored per candidate encoding

# --- Vietnamese syllables -------------------------------------------------------------------------
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_INITIALS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
_NUCLEI = (
    "iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_FINALS = "ch ng nh c m n p t".split()
_SYLLABLE = re.compile(
    "(?:{})?(?:{})(?:{})?".format("|".join(_INITIALS), "|".join(_NUCLEI), "|".join(_FINALS))
)
_WORD = re.compile(r"[^\W\d_]+")


def is_vietnamese_syllable(word: str) -> bool:
    """True if `word` (any case) is a well-formed Vietnamese syllable with at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(mark) for mark in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


def score_vietnamese(text: str) -> tuple[int, int]:
    """Count the words with a non-ASCII letter that are / are not Vietnamese syllables.

    ASCII-only words read the same in every candidate encoding, so they are not counted.
    """
    valid = invalid = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if is_vietnamese_syllable(word):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


# --- legacy decoders --------------------------------------------------------------------------------
_TCVN3_MAP = "".join(chr(i) for i in range(128)) + TCVN3_HIGH


@lru_cache(maxsize=1)
def _vni_decoder() -> tuple[re.Pattern, dict[str, str]]:
    table = build_vni_table()
    # Longest spellings first, so "oâ" (ô) wins over "o" and "ôù" (ớ) over "ô" (ơ).
    alternatives = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), table


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to NFC text."""
    text, _ = codecs.charmap_decode(data, "strict", _TCVN3_MAP)
    return unicodedata.normalize("NFC", text)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes to NFC text."""
    pattern, table = _vni_decoder()
    text = pattern.sub(lambda m: table[m.group()], data.decode("latin-1"))
    return unicodedata.normalize("NFC", text)


def decode_cp1258(data: bytes) -> str:
    """Decode Windows-1258 bytes (tone marks are separate combining characters) to NFC text."""
    return unicodedata.normalize("NFC", data.decode("cp1258"))


LEGACY_DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni, "cp1258": decode_cp1258}


_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")


def _legacy_sample(data: bytes) -> bytes:
    """Up to `_SAMPLE_BYTES` of the lines that hold non-ASCII bytes: only they tell encodings apart."""
    lines, size = [], 0
    for match in _NON_ASCII_LINE.finditer(data):
        lines.append(match.group())
        size += len(lines[-1]) + 1
        if size >= _SAMPLE_BYTES:
            break
    return b"\n".join(lines)


def detect_legacy(data: bytes) -> str | None:
    """Return the name of the legacy encoding whose decoding reads best as Vietnamese, or None."""
    sample = _legacy_sample(data)
    best, best_score = None, 0
    for name, decode in LEGACY_DECODERS.items():
        try:
            valid, invalid = score_vietnamese(decode(sample))
        except UnicodeDecodeError:
            continue
        if valid == 0 or invalid * 2 > valid:
            continue  # not plausible: too many accented words that are no Vietnamese syllable
        if valid - invalid > best_score:
            best, best_score = name, valid - invalid
    return best


# --- entry point ------------------------------------------------------------------------------------
def universal_newlines(text: str) -> str:
    """Translate CRLF and CR to LF, as ``open()`` does by default."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def bom_encoding(data: bytes) -> str | None:
    """The Python codec named by the byte-order mark `data` starts with, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    Raises InputError for NUL bytes (a binary file) or bytes that no supported encoding reads.
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid {encoding.upper()} text ({exc.reason})") from None
        if "\x00" in text:
            raise InputError(path, BINARY)
        return universal_newlines(text), encoding
    if b"\x00" in data:
        raise InputError(path, BINARY)
    try:
        return universal_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = detect_legacy(data)
    if encoding is None:
        raise InputError(path, UNKNOWN_ENCODING)
    try:
        return universal_newlines(LEGACY_DECODERS[encoding](data)), encoding
    except UnicodeDecodeError:  # an undefined byte past the scored sample
        raise InputError(path, UNKNOWN_ENCODING) from None
