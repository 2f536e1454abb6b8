"""Problems of one document, each placed at the line and column of its key path."""

from __future__ import annotations

from parcli.loading import Document
from parcli.problems import KeyPath, Problem, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Located:
    """Collects the problems of `doc`; `add` looks up where a key path is written."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.out: list[Problem] = []

    def add(
        self,
        path: KeyPath,
        code: str,
        message: str,
        severity: Severity = ERROR,
        *,
        at_key: bool = False,
    ) -> None:
        line, col = self.doc.position(path, at_key=at_key)
        self.out.append(Problem(self.doc.file, line, col, code, message, path, severity))
