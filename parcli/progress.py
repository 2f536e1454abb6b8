"""How a long run reports its progress: a protocol the lower layers call and the terminal
draws (cli/terminal.py); silent unless someone listens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    """Told what a run is doing and how far it has gone; it decides whether to show it."""

    def begin(self, what: str, total: int) -> None:
        """A task of `total` steps starts; `what` says it in Vietnamese (Đang kiểm tra hồ sơ)."""

    def advance(self, steps: int = 1) -> None: ...

    def end(self) -> None:
        """The task is over (finished, failed or interrupted)."""


class Silent:
    """No one is watching: the default of every function that takes a Progress."""

    def begin(self, what: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def end(self) -> None:
        pass


SILENT: Progress = Silent()


@contextmanager
def tracking(progress: Progress, what: str, total: int) -> Iterator[Progress]:
    """`begin` now, `end` whatever happens."""
    progress.begin(what, total)
    try:
        yield progress
    finally:
        progress.end()
