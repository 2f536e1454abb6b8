"""How a long run reports its progress: a protocol the lower layers call and the terminal
draws (cli/terminal.py); silent unless someone listens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Meter(Protocol):
    """Told what a run is doing and how far it has gone; it decides whether to show it."""

    def begin(self, what: str, total: int) -> None:
        """A task of `total` steps starts; `what` says it in Vietnamese (Đang kiểm tra hồ sơ)."""

    def advance(self, steps: int = 1) -> None: ...

    def end(self) -> None:
        """The task is over (finished, failed or interrupted)."""


class Silent:
    """No one is watching: the default of every function that takes a Meter."""

    def begin(self, what: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def end(self) -> None:
        pass


SILENT: Meter = Silent()


@contextmanager
def tracking(meter: Meter, what: str, total: int) -> Iterator[Meter]:
    """`begin` now, `end` whatever happens."""
    meter.begin(what, total)
    try:
        yield meter
    finally:
        meter.end()
