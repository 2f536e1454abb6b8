"""The Python API behind the commands: validate and score files, with no printing.

    from parcli import api
    result = api.score([Path("submissions")], cwd=Path.cwd(), today=date.today())
    for group in result.groups:
        for entry in group.ranked:
            print(group.title, entry.rank, entry.card.agency_name, entry.card.index)

Every function returns data (problems, score cards, report bytes); the CLI decides where
it goes. `work` says how: processes (`jobs`), the cache folder, a Meter to tell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parcli.check.batch import SERIAL, Work
from parcli.check.driver import (
    GroupRanking,
    Scores,
    Validation,
    check_one,
    check_paths,
    previous_year,
    resolve_paths,
    rival_cards,
    score_paths,
    validate_paths,
)
from parcli.problems import Problem, has_errors, sort_problems
from parcli.workspace import find_root

if TYPE_CHECKING:  # the models load only when a file is really checked (check/batch.py)
    from parcli.models import CriteriaSet, Submission
    from parcli.planning import Analysis, Previous
    from parcli.report.rounds import AgencyRounds
    from parcli.scoring import ScoreCard

__all__ = [
    "AgencyRounds",
    "GroupRanking",
    "Planned",
    "Scores",
    "Validation",
    "Work",
    "plan",
    "plans",
    "rounds",
    "score",
    "validate",
]


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
            from parcli.report.rounds import agency_rounds

            found.append(agency_rounds(cs, sub, file=checked.file))
    return found, sort_problems(problems)


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
    as_of: dt.date,
    previous: Path | None = None,
    among: Sequence[Path] = (),
    drafting: bool = False,
) -> Planned:
    """The plan of the submission at `path` against its scores, on the day `as_of`.

    `previous`: last year's submission of the same agency, whose results stand in for items
    with no score yet this year, read through the set's `was:` mapping (default: the
    agency's submission in the workspace's `archive/<year − 1>/`, when there is one).
    `among`: where the agencies a rank target is counted among are (default: the folder of
    `path`); read only for a rank. `drafting`: the plan is read to draft its first tasks, so
    a submission without any is no warning (`plan-missing`).
    """
    from parcli.planning import analyse, plan_missing

    today = checked_on(as_of)
    checked = check_one(path, cwd=cwd, today=today)
    problems = list(checked.problems)
    sub, cs = checked.submission, checked.criteria_set
    if sub is None or cs is None:
        return Planned(sort_problems(problems), checked.file)
    last: Previous | None = None
    if previous is not None:
        last, more = previous_year(previous, sub, cs, cwd=cwd, today=today)
        problems.extend(more)
        if last is None:
            return Planned(sort_problems(problems), checked.file)
    else:
        from parcli.check.previous import previous_results

        root = find_root(path.parent)
        last = previous_results(sub, cs, root=root, cwd=cwd, today=today)
    others: list[ScoreCard] = []
    left_out: tuple[str, ...] = ()
    if sub.plan_target is not None and sub.plan_target.rank is not None:
        others, left_out = rival_cards(among or [path.parent], cs.id, cwd=cwd, today=today)
    analysis = analyse(cs, sub, previous=last, others=others, as_of=as_of, file=checked.file)
    if not sub.plan and not drafting:
        problems.append(
            plan_missing(checked.file, "mọi điểm bị mất đều chưa có nhiệm vụ khắc phục")
        )
    return Planned(sort_problems(problems), checked.file, cs, sub, analysis, left_out)


def plans(paths: Sequence[Path], *, cwd: Path, as_of: dt.date) -> list[Planned]:
    """The plan of every submission under `paths` (default: submissions/), file by file."""
    from parcli.planning import analyse

    out: list[Planned] = []
    resolved = resolve_paths(paths, cwd=cwd, default="submissions")
    for checked in check_paths(resolved, cwd=cwd, today=checked_on(as_of)):
        if not checked.as_submission:
            continue
        sub, cs = checked.submission, checked.criteria_set
        problems = sort_problems(checked.problems)
        if sub is None or cs is None:
            out.append(Planned(problems, checked.file))
            continue
        analysis = analyse(cs, sub, as_of=as_of, file=checked.file)
        out.append(Planned(problems, checked.file, cs, sub, analysis))
    return out


def checked_on(as_of: dt.date) -> dt.date:
    """The day files are checked against, as for reports: today's file may hold what happened
    after `as_of` (a task done since), which is no error."""
    return max(as_of, dt.date.today())


def __getattr__(name: str) -> object:
    """`api.AgencyRounds`, imported when asked for: a run that only validates from the cache
    loads no model (the API module itself stays light)."""
    if name == "AgencyRounds":
        from parcli.report.rounds import AgencyRounds

        return AgencyRounds
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
