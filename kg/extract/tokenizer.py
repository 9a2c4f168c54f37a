"""A fast tokenizer for the Vietnamese pipeline.

spaCy's Vietnamese tokenizer without pyvi runs at about 0.2 MB/s here, with pyvi slower still;
the extractor's components match on the text with compiled patterns and need tokens only to
anchor spans. This tokenizer splits on whitespace (punctuation stays attached, as with the stock
tokenizer without pyvi) with one regex pass and no per-token Python code. It is registered so a
config can name it: ``[nlp.tokenizer] @tokenizers = "kg.fast_tokenizer.v1"``.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

# A word and the single space after it, or a run of other whitespace.
_PARTS = re.compile(r"(\S+)( ?)|(\s+)")
TEXT_KEY = "kg_text"


def text_of(doc: Doc) -> str:
    """The Doc's text, cached by the tokenizer (Doc.text costs a pass over all tokens)."""
    return doc.user_data.get(TEXT_KEY) or doc.text


class FastTokenizer:
    """Whitespace-separated tokens; runs of other whitespace (line breaks) become their own tokens."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        parts = _PARTS.findall(text)
        words = [word or gap for word, space, gap in parts]
        spaces = [bool(space) for word, space, gap in parts]
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text  # Doc.text is rebuilt from tokens on each access; keep it
        return doc

    # spaCy serialisation hooks: nothing to save.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "FastTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "FastTokenizer":
        return self


@registry.tokenizers("kg.fast_tokenizer.v1")
def create_fast_tokenizer():
    def make(nlp):
        return FastTokenizer(nlp.vocab)
    return make
