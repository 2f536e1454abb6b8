"""The Python API behind the commands: validate and score files, with no printing.

    from parcli import api
    result = api.score([Path("submissions")], cwd=Path.cwd(), today=date.today())
    for entry in result.ranked:
        print(entry.rank, entry.card.agency_name, entry.card.index)

Every function returns data (problems, score cards, report bytes); the CLI decides where
it goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from parcli.check.driver import Scores, Validation, score_paths, validate_paths

__all__ = ["Scores", "Validation", "score", "validate"]


def validate(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Validation:
    """Every problem of the files under `paths` (default: criteria/ and submissions/)."""
    return validate_paths(paths, cwd=cwd, today=today)


def score(paths: Sequence[Path], *, cwd: Path, today: dt.date, detail: bool = False) -> Scores:
    """The ranking of the valid submissions under `paths` (default: submissions/)."""
    return score_paths(paths, cwd=cwd, today=today, detail=detail)
