"""Markdown passes of `kg.ingest.normalization.normalize`: markup goes, the text it wraps stays.

Heading hashes, table separator rows, link syntax (``[text](url)`` and images), emphasis markers
around text (``**b**``, ``*i*``, ``__b__``, ``_i_``) and backslash escapes are removed. Removed
markup merges into the first and last characters it wraps (see `_unwrap`). In a table row (a line
that starts and ends with "|"), every "|" becomes a line break: each cell is its own line.

Each pass takes a text and returns ``(new_text, OffsetMap or None)``. A quick ``in`` test skips a
pass whose markup is absent, which keeps large plain texts fast.
"""
from __future__ import annotations

import re

from kg.ingest.offsets import rewrite, substitute

_HEADING = re.compile(r"(?m)^[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_TABLE_RULE = re.compile(r"(?m)^[ \t]*\|(?=[ \t|:-]*---)[ \t|:-]+$")
_TABLE_ROW = re.compile(r"(?m)^[ \t]*\|[^\n]*\|[ \t]*$")
_CELL_BAR = re.compile(r"(?<!\\)\|")
_LINK = re.compile(r"\[(?=[^\]\n]*\]\()([^\]\n]*)\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)")
_STRONG = re.compile(
    r"\*\*(?<![\\*]\*\*)(?=[^\s*])[^\n]*?(?<=[^\s*\\])\*\*(?!\*)"
    r"|__(?<![\w\\]__)(?=[^\s_])[^\n]*?(?<=[^\s_\\])__(?!\w)"
)
_EMPHASIS = re.compile(
    r"\*(?<![\w\\*]\*)(?=[^\s*])[^*\n]*?(?<=[^\s*\\])\*(?![\w*])"
    r"|_(?<![\w\\]_)(?=[^\s_])[^_\n]*?(?<=[^\s_\\])_(?!\w)"
)
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")


def _unwrap(text: str, start: int, inner_start: int, inner_end: int, end: int):
    """Edits that remove the markup around ``text[inner_start:inner_end]`` inside ``[start, end)``.

    The markup is merged into the first and last characters it wraps ("**Đ" -> "Đ", "u**" -> "u"),
    so a span of the wrapped text maps back to the original with its markup: ``**Điều**`` for
    "Điều", which normalizes back to "Điều".
    """
    if inner_end - inner_start >= 2:
        first, last = text[inner_start], text[inner_end - 1]
        edits = []
        if inner_start > start:
            edits.append((start, inner_start + 1, first))
        if end > inner_end:
            edits.append((inner_end - 1, end, last))
        return edits
    return ((start, end, text[inner_start:inner_end]),)


def _unwrap_markers(width: int):
    def edits_for(match: re.Match):
        start, end = match.span()
        return _unwrap(match.string, start, start + width, end - width, end)

    return edits_for


def _unwrap_link(match: re.Match):
    start, end = match.span()
    if start and match.string[start - 1] == "!":  # an image: ![alt](src)
        start -= 1
    return _unwrap(match.string, start, match.start(1), match.end(1), end)


def _unwrap_heading(match: re.Match):
    """The hashes merge into the heading's first character, or go if the heading is empty."""
    text, (start, end) = match.string, match.span()
    if end < len(text) and text[end] != "\n":
        return ((start, end + 1, text[end]),)
    return ((start, end, ""),)


def _cells_to_lines(text: str):
    """Each "|" of a table row becomes a line break: same length, so no offset map."""
    if "|" not in text:
        return text, None
    return _TABLE_ROW.sub(lambda m: _CELL_BAR.sub("\n", m.group()), text), None


def _drop_headings(text: str):
    return rewrite(text, _HEADING, _unwrap_heading) if "#" in text else (text, None)


def _drop_table_rules(text: str):
    return substitute(text, _TABLE_RULE, lambda m: "") if "|" in text else (text, None)


def _unwrap_links(text: str):
    return rewrite(text, _LINK, _unwrap_link) if "](" in text else (text, None)


def _drop_strong(text: str):
    if "**" not in text and "__" not in text:
        return text, None
    return rewrite(text, _STRONG, _unwrap_markers(2))


def _drop_emphasis(text: str):
    if "*" not in text and "_" not in text:
        return text, None
    return rewrite(text, _EMPHASIS, _unwrap_markers(1))


def _drop_escapes(text: str):
    return substitute(text, _ESCAPE, lambda m: m.group()[1]) if "\\" in text else (text, None)


MARKDOWN_PASSES = (
    _drop_headings,
    _drop_table_rules,
    _cells_to_lines,
    _unwrap_links,
    _drop_strong,
    _drop_emphasis,
    _drop_escapes,
)
