"""Problems of one document, each placed at the line and column of its key path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from parcli.problems import KeyPath, Problem, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Placed(Protocol):
    """A file's data and where each key path is written in it (`loading.Document`)."""

    @property
    def file(self) -> str: ...
    @property
    def path(self) -> Path: ...
    @property
    def data(self) -> Any: ...
    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]: ...


@dataclass(frozen=True)
class Unplaced:
    """A file's data read without its parse tree (a version in git history, read piece by
    piece): its problems are counted and said, not placed, so each is at 1:1."""

    file: str
    path: Path
    data: Any

    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]:
        return (1, 1)


class Located:
    """Collects the problems of `doc`; `add` looks up where a key path is written."""

    def __init__(self, doc: Placed) -> None:
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
