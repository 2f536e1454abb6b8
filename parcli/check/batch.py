"""Many files checked at once: criteria sets first (they make the Library), then every other
file — read back from the cache when unchanged, else checked, on several processes when
there are enough of them to pay for starting the processes (check/pool.py) — and a second
file for one agency marked.

The result is the same, in the same order, whatever the number of processes and whether the
cache is used. A run whose files are all cached loads neither pydantic nor the models
(`check.files` is imported only when a file must really be checked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parcli.check.cache import Cache
from parcli.check.library_files import library_sources, read_sets
from parcli.check.outcomes import Mode, Outcome, RunContext, RunFile, cached, look, outcome_of
from parcli.check.pool import check_all
from parcli.meter import SILENT, Meter, tracking
from parcli.problems import Problem
from parcli.workspace import expand_paths, find_root, is_folder, real

if TYPE_CHECKING:
    from parcli.check.library import Library


@dataclass(frozen=True)
class Work:
    """How a run over many files is carried out: processes, cache, who hears of progress."""

    jobs: int = 1
    cache: Path | None = None  # the cache folder; None: no cache
    meter: Meter = SILENT


SERIAL = Work()  # one process, no cache, no one told: the API's default


def run_root(paths: Sequence[Path], cwd: Path) -> Path:
    """The workspace of a run: the one holding the first path given."""
    if not paths:
        return find_root(cwd)
    first = paths[0]
    return find_root(first if is_folder(first) else first.parent)


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
    files = [look(path, top) for path in expanded.files]
    files = [f for f in files if f.library] + [f for f in files if not f.library]
    cache = None
    if work.cache is not None:
        sources = library_sources(root, (f.path for f in files if f.library))
        cache = Cache.open(work.cache, root=root, cwd=cwd, today=today, criteria_files=sources)
    context = RunContext(cwd, today, mode, detail, cache)
    with tracking(work.meter, "Đang kiểm tra hồ sơ", len(files)) as meter:
        found: list[Outcome | None] = []
        for f in files:
            found.append(cached(f, context))
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
            checked_now = check_all([files[i] for i in missing], context, work.jobs)
            for i, outcome in zip(missing, checked_now, strict=True):
                found[i] = outcome
                meter.advance()
    if cache is not None:
        cache.prune()
    outcomes = [o for o in found if o is not None]
    return told + mark_duplicate_agencies(outcomes), library


def _build_library(
    root: Path, files: Sequence[RunFile], context: RunContext
) -> tuple[Library, list[Outcome]]:
    from parcli.check.library import Library

    library = Library(root=root, cwd=context.cwd)
    checked = read_sets(library, [f.path for f in files], cwd=context.cwd, today=context.today)
    return library, [
        outcome_of(one, f.digest, context) for one, f in zip(checked, files, strict=True)
    ]


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
