"""Find the source files under the paths a user gives, in a stable order."""
from __future__ import annotations

from pathlib import Path

from kg.errors import InputError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


def find_sources(paths: list[str] | tuple[str, ...]) -> list[str]:
    """Files named directly (any suffix: the reader judges them) and supported files under folders.

    Folders are walked recursively, skipping hidden entries; the result is sorted within each
    folder so that runs are reproducible. A path that does not exist raises InputError.
    """
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                str(p) for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            found.append(str(path))
        else:
            raise InputError(str(raw), "no such file or folder")
    return list(dict.fromkeys(found))
