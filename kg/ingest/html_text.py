"""The text of an HTML page, without markup, as a reader sees it.

Script, style, head and the like are dropped; block elements (paragraphs, headings, list items,
divs, ...) and ``<br>`` end lines; a table row is one line, its cells joined by " | ". Whitespace in
text nodes collapses to one space, as a browser shows it, except inside ``<pre>``.
"""
from __future__ import annotations

import re

DROPPED = frozenset({"script", "style", "head", "noscript", "template", "iframe", "object", "svg"})
BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main nav ol p pre "
    "section summary table tbody tfoot thead ul".split()
)
CELL_SEPARATOR = " | "
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_SPACE_BEFORE_BREAK = re.compile(r"[ \t]+\n")


class _TextBuffer:
    """Collects text pieces; knows whether it stands at the start of a line."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def at_line_start(self) -> bool:
        return not self.pieces or self.pieces[-1].endswith("\n")

    def add(self, text: str, preformatted: bool = False) -> None:
        if not preformatted:
            text = _SPACE_RUN.sub(" ", text)
            if self.at_line_start() or self.pieces[-1].endswith(" "):
                text = text.lstrip(" ")
        if text:
            self.pieces.append(text)

    def end_line(self) -> None:
        if not self.at_line_start():
            self.pieces.append("\n")

    def text(self) -> str:
        return _SPACE_BEFORE_BREAK.sub("\n", "".join(self.pieces)).strip()


def _walk(node, out: _TextBuffer, preformatted: bool = False) -> None:
    from bs4 import CData, NavigableString, Tag

    for child in node.children:
        if isinstance(child, Tag):
            name = child.name.lower()
            if name in DROPPED:
                continue
            if name == "br":
                out.pieces.append("\n")
            elif name == "tr":
                out.end_line()
                out.add(CELL_SEPARATOR.join(_cell_texts(child)), preformatted=True)
                out.end_line()
            elif name in BLOCKS:
                out.end_line()
                _walk(child, out, preformatted or name == "pre")
                out.end_line()
            else:
                _walk(child, out, preformatted)
        elif type(child) in (NavigableString, CData):  # not comments, doctypes, declarations
            out.add(str(child), preformatted)


def _cell_texts(row) -> list[str]:
    cells = []
    for cell in row.find_all(["td", "th"], recursive=False):
        buffer = _TextBuffer()
        _walk(cell, buffer)
        cells.append(buffer.text())
    return cells


def html_to_text(markup: str) -> str:
    """Return the visible text of an HTML document (see the module docstring)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    out = _TextBuffer()
    _walk(soup, out)
    return out.text()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of the page declares, if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None
