"""One file of a run over many: looked at (its digest, whether it is a criteria set), answered
from the cache when unchanged, and once checked kept as an Outcome and a cache entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from parcli.check.cache import Cache, Entry, decode_card, encode_card
from parcli.check.library_files import is_library_file
from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.problems import Problem
from parcli.workspace import located, real, shown_name

if TYPE_CHECKING:
    from parcli.check.files import Checked
    from parcli.check.library import Library
    from parcli.scoring import ScoreCard

Mode = Literal["validate", "score"]


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


@dataclass(frozen=True)
class RunContext:
    """What every check of a run shares; sent once to each process."""

    cwd: Path
    today: dt.date
    mode: Mode
    detail: bool
    cache: Cache | None
    library: Library | None = None


@dataclass(frozen=True)
class RunFile:
    """A file of the run as first looked at."""

    path: Path
    file: str
    library: bool
    digest: bytes | None  # sha256 of the bytes, when they could be read
    resolved: Path


def look(path: Path, top: Path) -> RunFile:
    """The file as shown, whether it is a criteria set, and the digest of its bytes."""
    # Only a regular file within the size limit is read (a FIFO or /dev/zero named *.yaml
    # is left to the check, which reports it); such a file is never cached.
    try:
        raw: bytes | None = read_regular(path, limit=MAX_FILE_BYTES)
    except Unreadable:
        raw = None
    digest = hashlib.sha256(raw).digest() if raw is not None else None
    return RunFile(
        path, shown_name(path, located(path), top), is_library_file(path, raw), digest, real(path)
    )


def cached(f: RunFile, context: RunContext) -> Outcome | None:
    """The file's outcome from the cache; None when it must be checked."""
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


def outcome_of(checked: Checked, digest: bytes | None, context: RunContext) -> Outcome:
    """A checked file as an Outcome (scored in score mode), put in the cache on the way."""
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
