"""Offset maps for text rewriting: where each character of a rewritten text came from.

A rewrite is a sorted list of non-overlapping edits ``(start, end, replacement)`` against its input.
Every output character then comes from an input interval: an untouched character from itself, a
character of a replacement from the whole replaced region ``[start, end)``; deleted text produces no
output character. `OffsetMap` stores this piecewise-linearly (one breakpoint per edit, looked up with
`bisect`), never as a per-character list, so it stays small for large texts with few edits.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate, chain, count, repeat

Edit = tuple[int, int, str]

_LINEAR = -1  # marks a segment of untouched characters in OffsetMap.in_ends


class OffsetMap:
    """Map positions of one rewrite's output back to its input.

    Segment i starts at output position ``out_starts[i]``. An untouched segment (``in_ends[i] ==
    -1``) maps linearly from ``in_starts[i]``; a replacement segment maps each of its characters to
    the interval ``[in_starts[i], in_ends[i])``.
    """

    __slots__ = ("out_starts", "in_starts", "in_ends", "out_len", "in_len")

    def __init__(self, out_len: int, in_len: int):
        self.out_starts: list[int] = []
        self.in_starts: list[int] = []
        self.in_ends: list[int] = []
        self.out_len = out_len
        self.in_len = in_len

    def start(self, pos: int) -> int:
        """Input position where the output character at `pos` starts (`in_len` at the end)."""
        if pos >= self.out_len:
            return self.in_len
        i = bisect_right(self.out_starts, pos) - 1
        if self.in_ends[i] == _LINEAR:
            return self.in_starts[i] + pos - self.out_starts[i]
        return self.in_starts[i]

    def end(self, pos: int) -> int:
        """Input position where the output character at ``pos - 1`` ends (0 for ``pos == 0``)."""
        if pos <= 0:
            return 0
        i = bisect_right(self.out_starts, pos - 1) - 1
        if self.in_ends[i] == _LINEAR:
            return self.in_starts[i] + pos - self.out_starts[i]
        return self.in_ends[i]


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap | None]:
    """Apply sorted, non-overlapping edits to `text`; return the new text and its map (None if no edit).

    Built with list operations rather than a Python loop per character or per edit: the map has one
    untouched segment before each edit, one segment per edit (empty for a deletion) and a last
    untouched segment. Empty segments are harmless: a lookup takes the last segment starting at or
    before a position, which is never an empty one inside the text.
    """
    edits = list(edits)
    if not edits:
        return text, None
    starts, ends, replacements = (list(column) for column in zip(*edits))
    gap_starts = [0, *ends]
    gap_ends = [*starts, len(text)]
    gaps = [text[a:b] for a, b in zip(gap_starts, gap_ends)]
    pieces = list(chain.from_iterable(zip(gaps, replacements)))
    pieces.append(gaps[-1])
    offset_map = OffsetMap(0, len(text))
    out_starts = list(accumulate(map(len, pieces), initial=0))
    offset_map.out_len = out_starts.pop()
    offset_map.out_starts = out_starts
    offset_map.in_starts = list(chain.from_iterable(zip(gap_starts, starts)))
    offset_map.in_starts.append(gap_starts[-1])
    offset_map.in_ends = list(chain.from_iterable(zip(repeat(_LINEAR), ends)))
    offset_map.in_ends.append(_LINEAR)
    return "".join(pieces), offset_map


def split_edits(text: str, pattern: re.Pattern, convert: Callable[[str], str]) -> list[Edit]:
    """Edits that replace each match of `pattern` (one capturing group around it all) by `convert`.

    Uses `re.split` and list operations instead of a Python callback per match, for passes with
    many matches (NFC of decomposed text, whitespace).
    """
    parts = pattern.split(text)
    runs = parts[1::2]
    converted = list(map(convert, runs))
    offsets = list(accumulate(map(len, parts), initial=0))
    return [
        (offsets[k], offsets[k + 1], new)
        for k, old, new in zip(count(1, 2), runs, converted)
        if old != new
    ]


def rewrite(
    text: str, pattern: re.Pattern, edits_for: Callable[[re.Match], Iterable[Edit] | None]
) -> tuple[str, OffsetMap | None]:
    """Rewrite `text` with the edits that `edits_for` returns for each match of `pattern`.

    `edits_for` returns absolute ``(start, end, replacement)`` edits inside its match, in order, or
    None to leave the match as it is.
    """
    edits: list[Edit] = []
    for match in pattern.finditer(text):
        found = edits_for(match)
        if found:
            edits.extend(found)
    if not edits:
        return text, None
    return apply_edits(text, edits)


def substitute(text: str, pattern: re.Pattern, replacement: Callable[[re.Match], str | None]):
    """Like `rewrite`, with one edit per match: the whole match becomes ``replacement(match)``."""

    def edits_for(match: re.Match):
        new = replacement(match)
        if new is None or new == match.group():
            return None
        return ((match.start(), match.end(), new),)

    return rewrite(text, pattern, edits_for)


class ChunkedMap:
    """The map of a rewrite done chunk by chunk, each chunk's exact map built on first use.

    For rewrites that are fast in C but have very many edits (NFC of decomposed text: one edit per
    accented letter): the text is rewritten at once, and a chunk's `OffsetMap` is only built by
    `build_map(chunk)` when a position inside that chunk is looked up.
    """

    __slots__ = ("chunks", "changed", "out_starts", "in_starts", "out_len", "in_len", "build_map", "_maps")

    def __init__(self, chunks: list[str], rewritten: list[str], build_map: Callable[[str], OffsetMap]):
        self.chunks = chunks
        self.changed = [a != b for a, b in zip(chunks, rewritten)]
        self.in_starts = list(accumulate(map(len, chunks), initial=0))
        self.out_starts = list(accumulate(map(len, rewritten), initial=0))
        self.in_len = self.in_starts.pop()
        self.out_len = self.out_starts.pop()
        self.build_map = build_map
        self._maps: dict[int, OffsetMap] = {}

    def _chunk_map(self, i: int) -> OffsetMap:
        offset_map = self._maps.get(i)
        if offset_map is None:
            offset_map = self._maps[i] = self.build_map(self.chunks[i])
        return offset_map

    def start(self, pos: int) -> int:
        """Input position where the output character at `pos` starts (`in_len` at the end)."""
        if pos >= self.out_len:
            return self.in_len
        i = bisect_right(self.out_starts, pos) - 1
        local = pos - self.out_starts[i]
        return self.in_starts[i] + (self._chunk_map(i).start(local) if self.changed[i] else local)

    def end(self, pos: int) -> int:
        """Input position where the output character at ``pos - 1`` ends (0 for ``pos == 0``)."""
        if pos <= 0:
            return 0
        i = bisect_right(self.out_starts, pos - 1) - 1
        local = pos - self.out_starts[i]
        return self.in_starts[i] + (self._chunk_map(i).end(local) if self.changed[i] else local)


def split_chunks(text: str, size: int, boundary: re.Pattern) -> list[str]:
    """Cut `text` into chunks of about `size` characters, each starting at a match of `boundary`."""
    chunks = []
    start = 0
    while start < len(text):
        found = boundary.search(text, start + size)
        end = found.start() if found else len(text)
        chunks.append(text[start:end])
        start = end
    return chunks
