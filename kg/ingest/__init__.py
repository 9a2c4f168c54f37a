"""Ingest: read source documents into text, and a normalized view of that text with offsets back.

    from kg.ingest import read_document, normalize
    source = read_document("corpus/plan.txt")     # SourceText
    view = normalize(source.text)                                  # NormalizedText
    start, end = view.span_to_original(10, 25)                     # offsets into source.text

Nothing heavy is imported here: python-docx, pdfplumber and BeautifulSoup load only when a file of
their format is read.
"""
from kg.ingest.normalization import NormalizedText, normalize
from kg.ingest.readers import SUPPORTED_SUFFIXES, SourceText, read_document

__all__ = ["NormalizedText", "SUPPORTED_SUFFIXES", "SourceText", "normalize", "read_document"]
