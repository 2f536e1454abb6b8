"""The Python API behind the commands: validate and score files, with no printing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.errors import UsageError
from parcli.models import CriteriaSet
from parcli.problems import Problem, has_errors, sort_problems
from parcli.scoring import Ranked, ScoreCard, rank_cards, score_submission
from parcli.workspace import check_paths, default_paths, find_root


@dataclass(frozen=True)
class Validation:
    problems: list[Problem]
    files: int

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass(frozen=True)
class Scores:
    criteria: CriteriaSet | None  # None: no submission was valid, only problems to show
    ranked: list[Ranked]
    problems: list[Problem]  # of files left out of the ranking, and warnings of the rest
    files: int


def resolve_paths(paths: Sequence[Path], *, cwd: Path, default: str | None = None) -> list[Path]:
    """The paths given, or the workspace's default folders when none are."""
    if paths:
        return list(paths)
    root = find_root(cwd)
    if default is not None:
        folder = root / default
        if not folder.is_dir():
            raise UsageError(
                f"không thấy thư mục {default}/ trong {root}; hãy chỉ rõ tệp hoặc thư mục"
            )
        return [folder]
    return default_paths(root)


def validate(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Validation:
    problems: list[Problem] = []
    files = 0
    for checked in check_paths(resolve_paths(paths, cwd=cwd), cwd=cwd, today=today):
        files += 1
        problems.extend(checked.problems)
    return Validation(sort_problems(problems), files)


def score(paths: Sequence[Path], *, cwd: Path, today: dt.date, detail: bool = False) -> Scores:
    """Score every valid submission under `paths` and rank them.

    Without `detail`, each score card keeps its totals and areas but not its leaves, so a
    national corpus stays small in memory.
    """
    problems: list[Problem] = []
    cards: list[ScoreCard] = []
    criteria: dict[str, CriteriaSet] = {}
    files = 0
    for checked in check_paths(
        resolve_paths(paths, cwd=cwd, default="submissions"), cwd=cwd, today=today
    ):
        if checked.kind == "criteria":
            continue
        files += 1
        problems.extend(checked.problems)
        sub, cs = checked.submission, checked.criteria_set
        if sub is None or cs is None or has_errors(checked.problems):
            continue
        card = score_submission(cs, sub, file=checked.file)
        if not detail:
            card = dataclasses.replace(card, leaves=(), criteria=())
        cards.append(card)
        criteria.setdefault(cs.id, cs)
    if len(criteria) > 1:
        raise UsageError(
            "các hồ sơ dùng nhiều bộ tiêu chí khác nhau (" + ", ".join(sorted(criteria)) + "); "
            "chỉ xếp hạng các hồ sơ cùng một bộ tiêu chí: hãy chấm riêng từng thư mục"
        )
    if not criteria:
        if not files:
            raise UsageError(
                "không có hồ sơ nào để chấm điểm; hãy chỉ tệp hoặc thư mục submissions/"
            )
        return Scores(None, [], sort_problems(problems), files)
    (cs,) = criteria.values()
    return Scores(cs, rank_cards(cards, places=cs.decimals.percent), sort_problems(problems), files)
