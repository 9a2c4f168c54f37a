"""Build the spaCy pipeline once per process and run it on documents.

    >>> from kg.extract import extract_file
    >>> extraction = extract_file("corpus/plan.txt")

The pipeline is ``spacy.blank("vi")`` with the project's fast tokenizer (pyvi optional:
``build_pipeline(use_pyvi=True)``) and the components of kg.extract.components.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import spacy
from spacy.language import Language

from kg.extract import components, tokenizer  # noqa: F401  (registers factories and the tokenizer)
from kg.extract.to_records import to_extraction
from kg.ingest import normalize, read_document
from kg.records import Extraction


def build_pipeline(use_pyvi: bool = False) -> Language:
    """A new pipeline: blank Vietnamese plus the kg components."""
    components.register_extensions()
    if use_pyvi:
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": True}}})
    else:
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kg.fast_tokenizer.v1"}}})
    for name in components.PIPE_NAMES:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def get_pipeline(use_pyvi: bool = False) -> Language:
    """The process-wide pipeline, built on first use."""
    return build_pipeline(use_pyvi)


def extract_text(text: str, source: str = "<text>", sha256: str | None = None) -> Extraction:
    """Extract the records of one document given as its original text."""
    normalized = normalize(text)
    doc = get_pipeline()(normalized.text)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return to_extraction(doc, normalized, source, digest)


def extract_file(path: str, max_bytes: int = 20_000_000) -> Extraction:
    """Read a .txt/.md/.html/.docx/.pdf file and extract its records (raises InputError)."""
    source = read_document(path, max_bytes=max_bytes)
    return extract_text(source.text, source=str(path), sha256=source.sha256)
