"""Read a source document (.txt, .md, .html, .docx, .pdf) into a `SourceText`.

Offsets reported by later layers are Python str offsets into `SourceText.text`. For .txt and .md
that is exactly the file's text as ``open(path, encoding=SourceText.encoding).read()`` gives it
(TCVN3 and VNI have no Python codec: their text is the converted Unicode). For .html, .docx and
.pdf it is the extracted text described in `read_document`.

Every problem with the input is an `InputError` naming the file and the reason; library exceptions
never leak out. python-docx, pdfplumber and BeautifulSoup are imported only when a file needs them.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass

from kg.errors import InputError
from kg.ingest.encodings import LEGACY_DECODERS, bom_encoding, decode_text, universal_newlines
from kg.ingest.html_text import CELL_SEPARATOR, declared_charset, html_to_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
DEFAULT_MAX_BYTES = 20_000_000
MIN_CHARS_PER_PAGE = 16  # fewer non-space characters per PDF page than this: no text layer
_GLYPH_ID = re.compile(r"\(cid:\d+\)")  # what pdfminer prints for a glyph it cannot map to text
_VISIBLE = re.compile("[^\\s\u00ad\u200b-\u200d\u2060\ufeff]")  # not whitespace nor invisible


@dataclass(frozen=True)
class SourceText:
    """The text of one source file, as read."""

    path: str  # as given to read_document
    text: str  # the original text; offsets point into it
    format: str  # "txt", "md", "html", "docx" or "pdf"
    encoding: str | None  # the text encoding of .txt/.md/.html files; None for docx and pdf
    sha256: str  # hex digest of the file's bytes


def read_document(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a .txt, .md, .html/.htm, .docx or .pdf file.

    - .txt and .md: decoded as `kg.ingest.encodings.decode_text` detects (BOM, UTF-8, TCVN3, VNI,
      cp1258), universal newlines. Markdown stays as written; `normalize` handles it.
    - .html/.htm: the visible text (`kg.ingest.html_text`).
    - .docx: body paragraphs and tables in document order, one paragraph a line, a table row as its
      cells joined by " | " (headers, footers, footnotes and text boxes are left out).
    - .pdf: the text of each page, pages separated by a blank line.
    """
    shown = os.fspath(path)
    suffix = os.path.splitext(shown)[1].lower()
    if not os.path.exists(shown):
        raise InputError(shown, "file not found")
    if os.path.isdir(shown):
        raise InputError(shown, "is a directory, not a file")
    if suffix not in FORMATS:
        expected = ".txt, .md, .html, .docx, .pdf"
        raise InputError(shown, f"unknown format '{suffix or '(none)'}' (expected {expected})")
    size = os.path.getsize(shown)
    if size == 0:
        raise InputError(shown, "empty file")
    if size > max_bytes:
        raise InputError(shown, f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit")
    try:
        with open(shown, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(shown, f"cannot read the file ({exc.strerror or exc})") from None

    fmt = FORMATS[suffix]
    encoding: str | None = None
    if fmt in ("txt", "md"):
        text, encoding = decode_text(data, shown)
    elif fmt == "html":
        text, encoding = _read_html(data, shown)
    elif fmt == "docx":
        text = _read_docx(shown)
    else:
        text = _read_pdf(shown)
    if not _VISIBLE.search(text):
        raise InputError(shown, "no text (the document holds only whitespace)")
    return SourceText(shown, text, fmt, encoding, hashlib.sha256(data).hexdigest())


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _one_line(exc: Exception) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= 200 else message[:197] + "..."


# --- HTML -------------------------------------------------------------------------------------------
def _read_html(data: bytes, path: str) -> tuple[str, str]:
    """Decode an HTML file (BOM, UTF-8, its <meta> charset, then legacy detection) and extract text.

    Valid UTF-8 wins over the declared charset: pages often declare a charset they do not use, and
    legacy text is almost never valid UTF-8.
    """
    charset = declared_charset(data)
    markup = encoding = None
    if charset and bom_encoding(data) is None and b"\x00" not in data and not _is_utf8(data):
        try:
            encoding = codecs.lookup(charset).name
            decode = LEGACY_DECODERS.get(encoding, lambda raw: raw.decode(encoding))
            markup = universal_newlines(decode(data))
        except (LookupError, UnicodeDecodeError):
            markup = None  # a wrong or unknown declaration: detect instead
    if markup is None:
        markup, encoding = decode_text(data, path)
    try:
        return html_to_text(markup), encoding
    except Exception as exc:  # the parser is lenient; this is a safety net (e.g. absurd nesting)
        raise InputError(path, f"not a readable HTML file: {_one_line(exc)}") from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- DOCX -------------------------------------------------------------------------------------------
def _read_docx(path: str) -> str:
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(path)
        lines: list[str] = []
        _docx_blocks(document.element.body, document, lines, qn, Paragraph, Table)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(path, f"not a valid DOCX file: {_one_line(exc)}") from None
    return "\n".join(lines)


def _docx_blocks(parent, document, lines: list[str], qn, Paragraph, Table) -> None:
    """Append the lines of the paragraphs and tables under `parent`, in document order."""
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_docx_table_rows(Table(child, document)))
        elif child.tag == qn("w:sdt"):  # a content control: its blocks sit in w:sdtContent
            for content in child.iterchildren(qn("w:sdtContent")):
                _docx_blocks(content, document, lines, qn, Paragraph, Table)


def _docx_table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:  # a merged cell is listed once per grid column it spans
            if cell._tc is not previous:
                previous = cell._tc
                cells.append(cell.text.strip())
        rows.append(CELL_SEPARATOR.join(cells))
    return rows


# --- PDF --------------------------------------------------------------------------------------------
def _read_pdf(path: str) -> str:
    try:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:
        raise InputError(path, f"not a valid PDF file: {_one_line(exc)}") from None
    visible = sum(len("".join(_GLYPH_ID.sub("", page).split())) for page in pages)
    if not pages or visible < MIN_CHARS_PER_PAGE * len(pages):
        raise InputError(path, "no text layer (scanned PDF?); run OCR first")
    return "\n\n".join(pages)
