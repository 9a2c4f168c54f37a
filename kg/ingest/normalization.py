"""A normalized view of a document's text, with the way back to the original offsets.

Extractors match on `NormalizedText.text` and report spans in the original text through
`NormalizedText.span_to_original`. The passes, in the order they run:

1. Characters: "Ð" (U+00D0), "Ɖ" (U+0189) and "ð" become "Đ"/"đ"; NBSP and other Unicode spaces
   become " "; soft hyphens and zero-width characters (U+200B..U+200D, U+2060, U+FEFF) are removed;
   Unicode NFC (a base letter and its combining marks become one character).
2. Old tone placement becomes the modern one in open syllables: "hoà" -> "hòa", "Uỷ" -> "Ủy",
   "khoẻ" -> "khỏe"; not after "q" ("quý") nor before a consonant ("hoàng", "thuyết").
3. Page numbers: a line holding only "3", "- 3 -" or "Trang 3" is removed (its line breaks stay,
   so the whitespace pass joins the sentence around it).
4. Markdown: heading hashes, table separator rows, link syntax (``[text](url)`` -> text), emphasis
   markers around text (``**b**``, ``*i*``, ``__b__``, ``_i_``) and backslash escapes are removed. The
   markup merges into the characters it wraps, so the original span of "Điều" in ``**Điều**`` is
   the whole ``**Điều**``. In a table row (a line that starts and ends with "|"), every "|" becomes
   a line break, so each cell is its own line (rows were lines already); the span of a cell's text
   is the cell's text.
5. Whitespace: a run holding a line break becomes one "\\n", any other run one " "; whitespace at
   the start and end of the text is removed. Callers match across line breaks with ``\\s+``.

Passes that keep the length (1:1 character swaps) need no offset map; the others record one
`OffsetMap` each (NFC a `ChunkedMap`, built lazily), and positions are mapped back through them in
reverse order. A span of normalized text whose ends fall at whitespace or at the text's ends maps to
an original slice that normalizes back to it, unless it cuts through a markdown table row or
through a link or emphasis that wraps several words.

Timing check on 1 MB of text (generated, and the seed corpus repeated; each also in NFD):
``python -c "from kg.ingest.normalization import _time_normalize; _time_normalize()"``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache, partial

from kg.ingest.markdown import MARKDOWN_PASSES
from kg.ingest.offsets import ChunkedMap, OffsetMap, apply_edits, split_chunks, split_edits, substitute

# --- pass 1: characters -----------------------------------------------------------------------------
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SWAPS = {"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", **dict.fromkeys(_SPACES, " ")}
_SWAPPABLE = re.compile("[" + "".join(_SWAPS) + "]")
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING_RUN = re.compile(f"([^{_MARKS}]?[{_MARKS}]+)")
_ASCII = re.compile("[\x00-\x7f]")
_nfc = partial(unicodedata.normalize, "NFC")


def _swap_characters(text: str):
    """One-for-one swaps, so no offset map. A CR becomes LF (CRLF a blank line, which pass 5 folds)."""
    return _SWAPPABLE.sub(lambda m: _SWAPS[m.group()], text.replace("\r", "\n")), None


def _drop_invisible(text: str):
    if not any(char in text for char in _INVISIBLE_CHARS):  # `in` is much faster than a regex scan
        return text, None
    return substitute(text, _INVISIBLE, lambda m: "")


def _compose(text: str):
    """NFC, chunk by chunk (cut before ASCII characters, which never compose with what precedes)."""
    chunks = split_chunks(text, 2048, _ASCII)
    composed = list(map(_nfc, chunks))
    if composed == chunks:
        return text, None
    return "".join(composed), ChunkedMap(chunks, composed, _composition_map)


def _composition_map(chunk: str) -> OffsetMap:
    """The exact map of NFC on one chunk: each base letter with its combining marks is one edit."""
    composed, offset_map = apply_edits(chunk, split_edits(chunk, _COMBINING_RUN, _nfc))
    if composed != unicodedata.normalize("NFC", chunk):  # exotic compositions: map the chunk as a whole
        composed, offset_map = apply_edits(chunk, [(0, len(chunk), unicodedata.normalize("NFC", chunk))])
    return offset_map


# --- pass 2: old tone placement ---------------------------------------------------------------------
_OLD_TONES = re.compile(
    r"[oOuU](?:(?<=[oO])[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|(?<=[uU])[ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)


def _move_tone(match: re.Match) -> str:
    first, second = pair = match.group()
    start = match.start()
    if start and match.string[start - 1] in "qQ":  # "quý", "Quỳnh": the u belongs to "qu"
        return pair
    base, tone = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + tone) + base


def _modern_tones(text: str):
    return _OLD_TONES.sub(_move_tone, text), None  # same length: offsets unchanged


# --- pass 3: page numbers ---------------------------------------------------------------------------
_PAGE_NUMBER = re.compile(
    r"(?m)^[ \t]*(?:-[ \t]*)?(?:[Tt]rang[ \t]+\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?|\d{1,4})(?:[ \t]*-)?[ \t]*$"
)


def _drop_page_numbers(text: str):
    return substitute(text, _PAGE_NUMBER, lambda m: "")


# --- pass 5: whitespace -----------------------------------------------------------------------------
# Runs to rewrite: two or more whitespace characters, or one that is not " " or "\n". Starting the
# pattern with \s lets the regex engine skip quickly to candidates.
_WHITESPACE = re.compile(r"(\s(?:\s+|(?<![ \n])))")
_LINE_BREAK = re.compile("[\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@lru_cache(maxsize=1024)  # runs repeat ("\n\n", "  "): cached, the pass stays fast
def _one_space_or_break(run: str) -> str:
    return "\n" if _LINE_BREAK.search(run) else " "


def _collapse_whitespace(text: str):
    size = len(text)
    lead = size - len(text.lstrip())
    if lead == size:
        return apply_edits(text, ((0, size, ""),)) if size else (text, None)
    trail = size - len(text.rstrip())
    edits = [(0, lead, "")] if lead else []
    interior = split_edits(text[lead : size - trail], _WHITESPACE, _one_space_or_break)
    edits.extend((start + lead, end + lead, new) for start, end, new in interior)
    if trail:
        edits.append((size - trail, size, ""))
    return apply_edits(text, edits) if edits else (text, None)


_PASSES = (
    _swap_characters,
    _drop_invisible,
    _compose,
    _modern_tones,
    _drop_page_numbers,
    *MARKDOWN_PASSES,
    _collapse_whitespace,
)


# --- the result -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NormalizedText:
    """Normalized text, the original it came from, and the offset maps between them."""

    text: str
    original: str
    maps: tuple[OffsetMap | ChunkedMap, ...] = field(default=(), repr=False, compare=False)

    def to_original(self, pos: int) -> int:
        """Original position of normalized position `pos` (inside a replaced region: its start)."""
        self._check(pos)
        for offset_map in reversed(self.maps):
            pos = offset_map.start(pos)
        return pos

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalized span ``[start, end)``.

        The end is the end of the last original character that produced the span, so
        ``original[a:b]`` holds whole original runs (an NFD letter, a collapsed whitespace run).
        """
        self._check(start)
        self._check(end)
        if end < start:
            raise ValueError(f"span end {end} before its start {start}")
        if end == start:
            pos = self.to_original(start)
            return pos, pos
        for offset_map in reversed(self.maps):
            start, end = offset_map.start(start), offset_map.end(end)
        return start, end

    def _check(self, pos: int) -> None:
        if not 0 <= pos <= len(self.text):
            raise IndexError(f"position {pos} outside the normalized text (0..{len(self.text)})")


def normalize(text: str) -> NormalizedText:
    """Return the normalized view of `text` (see the module docstring for the passes)."""
    maps: list[OffsetMap | ChunkedMap] = []
    current = text
    for run_pass in _PASSES:
        current, produced = run_pass(current)
        if produced is not None:
            maps.append(produced)
    return NormalizedText(current, text, tuple(maps))


def _sample_text(size: int) -> str:
    """About `size` characters of document-like text with the noise normalize() removes."""
    paragraph = (
        "Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ, Uỷ ban nhân dân tỉnh giao \n\n"
        "nhiệm vụ cho **Sở Kế hoạch và Đầu tư** chủ trì, phối hợp với các sở, ngành hoà \n\n3 \n\n"
        "giải quyết; hoàn thành trước ngày 20/01/2024.\n| 1 | Sở Tài chính | Quý I/2024 |\n"
    )
    return (paragraph * (size // len(paragraph) + 1))[:size]


def _time_normalize() -> None:
    """Print how long normalize() takes on 1 MB of text (best of 5), and 1,000 span look-ups."""
    import time
    from pathlib import Path

    samples = {"generated": _sample_text(1_000_000)}
    seeds = sorted(Path(__file__).resolve().parents[2].glob("corpus/*.txt"))
    if seeds:
        corpus = "".join(path.read_text(encoding="utf-8") for path in seeds)
        samples["seed corpus"] = (corpus * (1_000_000 // len(corpus) + 1))[:1_000_000]
    for label, text in list(samples.items()):
        samples[f"{label}, NFD"] = unicodedata.normalize("NFD", text)
    for label, text in samples.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            result = normalize(text)
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        step = max(1, len(result.text) // 1000)
        for pos in range(0, len(result.text) - 40, step):
            result.span_to_original(pos, pos + 40)
        lookups = time.perf_counter() - started
        print(f"{label:18s} {len(text):>9,} chars: normalize {min(times):.3f} s, 1,000 spans {lookups:.3f} s")


if __name__ == "__main__":
    _time_normalize()
