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
from dataclasses import dataclass
from pathlib import Path

from parcli.check.driver import (
    Scores,
    Validation,
    check_one,
    check_paths,
    resolve_paths,
    rival_cards,
    score_paths,
    validate_paths,
)
from parcli.errors import UsageError
from parcli.models import CriteriaSet, Submission
from parcli.planning import Analysis, Previous, analyse
from parcli.problems import Problem, sort_problems
from parcli.scoring import ScoreCard, score_submission

__all__ = ["Planned", "Scores", "Validation", "plan", "plans", "score", "validate"]


def validate(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Validation:
    """Every problem of the files under `paths` (default: criteria/ and submissions/)."""
    return validate_paths(paths, cwd=cwd, today=today)


def score(paths: Sequence[Path], *, cwd: Path, today: dt.date, detail: bool = False) -> Scores:
    """The ranking of the valid submissions under `paths` (default: submissions/)."""
    return score_paths(paths, cwd=cwd, today=today, detail=detail)


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Planned:
    """One agency's plan against its scores, or the problems that stopped the analysis."""

    problems: list[Problem]
    file: str
    criteria_set: CriteriaSet | None = None
    submission: Submission | None = None
    analysis: Analysis | None = None
    left_out: tuple[str, ...] = ()  # files with errors, not counted when comparing ranks


def plan(
    path: Path,
    *,
    cwd: Path,
    today: dt.date,
    previous: Path | None = None,
    among: Sequence[Path] = (),
) -> Planned:
    """The plan of the submission at `path` against its scores.

    `previous`: last year's submission of the same agency, whose results stand in for items
    with no score yet this year (ids looked up unchanged). `among`: where the agencies a
    rank target is counted among are (default: the folder of `path`); read only for a rank.
    """
    checked = check_one(path, cwd=cwd, today=today)
    problems = list(checked.problems)
    sub, cs = checked.submission, checked.criteria_set
    if sub is None or cs is None:
        return Planned(sort_problems(problems), checked.file)
    last: Previous | None = None
    if previous is not None:
        old = check_one(previous, cwd=cwd, today=today)
        problems.extend(old.problems)
        if old.submission is None or old.criteria_set is None:
            return Planned(sort_problems(problems), checked.file)
        if old.submission.agency.id != sub.agency.id:
            raise UsageError(
                f"--previous {old.file} là hồ sơ của {old.submission.agency.name} "
                f"({old.submission.agency.id}), không phải của {sub.agency.name}; "
                "hãy chỉ hồ sơ năm trước của chính cơ quan này"
            )
        last = Previous(score_submission(old.criteria_set, old.submission, file=old.file))
    others: list[ScoreCard] = []
    left_out: tuple[str, ...] = ()
    if sub.plan_target is not None and sub.plan_target.rank is not None:
        others, left_out = rival_cards(among or [path.parent], cs.id, cwd=cwd, today=today)
    analysis = analyse(cs, sub, previous=last, others=others, as_of=today, file=checked.file)
    return Planned(sort_problems(problems), checked.file, cs, sub, analysis, left_out)


def plans(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> list[Planned]:
    """The plan of every submission under `paths` (default: submissions/), file by file."""
    out: list[Planned] = []
    resolved = resolve_paths(paths, cwd=cwd, default="submissions")
    for checked in check_paths(resolved, cwd=cwd, today=today):
        if checked.kind == "criteria":
            continue
        sub, cs = checked.submission, checked.criteria_set
        problems = sort_problems(checked.problems)
        if sub is None or cs is None:
            out.append(Planned(problems, checked.file))
            continue
        analysis = analyse(cs, sub, as_of=today, file=checked.file)
        out.append(Planned(problems, checked.file, cs, sub, analysis))
    return out
