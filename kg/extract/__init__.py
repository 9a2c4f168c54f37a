"""The extraction layer: a spaCy pipeline that turns a document into kg.records.

Import cost matters (``kg --help`` must stay instant), so the heavy parts load on first use:

    from kg.extract import extract_file, extract_files
"""
from __future__ import annotations


def extract_file(path: str, max_bytes: int = 20_000_000):
    """Extract one file's records (raises kg.errors.InputError on bad input)."""
    from kg.extract.pipeline import extract_file as run
    return run(path, max_bytes=max_bytes)


def extract_text(text: str, source: str = "<text>"):
    from kg.extract.pipeline import extract_text as run
    return run(text, source=source)


def build_pipeline(use_pyvi: bool = False):
    from kg.extract.pipeline import build_pipeline as build
    return build(use_pyvi)
