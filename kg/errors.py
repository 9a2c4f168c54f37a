"""The project's exceptions. The CLI turns each into a one-line message and a non-zero exit."""
from __future__ import annotations


class KgError(Exception):
    """Base class for errors a user can act on."""


class InputError(KgError):
    """A source file that cannot be read: names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(KgError):
    """The store is missing, locked or not a kg store."""


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot be run."""


class ReferenceNotFound(KgError):
    """A REF given on the command line that names no document of the graph."""
