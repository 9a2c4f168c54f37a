"""Document symbols (số, ký hiệu): parse a printed symbol and give its canonical form.

Three families (see docs/domain.md): normative "91/2019/NĐ-CP", administrative "01/NQ-CP",
Party "41-NQ/TW", and official letters "11554/VPCP-V.I". Printed symbols are noisy; the
canonical form repairs stray spaces, a swapped Party/state order ("233/NQ-TU" -> "233-NQ/TU"),
a missing hyphen ("623/NQUBTVQH15"), D for Đ ("BCSD"), "Tr" for "TTr", and layout breaks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.patterns import fold_d, issuer_codes, kind_by_code

# A code part of a symbol: letters (with Vietnamese capitals), digits after the first letter,
# "&" and "." (for units such as "V.I").
_CODE = r"[A-Za-zĐđ][A-Za-zĐđ0-9&.]*(?<!\.)"
# OCR spacing inside a code: "U B ND".
_SPACED_CODE = r"[A-ZĐ]{1,2}(?: [A-ZĐ]{1,2}){1,5}(?![\w])"
_SEP = r"\s?[/-]\s?"

# The symbol as it appears after "số" or a kind word. Group "blank" matches a draft's blank number.
SYMBOL_PATTERN = (
    r"(?P<num>\d{1,5}[a-z]?)?"
    rf"(?:{_SEP}(?P<year>(?:19|20)\d\d))?"
    rf"(?P<codes>(?:{_SEP}(?:{_SPACED_CODE}|{_CODE})){{1,3}})"
)
SYMBOL_RE = re.compile(SYMBOL_PATTERN)

_TERM_SUFFIX = re.compile(r"(.*?[A-Za-zĐđ])(\d+)")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[/-]")
_YEAR = re.compile(r"(?:19|20)\d\d")
PARTY_TYPES = {"NQ", "CT", "KL", "QĐ", "QC", "QYĐ", "TB", "CTR", "KH", "BC", "HD", "TTR", "TT", "CV", "ĐA", "PA"}


@dataclass(frozen=True)
class Symbol:
    canonical: str
    number: str | None
    year: int | None
    type_code: str | None
    issuer_code: str | None
    family: str  # "normative" | "administrative" | "party" | "letter"


def _canonical_type(code: str) -> str | None:
    kind = kind_by_code().get(fold_d(code).upper())
    return kind.code if kind else None


def _issuer_base(code: str) -> tuple[str, str]:
    """Split a trailing term number: "UBTVQH15" -> ("UBTVQH", "15")."""
    match = _TERM_SUFFIX.fullmatch(code)
    return (match.group(1), match.group(2)) if match else (code, "")


def _canonical_issuer(code: str) -> str:
    base, digits = _issuer_base(code)
    known = issuer_codes().get(fold_d(base).upper())
    if known:
        return known.code + digits
    if known is None and digits == "" and code.isupper():
        return code
    return code


def _is_known_issuer(code: str) -> bool:
    base, _ = _issuer_base(code)
    return fold_d(base).upper() in issuer_codes()


def _is_party_issuer(code: str | None) -> bool:
    if not code:
        return False
    base, _ = _issuer_base(code)
    entry = issuer_codes().get(fold_d(base).upper())
    return bool(entry and entry.family == "party")


def _split_glued(code: str) -> tuple[str, str] | None:
    """Split a type code glued to its issuer: "NQUBTVQH15" -> ("NQ", "UBTVQH15")."""
    folded = fold_d(code).upper()
    for cut in range(min(4, len(code) - 1), 0, -1):
        head, tail = folded[:cut], code[cut:]
        if head in kind_by_code() and _is_known_issuer(tail):
            return code[:cut], tail
    return None


def parse_symbol(printed: str, kind_code: str | None = None) -> Symbol | None:
    """Parse a printed symbol; ``kind_code`` is the type code of the kind word before it, if any.

    Returns None when the text is not a symbol (no code part).
    """
    parts = _SEPARATORS.split(_SPACES.sub("", printed))
    if not parts or len(parts) < 2:
        return None
    number = parts[0] or None
    rest = parts[1:]
    year = None
    if rest and _YEAR.fullmatch(rest[0]):
        year = int(rest[0])
        rest = rest[1:]
    rest = [p for p in rest if p]
    if not rest:
        return None
    if number and number.isdigit() and len(number) == 1:
        number = "0" + number

    type_code: str | None = None
    issuer: str | None = None
    unit: list[str] = []
    first = rest[0]
    known_type = _canonical_type(first)
    if len(rest) == 1:
        glued = _split_glued(first)
        if known_type and not _is_known_issuer(first):
            type_code = known_type
        elif glued:
            type_code, issuer = _canonical_type(glued[0]), glued[1]
        else:
            issuer = first
    elif known_type and not (_is_known_issuer(first) and not _canonical_type(rest[1]) is None):
        type_code, issuer, unit = known_type, rest[1], rest[2:]
    elif _is_known_issuer(first) and not known_type:
        issuer, unit = first, rest[1:]
    else:
        type_code, issuer, unit = (known_type or first), rest[1], rest[2:]

    if type_code is None and kind_code and issuer and not unit and year is None:
        # "Tờ trình số 26/STP"-like prints are rare; keep the issuer-only reading.
        pass
    issuer = _canonical_issuer(issuer) if issuer else None
    unit_text = "-".join(unit)

    if type_code and _is_party_issuer(issuer) and fold_d(type_code).upper() in PARTY_TYPES and year is None:
        family = "party"
        canonical = f"{number or ''}-{type_code}/{issuer}"
    elif type_code is None:
        family = "normative" if year else "letter"
        tail = f"{issuer}-{unit_text}" if unit_text else f"{issuer}"
        canonical = f"{number or ''}/{year}/{tail}" if year else f"{number or ''}/{tail}"
    else:
        family = "normative" if year else "administrative"
        tail = f"{type_code}-{issuer}" + (f"-{unit_text}" if unit_text else "")
        canonical = f"{number or ''}/{year}/{tail}" if year else f"{number or ''}/{tail}"
    return Symbol(canonical, number, year, type_code, issuer, family)


def party_symbol(number: str, type_code: str, issuer_code: str) -> str:
    """The canonical symbol of a Party document from its parts."""
    return parse_symbol(f"{number}-{type_code}/{issuer_code}").canonical  # type: ignore[union-attr]
