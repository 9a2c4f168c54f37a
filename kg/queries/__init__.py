"""The saved SPARQL queries: ``kg/queries/*.rq``, each with a title and a description.

A saved query file starts with comment lines that name it for people::

    # title: Kế hoạch thực hiện một nghị quyết / Plans implementing a resolution
    # description: Documents that implement 01/NQ-CP, with their issuers.
    #   A description may go on over several comment lines.
    PREFIX kg: <https://w3id.org/kg-vn/ontology#>
    SELECT ...

The file name without ``.rq`` is the query's name (``kg sparql --saved NAME``, ``/queries/NAME`` on the
server). The text is kept whole, comments included: it is valid SPARQL as it stands.

A parameter is a ``VALUES ?name { "default" }`` line (one variable, one string): ``SavedQuery.parameters``
lists them with their defaults, and ``SavedQuery.with_params({"name": "value"})`` gives the text with that line
rewritten (``kg sparql --saved NAME --param name=value``), so a client without the project edits the line.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError

QUERIES_DIR = Path(__file__).resolve().parent

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.*)$", re.IGNORECASE)
_PARAMETER = re.compile(r'VALUES\s+\?(\w+)\s*\{\s*("(?:[^"\\\n]|\\.)*")\s*\}')


def _values_line(name: str) -> re.Pattern:
    return re.compile(rf"VALUES\s+\?{re.escape(name)}\s*\{{[^}}]*\}}")


@dataclass(frozen=True)
class SavedQuery:
    """A SPARQL query shipped with the project, named by its file."""

    name: str
    title: str
    description: str
    text: str

    @property
    def parameters(self) -> dict[str, str]:
        """The VALUES lines of one variable and one string, outside comments, as {name: default}."""
        code = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        return {match.group(1): json.loads(match.group(2)) for match in _PARAMETER.finditer(code)}

    def with_params(self, values: dict[str, str]) -> str:
        """The text with ``VALUES ?name { ... }`` set to each given value (a string literal).

        Raises QueryError for a name the query has no VALUES line for.
        """
        text, known = self.text, self.parameters
        for name, value in values.items():
            if name not in known:
                listed = ", ".join(known) or "none"
                raise QueryError(f"the saved query {self.name!r} has no parameter {name!r} (parameters: {listed})")
            literal = json.dumps(value, ensure_ascii=False)
            text = _values_line(name).sub(lambda _: f"VALUES ?{name} {{ {literal} }}", text)
        return text


def read_saved_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file; the title defaults to the file name."""
    text = Path(path).read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends at the first line of SPARQL
        match = _HEADER.match(stripped)
        if match:
            current = match.group(1).lower()
            fields[current] = match.group(2).strip()
        elif current == "description":
            more = stripped.lstrip("#").strip()
            if more:
                fields["description"] = f"{fields['description']} {more}".strip()
        else:
            current = None
    name = Path(path).stem
    return SavedQuery(
        name=name,
        title=fields.get("title") or name,
        description=fields.get("description", ""),
        text=text,
    )


def list_saved_queries(folder: str | Path | None = None) -> list[SavedQuery]:
    """All saved queries of ``folder`` (default: the package's own), sorted by name."""
    root = Path(folder) if folder is not None else QUERIES_DIR
    if not root.is_dir():
        return []
    return [read_saved_query(path) for path in sorted(root.glob("*.rq")) if _NAME.match(path.stem)]


def load_saved_query(name: str, folder: str | Path | None = None) -> SavedQuery:
    """The saved query called ``name``; QueryError names the known ones when there is none."""
    root = Path(folder) if folder is not None else QUERIES_DIR
    path = root / f"{name}.rq"
    if not _NAME.match(name) or not path.is_file():
        known = ", ".join(query.name for query in list_saved_queries(root)) or "none"
        raise QueryError(f"no saved query called {name!r} (known: {known})")
    return read_saved_query(path)
