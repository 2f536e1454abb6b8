"""What a template may use, and the watch that holds it to it: a render runs in a thread of
its own and is stopped (an exception raised in that thread) when it runs past its time or
grows the process past its memory; a template's loops are Python code, which notices at
its next step, so loops that write nothing stop too (`range(10**5)` nested in itself)."""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast


@dataclass(frozen=True)
class Budget:
    """What one render may use: far above what the bundled reports need, so only a
    runaway template reaches it."""

    seconds: float = 30.0
    output_chars: int = 64 * 1024 * 1024
    value_size: int = 4 * 1024 * 1024  # characters of a string, items of a list
    memory_bytes: int = 1024 * 1024 * 1024  # growth of the process while rendering
    int_bits: int = 4096
    template_bytes: int = 1024 * 1024


BUDGET = Budget()


class OverBudget(Exception):
    """Raised inside a render; `what` says in Vietnamese what ran out."""

    what = "vượt giới hạn"


class OutOfTime(OverBudget):
    what = "chạy quá lâu (có vòng lặp không dừng hoặc quá lớn?)"


class OutOfMemory(OverBudget):
    what = "dùng quá nhiều bộ nhớ"


class TooMuchOutput(OverBudget):
    what = "viết ra quá nhiều nội dung"


class TooLarge(OverBudget):
    what = "tạo ra giá trị quá lớn (chuỗi, danh sách hoặc số)"


T = TypeVar("T")
_GRACE = 2.0  # seconds a stopped render may take to notice it was stopped
_STACK = 64 * 1024 * 1024  # deep macro recursion must end in RecursionError, not a crash


def run_budgeted(render: Callable[[], T], budget: Budget) -> T:
    """`render()` in a thread of its own, stopped once it runs past `budget.seconds` or grows
    the process by `budget.memory_bytes`: OutOfTime or OutOfMemory is raised in that thread
    (a template's loops are Python code, which notices at its next step), and here.

    The render never runs in the caller's thread, so a stop that arrives late lands in the
    render's thread, where it is caught, and never in the caller's code. A render stuck in one
    long step is left behind (a daemon thread) after a grace period.
    """
    outcome: dict[str, Any] = {}
    lock = threading.Lock()

    def work() -> None:
        try:
            try:
                outcome["value"] = render()
            except BaseException as exc:
                outcome["error"] = exc
            with lock:
                outcome["finished"] = True
            _step()  # a stop fired just before `finished` lands here, inside the handler
        except OverBudget as exc:
            outcome.setdefault("error", exc)

    before = threading.stack_size(_STACK)
    try:
        worker = threading.Thread(target=work, name="parcli-template", daemon=True)
        worker.start()
    finally:
        threading.stack_size(before)
    stop = _watch(worker, outcome, lock, budget)
    if "value" in outcome:
        return cast(T, outcome["value"])
    if stop is not None:
        raise stop()
    raise outcome["error"]


def _watch(
    worker: threading.Thread, outcome: dict[str, Any], lock: threading.Lock, budget: Budget
) -> type[OverBudget] | None:
    """Wait for the render; the stop sent to it, if one was."""
    deadline = time.monotonic() + budget.seconds
    base = _memory()
    stop: type[OverBudget] | None = None
    stopped_at = 0.0
    while True:
        worker.join(0.02)
        if not worker.is_alive():
            return stop
        now = time.monotonic()
        if stop is not None:
            if now > stopped_at + _GRACE:
                return stop  # stuck in one long step: left behind
            continue
        grown = (_memory() or 0) - base if base is not None else 0
        reason: type[OverBudget] | None = OutOfTime if now > deadline else None
        reason = OutOfMemory if grown > budget.memory_bytes else reason
        if reason is not None:
            with lock:
                if not outcome.get("finished"):
                    stop, stopped_at = reason, now
                    _raise_in(worker, reason)


def _step() -> None:
    """A Python call: where a pending stop is noticed."""


def _raise_in(thread: threading.Thread, exception: type[BaseException]) -> None:
    ident = thread.ident
    if ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(ident), ctypes.py_object(exception)
        )


def _memory() -> int | None:
    """The process's resident memory in bytes, where the system says it cheaply."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/statm", "rb") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None
    return None  # elsewhere, time and sizes bound a render
