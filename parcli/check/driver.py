"""Many files → their checks and scores: the folders a command reads, in the order that lets
submissions use the criteria sets beside them, and the totals of a run."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.check.files import Checked, Library, check_file
from parcli.errors import UsageError
from parcli.models import CRITERIA_FORMAT, CriteriaSet, Submission
from parcli.planning import Previous
from parcli.problems import Problem, has_errors, sort_problems
from parcli.scoring import Ranked, ScoreCard, rank_cards, score_submission
from parcli.workspace import default_paths, expand_paths, find_root


def check_paths(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Iterator[Checked]:
    """Check every file under `paths`: criteria sets first, so submissions can use them."""
    root = find_root(
        paths[0].parent if paths and paths[0].is_file() else (paths[0] if paths else cwd)
    )
    files = expand_paths(paths)
    library = Library(root=root, cwd=cwd)
    criteria_files, other_files = _criteria_first(files)
    agencies: dict[str, str] = {}
    for path in [*criteria_files, *other_files]:
        checked = check_file(path, cwd=cwd, library=library, today=today)
        library.add(checked)
        if checked.submission is not None:
            first = agencies.setdefault(checked.submission.agency.id, checked.file)
            if first != checked.file:
                checked.problems.append(
                    Problem(
                        checked.file,
                        *checked.agency_at,
                        "duplicate-agency",
                        f"mã cơ quan {checked.submission.agency.id} đã dùng trong {first}; "
                        "mỗi cơ quan một tệp hồ sơ với mã riêng",
                        ("agency", "id"),
                    )
                )
        yield checked


def check_one(path: Path, *, cwd: Path, today: dt.date, what: str = "lệnh này") -> Checked:
    """One agency's submission, checked; a folder or a criteria set is a usage error."""
    if path.is_dir():
        raise UsageError(f"{path} là thư mục; {what} cần một tệp hồ sơ, ví dụ {path}/so-a.yaml")
    (checked,) = check_paths([path], cwd=cwd, today=today)
    if checked.kind in ("criteria", "plan"):
        what = "bộ tiêu chí" if checked.kind == "criteria" else "tệp kế hoạch"
        raise UsageError(f"{checked.file} là {what}; hãy chỉ tệp hồ sơ của một cơ quan")
    return checked


def _criteria_first(files: list[Path]) -> tuple[list[Path], list[Path]]:
    """Criteria files are told by their folder or a cheap look at their first lines."""
    criteria: list[Path] = []
    others: list[Path] = []
    for path in files:
        (criteria if _looks_like_criteria(path) else others).append(path)
    return criteria, others


def _looks_like_criteria(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return CRITERIA_FORMAT.encode() in head


@dataclass(frozen=True)
class Validation:
    problems: list[Problem]
    files: int

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass(frozen=True)
class Scores:
    criteria_set: CriteriaSet | None  # None: no submission was valid, only problems to show
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


def validate_paths(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Validation:
    """Check every file under `paths` (default: the workspace's criteria/ and submissions/)."""
    problems: list[Problem] = []
    files = 0
    for checked in check_paths(resolve_paths(paths, cwd=cwd), cwd=cwd, today=today):
        files += 1
        problems.extend(checked.problems)
    return Validation(sort_problems(problems), files)


def score_paths(
    paths: Sequence[Path], *, cwd: Path, today: dt.date, detail: bool = False
) -> Scores:
    """Score every valid submission under `paths` and rank them.

    Without `detail`, each score card keeps its totals and areas but not its leaves, so a
    national corpus stays small in memory.
    """
    problems: list[Problem] = []
    cards: list[ScoreCard] = []
    sets: dict[str, CriteriaSet] = {}
    files = 0
    for checked in check_paths(
        resolve_paths(paths, cwd=cwd, default="submissions"), cwd=cwd, today=today
    ):
        if checked.kind in ("criteria", "plan"):
            continue
        files += 1
        problems.extend(checked.problems)
        sub, cs = checked.submission, checked.criteria_set
        if sub is None or cs is None or has_errors(checked.problems):
            continue
        card = score_submission(cs, sub, file=checked.file)
        if not detail:
            card = dataclasses.replace(card, leaves=(), by_criterion=())
        cards.append(card)
        sets.setdefault(cs.id, cs)
    if len(sets) > 1:
        raise UsageError(
            "các hồ sơ dùng nhiều bộ tiêu chí khác nhau (" + ", ".join(sorted(sets)) + "); "
            "chỉ xếp hạng các hồ sơ cùng một bộ tiêu chí: hãy chấm riêng từng thư mục"
        )
    if not sets:
        if not files:
            raise UsageError(
                "không có hồ sơ nào để chấm điểm; hãy chỉ tệp hoặc thư mục submissions/"
            )
        return Scores(None, [], sort_problems(problems), files)
    (cs,) = sets.values()
    return Scores(cs, rank_cards(cards, places=cs.decimals.percent), sort_problems(problems), files)


def previous_year(
    path: Path, sub: Submission, *, cwd: Path, today: dt.date
) -> tuple[Previous | None, list[Problem]]:
    """Last year's submission of the agency of `sub`, scored (ids looked up unchanged); its
    problems, and no result when it has errors. Another agency's file is a usage error."""
    old = check_one(path, cwd=cwd, today=today)
    if old.submission is None or old.criteria_set is None:
        return None, list(old.problems)
    if old.submission.agency.id != sub.agency.id:
        raise UsageError(
            f"--previous {old.file} là hồ sơ của {old.submission.agency.name} "
            f"({old.submission.agency.id}), không phải của {sub.agency.name}; "
            "hãy chỉ hồ sơ năm trước của chính cơ quan này"
        )
    card = score_submission(old.criteria_set, old.submission, file=old.file)
    return Previous(card), list(old.problems)


def rival_cards(
    paths: Sequence[Path], criteria_id: str, *, cwd: Path, today: dt.date
) -> tuple[list[ScoreCard], tuple[str, ...]]:
    """Score cards of the valid submissions of one set under `paths` (the agencies a rank is
    counted among), and the files left out because they have errors."""
    cards: list[ScoreCard] = []
    left_out: list[str] = []
    for checked in check_paths(list(paths), cwd=cwd, today=today):
        if checked.kind != "submission":
            continue
        sub, cs = checked.submission, checked.criteria_set
        if sub is None or cs is None:
            left_out.append(checked.file)
        elif cs.id == criteria_id:
            cards.append(score_submission(cs, sub, file=checked.file))
    return cards, tuple(left_out)
