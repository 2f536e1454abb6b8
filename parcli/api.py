"""The Python API behind the commands: validate and score files, with no printing.

    from parcli import api
    result = api.score([Path("submissions")], cwd=Path.cwd(), today=date.today())
    for group in result.groups:
        for entry in group.ranked:
            print(group.title, entry.rank, entry.card.agency_name, entry.card.index)

Every function returns data (problems, score cards, report bytes); the CLI decides where
it goes. `work` says how: processes (`jobs`), the cache folder, a Progress to tell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from parcli.check.batch import SERIAL, Work
from parcli.check.driver import GroupRanking, Scores, Validation, score_paths, validate_paths

__all__ = ["GroupRanking", "Scores", "Validation", "Work", "score", "validate"]


def validate(
    paths: Sequence[Path], *, cwd: Path, today: dt.date, work: Work = SERIAL
) -> Validation:
    """Every problem of the files under `paths` (default: criteria/ and submissions/)."""
    return validate_paths(paths, cwd=cwd, today=today, work=work)


def score(
    paths: Sequence[Path],
    *,
    cwd: Path,
    today: dt.date,
    detail: bool = False,
    work: Work = SERIAL,
) -> Scores:
    """The rankings, one per agency group, of the valid submissions under `paths`
    (default: submissions/)."""
    return score_paths(paths, cwd=cwd, today=today, detail=detail, work=work)
