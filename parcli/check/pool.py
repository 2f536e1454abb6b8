"""Files checked on this process or on a pool of processes, their outcomes in the given order
either way: the pool is started only when there are enough files to pay for it."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from parcli.check.outcomes import Outcome, RunContext, RunFile, outcome_of
from parcli.files import note_used

# Below this many files to check, starting processes costs more than it saves. A forked
# process starts in milliseconds; a spawned one (Windows, macOS) imports parcli again.
MIN_FILES_FORK = 24
MIN_FILES_SPAWN = 96
MIN_FILES_PER_JOB = 8


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_all(files: Sequence[RunFile], context: RunContext, jobs: int) -> Iterator[Outcome]:
    """Outcomes in the order of `files`, from one process or several."""
    method = multiprocessing.get_start_method()
    least = MIN_FILES_FORK if method == "fork" else MIN_FILES_SPAWN
    jobs = min(jobs, len(files) // MIN_FILES_PER_JOB)
    if jobs < 2 or len(files) < least:
        _start(context)
        try:
            yield from map(_check_one, files)
        finally:
            _start(None)
        return
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    # Objects made so far (the models, the Library) move out of the collector's reach, so a
    # forked worker's collections do not touch, and copy, every page it shares with us.
    gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start,
        initargs=(context, True),
    )
    try:
        for outcome in pool.map(_check_one, files, chunksize=chunk):
            for target in outcome.cited:  # seen by a worker: this process must know them
                note_used(Path(target))
            yield outcome
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown()


_CONTEXT: RunContext | None = None  # set in each process by _start


def _start(context: RunContext | None, worker: bool = False) -> None:
    global _CONTEXT
    _CONTEXT = context
    if worker:  # Ctrl-C is for the main process to handle; workers just stop with it
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_one(f: RunFile) -> Outcome:
    from parcli.check.files import check_document
    from parcli.loading import read_bytes

    context = _CONTEXT
    assert context is not None and context.library is not None
    raw, problems = read_bytes(f.path, file=f.file)
    if raw is None:
        return Outcome(f.file, f.path, None, problems)
    checked = check_document(
        raw, path=f.path, cwd=context.cwd, library=context.library, today=context.today
    )
    # the bytes checked may differ from those looked at: the entry is keyed by these
    return outcome_of(checked, hashlib.sha256(raw).digest(), context)
