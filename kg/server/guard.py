"""Refuse SPARQL queries with a SERVICE clause before they are evaluated.

Oxigraph evaluates ``SERVICE <url> { ... }`` by calling the remote endpoint over HTTP, so a query could
make the server send requests anywhere. No request may leave the server: a query is refused when either
of two checks finds SERVICE:

- a token scan that blanks out comments, strings and IRIs and looks for the bare word SERVICE (case
  does not matter in SPARQL keywords; variables, prefixed names and language tags are not keywords);
- rdflib's SPARQL parser, walking the parse tree for a ``ServiceGraphPattern``.

The text is first freed of ``\\uXXXX`` escapes, as the SPARQL grammar says (rdflib does the same), so an
escaped keyword is caught too. A query without the letters "service" anywhere is accepted at once: the
keyword cannot be spelled without them, and most queries never pay for the parse.
"""
from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRI references
    r"|#[^\n\r]*",  # comments
    re.DOTALL,
)
_SERVICE_WORD = re.compile(r"(?<![\w:?$@\-.])service(?![\w:\-])", re.IGNORECASE)


def expand_unicode_escapes(text: str) -> str:
    """Replace ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes by the characters they stand for."""

    def replace(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(replace, text)


def has_service_token(text: str) -> bool:
    """True when the bare keyword SERVICE appears outside comments, strings and IRIs."""
    blanked = _LEXEMES.sub(" ", text)
    return _SERVICE_WORD.search(blanked) is not None


def has_service_pattern(text: str) -> bool:
    """True when rdflib's parser finds a SERVICE pattern; False if it finds none or cannot parse."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue

        tree = parseQuery(text)
    except Exception:  # a query rdflib cannot parse is judged by the token scan alone
        return False

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False


def uses_service(text: str) -> bool:
    """True when the query may call another endpoint: it must then be refused."""
    expanded = expand_unicode_escapes(text)
    if "service" not in expanded.lower():
        return False
    return has_service_token(expanded) or has_service_pattern(text)
