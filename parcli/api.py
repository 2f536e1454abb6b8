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

from parcli.check.driver import (
    Scores,
    Validation,
    check_paths,
    resolve_paths,
    score_paths,
    validate_paths,
)
from parcli.problems import Problem, has_errors, sort_problems
from parcli.report.rounds import AgencyRounds, agency_rounds

__all__ = ["AgencyRounds", "Scores", "Validation", "rounds", "score", "validate"]


def validate(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Validation:
    """Every problem of the files under `paths` (default: criteria/ and submissions/)."""
    return validate_paths(paths, cwd=cwd, today=today)


def score(paths: Sequence[Path], *, cwd: Path, today: dt.date, detail: bool = False) -> Scores:
    """The ranking of the valid submissions under `paths` (default: submissions/)."""
    return score_paths(paths, cwd=cwd, today=today, detail=detail)


def rounds(
    paths: Sequence[Path], *, cwd: Path, today: dt.date
) -> tuple[list[AgencyRounds], list[Problem]]:
    """Round 1 against round 2 and the explanations of each valid submission under `paths`
    (default: submissions/); the problems of the files left out, and warnings."""
    found: list[AgencyRounds] = []
    problems: list[Problem] = []
    for checked in check_paths(
        resolve_paths(paths, cwd=cwd, default="submissions"), cwd=cwd, today=today
    ):
        if checked.kind == "criteria":
            continue
        problems.extend(checked.problems)
        sub, cs = checked.submission, checked.criteria_set
        if sub is not None and cs is not None and not has_errors(checked.problems):
            found.append(agency_rounds(cs, sub, file=checked.file))
    return found, sort_problems(problems)
