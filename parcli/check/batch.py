"""Many files checked at once: criteria sets first (they make the Library), then every other
file — read back from the cache when unchanged, else checked, on several processes when
there are enough of them to pay for starting the processes.

The result is the same, in the same order, whatever the number of processes and whether the
cache is used. A run whose files are all cached loads neither pydantic nor the models
(`check.files` is imported only when a file must really be checked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import signal
import stat
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from parcli.check.cache import Cache, Entry, decode_card, encode_card
from parcli.files import MAX_FILE_BYTES, Unreadable, note_used, read_regular
from parcli.meter import SILENT, Meter, tracking
from parcli.problems import Problem
from parcli.workspace import (
    bundled_dir,
    expand_paths,
    find_root,
    is_folder,
    located,
    real,
    shown_name,
)

if TYPE_CHECKING:
    from parcli.check.files import Checked, Library
    from parcli.scoring import ScoreCard

Mode = Literal["validate", "score"]
CRITERIA_MARK = b"parcli/criteria/1"
HEAD_BYTES = 4096
# Below this many files to check, starting processes costs more than it saves. A forked
# process starts in milliseconds; a spawned one (Windows, macOS) imports parcli again.
MIN_FILES_FORK = 24
MIN_FILES_SPAWN = 96
MIN_FILES_PER_JOB = 8


@dataclass(frozen=True)
class Work:
    """How a run over many files is carried out: processes, cache, who hears of progress."""

    jobs: int = 1
    cache: Path | None = None  # the cache folder; None: no cache
    meter: Meter = SILENT


SERIAL = Work()  # one process, no cache, no one told: the API's default


@dataclass(frozen=True)
class Outcome:
    """One file after its checks: all a run over many files keeps of it."""

    file: str
    path: Path
    kind: str | None  # "criteria", "submission", "plan", or None (not a parcli file)
    problems: list[Problem]
    agency: tuple[str, int, int] | None = None  # a valid submission's agency id, and where
    criteria_id: str | None = None  # the set a valid submission was checked against
    card: ScoreCard | None = None  # score mode: a valid submission's score card
    cited: tuple[str, ...] = ()  # the evidence files found, which no output may replace


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run_root(paths: Sequence[Path], cwd: Path) -> Path:
    """The workspace of a run: the one holding the first path given."""
    if not paths:
        return find_root(cwd)
    first = paths[0]
    return find_root(first if is_folder(first) else first.parent)


def head(path: Path) -> bytes | None:
    """The first bytes of a regular file, enough to tell a criteria set by its `format`; None
    for anything else (a FIFO named *.yaml is never opened, since that would wait forever)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except (OSError, ValueError):
        return None


def is_library_file(path: Path, raw: bytes | None) -> bool:
    """A criteria set, or a file in a criteria/ folder: checked before the others, since a
    submission is checked against the sets the run has read."""
    return path.parent.name == "criteria" or (raw is not None and CRITERIA_MARK in raw)


def library_sources(root: Path, given: Iterable[Path]) -> list[Path]:
    """Every file a Library of this run may read: the sets given, the workspace's criteria/,
    the bundled sets. The cache key covers all of them."""
    found = list(given)
    for folder in (root / "criteria", bundled_dir("criteria")):
        if folder is not None and is_folder(folder):
            found.extend(sorted(folder.glob("*.y*ml")))
    # A file named twice is read once, where it takes precedence: `validate` (which is given
    # criteria/) and `score` (which finds it) then share their entries.
    first: dict[Path, Path] = {}
    for path in found:
        first.setdefault(real(path), path)
    return list(first.values())


# ---------------------------------------------------------------- the run


@dataclass(frozen=True)
class _Context:
    """What every check of a run shares; sent once to each process."""

    cwd: Path
    today: dt.date
    mode: Mode
    detail: bool
    cache: Cache | None
    library: Library | None = None


@dataclass(frozen=True)
class _File:
    path: Path
    file: str
    library: bool
    digest: bytes | None  # sha256 of the bytes, when they could be read
    resolved: Path


def check_many(
    paths: Sequence[Path],
    *,
    cwd: Path,
    today: dt.date,
    mode: Mode,
    detail: bool = False,
    work: Work = SERIAL,
) -> tuple[list[Outcome], Library | None]:
    """Every file under `paths`, criteria sets first, and the Library the submissions used
    (None when every file came from the cache and no set was needed)."""
    root = run_root(paths, cwd)
    top = real(cwd)
    expanded = expand_paths(paths, cwd=cwd)
    # folders that cannot be listed, leftover temporary files: told first, checked by no one
    told = [Outcome(p.file, Path(p.file), None, [p]) for p in expanded.problems]
    files = [_look(path, top) for path in expanded.files]
    files = [f for f in files if f.library] + [f for f in files if not f.library]
    cache = None
    if work.cache is not None:
        sources = library_sources(root, (f.path for f in files if f.library))
        cache = Cache.open(work.cache, root=root, cwd=cwd, today=today, criteria_files=sources)
    context = _Context(cwd, today, mode, detail, cache)
    with tracking(work.meter, "Đang kiểm tra hồ sơ", len(files)) as meter:
        found: list[Outcome | None] = []
        for f in files:
            found.append(_cached(f, context))
            if found[-1] is not None:
                meter.advance()
        library: Library | None = None
        if mode == "score" or any(o is None for o in found):
            library, checked = _build_library(root, [f for f in files if f.library], context)
            for i, outcome in enumerate(checked):
                if found[i] is None:
                    meter.advance()
                found[i] = outcome
            context = dataclasses.replace(context, library=library)
            missing = [i for i, o in enumerate(found) if o is None]
            checked_now = _check_all([files[i] for i in missing], context, work)
            for i, outcome in zip(missing, checked_now, strict=True):
                found[i] = outcome
                meter.advance()
    if cache is not None:
        cache.prune()
    outcomes = [o for o in found if o is not None]
    return told + mark_duplicate_agencies(outcomes), library


def _look(path: Path, top: Path) -> _File:
    # Only a regular file within the size limit is read (a FIFO or /dev/zero named *.yaml
    # is left to the check, which reports it); such a file is never cached.
    try:
        raw: bytes | None = read_regular(path, limit=MAX_FILE_BYTES)
    except Unreadable:
        raw = None
    digest = hashlib.sha256(raw).digest() if raw is not None else None
    return _File(
        path, shown_name(path, located(path), top), is_library_file(path, raw), digest, real(path)
    )


def _cached(f: _File, context: _Context) -> Outcome | None:
    if context.cache is None or f.digest is None or (f.library and context.mode == "score"):
        return None
    entry = context.cache.get(context.cache.key(f.resolved, f.file, f.digest), base=f.path.parent)
    if entry is None:
        return None
    card = None
    if context.mode == "score" and entry.kind == "submission" and entry.agency is not None:
        if context.detail or entry.card is None:
            return None  # the cache keeps no leaves, and this entry no card
        card = decode_card(entry.card)
        if card is None:
            return None
    problems = [dataclasses.replace(p, file=f.file) for p in entry.problems]
    return Outcome(f.file, f.path, entry.kind, problems, entry.agency, entry.criteria_id, card)


def _build_library(
    root: Path, files: Sequence[_File], context: _Context
) -> tuple[Library, list[Outcome]]:
    from parcli.check.files import Library, check_file

    library = Library(root=root, cwd=context.cwd)
    checked: list[Checked] = []
    for f in files:
        one = check_file(f.path, cwd=context.cwd, library=library, today=context.today)
        duplicate = library.add(one)
        if duplicate is not None:
            one.problems.append(duplicate)
        checked.append(one)
    check_mappings(library, checked)
    return library, [
        _outcome(one, f.digest, context) for one, f in zip(checked, files, strict=True)
    ]


def check_mappings(library: Library, checked: Iterable[Checked]) -> None:
    """Each valid set given is read against the previous year's set of its group, once every
    set of the run is known; the problems join the set's own."""
    from parcli.check.mapping import check_mapping

    for one in checked:
        cs, doc = one.criteria_set, one.document
        if cs is None or doc is None:
            continue
        previous = library.find_previous(cs)
        if previous is not None:
            one.problems.extend(check_mapping(doc, cs, previous))


def _check_all(files: Sequence[_File], context: _Context, work: Work) -> Iterator[Outcome]:
    """Outcomes in the order of `files`, from one process or several."""
    method = multiprocessing.get_start_method()
    least = MIN_FILES_FORK if method == "fork" else MIN_FILES_SPAWN
    jobs = min(work.jobs, len(files) // MIN_FILES_PER_JOB)
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


_CONTEXT: _Context | None = None  # set in each process by _start


def _start(context: _Context | None, worker: bool = False) -> None:
    global _CONTEXT
    _CONTEXT = context
    if worker:  # Ctrl-C is for the main process to handle; workers just stop with it
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_one(f: _File) -> Outcome:
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
    return _outcome(checked, hashlib.sha256(raw).digest(), context)


def _outcome(checked: Checked, digest: bytes | None, context: _Context) -> Outcome:
    from parcli.scoring import score_submission

    sub, cs = checked.submission, checked.criteria_set
    agency = (sub.agency.id, *checked.agency_at) if sub is not None else None
    criteria_id = cs.id if sub is not None and cs is not None else None
    card = None
    if context.mode == "score" and sub is not None and cs is not None:
        card = score_submission(cs, sub, file=checked.file)
    cache = context.cache
    if cache is not None and digest is not None:
        entry = Entry(
            checked.kind,
            tuple(dataclasses.replace(p, file="") for p in checked.problems),
            agency,
            criteria_id,
            checked.files_seen,
            encode_card(card) if card is not None else None,
        )
        cache.put(cache.key(real(checked.path), checked.file, digest), entry)
    if card is not None and not context.detail:
        card = dataclasses.replace(card, leaves=(), by_criterion=())
    problems = list(checked.problems)
    cited = tuple(target for _, target, exists in checked.files_seen if exists)
    return Outcome(
        checked.file, checked.path, checked.kind, problems, agency, criteria_id, card, cited
    )


def mark_duplicate_agencies(outcomes: list[Outcome]) -> list[Outcome]:
    seen: dict[tuple[str, str], str] = {}
    for outcome in outcomes:
        problem = duplicate_agency(seen, outcome.file, outcome.agency, outcome.criteria_id)
        if problem is not None:
            outcome.problems.append(problem)
    return outcomes


def duplicate_agency(
    seen: dict[tuple[str, str], str],
    file: str,
    agency: tuple[str, int, int] | None,
    criteria_id: str | None,
) -> Problem | None:
    """A second file for an agency already seen against the same criteria set (`seen`: set and
    agency id → first file). One agency has one file per set: one a year, and no more."""
    if agency is None or criteria_id is None:
        return None
    agency_id, line, col = agency
    first = seen.setdefault((criteria_id, agency_id), file)
    if first == file:
        return None
    return Problem(
        file,
        line,
        col,
        "duplicate-agency",
        f"mã cơ quan {agency_id} đã dùng trong {first}; mỗi cơ quan một tệp hồ sơ với mã riêng",
        ("agency", "id"),
    )
