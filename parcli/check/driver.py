"""Many files → their checks and scores: the folders a command reads, in the order that lets
submissions use the criteria sets beside them, the rankings of each agency group, and the
totals of a run. Heavy modules are imported where a file must really be checked, so that a
run answered from the cache stays quick (check/batch.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parcli.check.batch import SERIAL, Work, check_many, duplicate_agency, run_root
from parcli.check.library_files import head, is_library_file, read_sets
from parcli.check.outcomes import Outcome
from parcli.errors import UsageError
from parcli.problems import Problem, has_errors, sort_problems
from parcli.workspace import default_paths, expand_paths, find_root, is_folder

if TYPE_CHECKING:
    from parcli.check.files import Checked
    from parcli.check.library import Library
    from parcli.compare import IdMapping
    from parcli.models import CriteriaSet, Submission
    from parcli.planning import Previous
    from parcli.scoring import Ranked, ScoreCard


def check_paths(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Iterator[Checked]:
    """Check every file under `paths`, one at a time and in full (models included): criteria
    sets first, so submissions can use them. For reports and edits of a few files."""
    from parcli.check.files import Checked
    from parcli.check.library import Library

    library = Library(root=run_root(paths, cwd), cwd=cwd)
    expanded = expand_paths(paths, cwd=cwd)
    for told in expanded.problems:  # folders that cannot be listed, leftover temp files
        yield Checked(told.file, Path(told.file), None, [told])
    files = expanded.files
    first = [path for path in files if is_library_file(path, head(path))]
    sets = read_sets(library, first, cwd=cwd, today=today)
    seen: dict[tuple[str, str], str] = {}
    chosen = set(first)
    for checked in [*sets, *(_check(p, cwd, library, today) for p in files if p not in chosen)]:
        sub, cs = checked.submission, checked.criteria_set
        agency = (sub.agency.id, *checked.agency_at) if sub is not None else None
        problem = duplicate_agency(seen, checked.file, agency, cs.id if cs is not None else None)
        if problem is not None:
            checked.problems.append(problem)
        yield checked


def _check(path: Path, cwd: Path, library: Library, today: dt.date) -> Checked:
    from parcli.check.files import check_file

    return check_file(path, cwd=cwd, library=library, today=today)


def check_one(path: Path, *, cwd: Path, today: dt.date, what: str = "lệnh này") -> Checked:
    """One agency's submission, checked; a folder or a criteria set is a usage error."""
    if is_folder(path):
        raise UsageError(f"{path} là thư mục; {what} cần một tệp hồ sơ, ví dụ {path}/so-a.yaml")
    (checked,) = check_paths([path], cwd=cwd, today=today)
    if checked.kind in ("criteria", "plan"):
        what = "bộ tiêu chí" if checked.kind == "criteria" else "tệp kế hoạch"
        raise UsageError(f"{checked.file} là {what}; hãy chỉ tệp hồ sơ của một cơ quan")
    return checked


@dataclass(frozen=True)
class Validation:
    problems: list[Problem]
    files: int

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass(frozen=True)
class GroupRanking:
    """One agency group ranked on its own, against its one criteria set."""

    criteria_set: CriteriaSet
    ranked: list[Ranked]

    @property
    def id(self) -> str | None:
        return self.criteria_set.group_id

    @property
    def title(self) -> str:
        """The group's title, else the set's: what a table or a section is headed with."""
        cs = self.criteria_set
        return cs.group.title if cs.group is not None else cs.title


@dataclass(frozen=True)
class Scores:
    groups: list[GroupRanking]  # empty: no submission was valid, only problems to show
    problems: list[Problem]  # of files left out of the rankings, and warnings of the rest
    files: int

    def group(self, group_id: str) -> GroupRanking:
        """The ranking of one group, or a usage error naming the groups there are."""
        for found in self.groups:
            if found.id == group_id:
                return found
        known = ", ".join(f"{g.id} ({g.title})" for g in self.groups if g.id) or "(không có)"
        raise UsageError(f"không có nhóm “{group_id}” trong các hồ sơ đã chấm; các nhóm: {known}")


def resolve_paths(paths: Sequence[Path], *, cwd: Path, default: str | None = None) -> list[Path]:
    """The paths given, or the workspace's default folders when none are."""
    if paths:
        return list(paths)
    root = find_root(cwd)
    if default is not None:
        folder = root / default
        if not is_folder(folder):
            raise UsageError(
                f"không thấy thư mục {default}/ trong {root}; hãy chỉ rõ tệp hoặc thư mục"
            )
        return [folder]
    return default_paths(root)


def validate_paths(
    paths: Sequence[Path], *, cwd: Path, today: dt.date, work: Work = SERIAL
) -> Validation:
    """Check every file under `paths` (default: the workspace's criteria/ and submissions/)."""
    outcomes, _ = check_many(
        resolve_paths(paths, cwd=cwd), cwd=cwd, today=today, mode="validate", work=work
    )
    problems = [p for outcome in outcomes for p in outcome.problems]
    return Validation(sort_problems(problems), len(outcomes))


def score_paths(
    paths: Sequence[Path],
    *,
    cwd: Path,
    today: dt.date,
    detail: bool = False,
    work: Work = SERIAL,
) -> Scores:
    """Score every valid submission under `paths` and rank each agency group on its own.

    Without `detail`, each score card keeps its totals and areas but not its leaves, so a
    national corpus stays small in memory.
    """
    outcomes, library = check_many(
        resolve_paths(paths, cwd=cwd, default="submissions"),
        cwd=cwd,
        today=today,
        mode="score",
        detail=detail,
        work=work,
    )
    submissions = [o for o in outcomes if o.kind not in ("criteria", "plan", "settings")]
    problems = [p for outcome in submissions for p in outcome.problems]
    if not submissions:
        raise UsageError("không có hồ sơ nào để chấm điểm; hãy chỉ tệp hoặc thư mục submissions/")
    scored = [o for o in submissions if o.card is not None and not has_errors(o.problems)]
    assert library is not None or not scored  # score mode always builds the library
    groups = rank_groups(scored, library) if library is not None else []
    return Scores(groups, sort_problems(problems), len(submissions))


def rank_groups(scored: Sequence[Outcome], library: Library) -> list[GroupRanking]:
    """One ranking per agency group; two sets in one group (two years, say) are refused."""
    from parcli.scoring import rank_cards

    by_group: dict[str, dict[str, list[Outcome]]] = {}
    for outcome in scored:
        assert outcome.card is not None
        cs = library.find(outcome.card.criteria_id)
        assert cs is not None  # the set the submission was checked against
        by_group.setdefault(cs.group_id or "", {}).setdefault(cs.id, []).append(outcome)
    groups: list[GroupRanking] = []
    for key in sorted(by_group):
        sets = by_group[key]
        if len(sets) > 1:
            raise UsageError(mixed_sets(_uses(library, sets)))
        ((set_id, members),) = sets.items()
        cs = library.find(set_id)
        assert cs is not None
        cards: list[ScoreCard] = [o.card for o in members if o.card is not None]
        groups.append(GroupRanking(cs, rank_cards(cards, places=cs.decimals.percent)))
    return groups


def _uses(library: Library, sets: dict[str, list[Outcome]]) -> list[tuple[CriteriaSet, list[str]]]:
    found = []
    for set_id, members in sorted(sets.items()):
        cs = library.find(set_id)
        assert cs is not None
        found.append((cs, [o.file for o in members]))
    return found


def mixed_sets(sets: Sequence[tuple[CriteriaSet, Sequence[str]]]) -> str:
    """Which sets of one group were mixed, with some of the files that use each."""
    uses = []
    for cs, files in sets:
        shown = ", ".join(files[:3])
        more = f" và {len(files) - 3} tệp khác" if len(files) > 3 else ""
        uses.append((cs, f"“{cs.id}” (năm {cs.assessed_year}: {shown}{more})"))
    years = {cs.assessed_year for cs, _ in uses}
    first = uses[0][0]
    group = f"nhóm “{first.group.title}”" if first.group is not None else "cùng một nhóm"
    listed = "; ".join(text for _, text in uses)
    if len(years) > 1:
        return (
            f"các hồ sơ thuộc {group} dùng bộ tiêu chí của nhiều năm: {listed}. Mỗi bảng xếp "
            "hạng chỉ một năm: hãy chấm riêng từng thư mục; muốn so hai năm, dùng parcli compare"
        )
    return (
        f"các hồ sơ thuộc {group} dùng nhiều bộ tiêu chí khác nhau: {listed}. Mỗi nhóm chỉ "
        "xếp hạng theo một bộ tiêu chí: hãy chấm riêng từng thư mục"
    )


def previous_year(
    path: Path, sub: Submission, cs: CriteriaSet, *, cwd: Path, today: dt.date
) -> tuple[Previous | None, list[Problem]]:
    """Last year's submission of the agency of `sub` (checked against `cs`), scored, its ids
    read through `cs`'s `was:` mapping; its problems, and no result when it has errors.
    Another agency's file is a usage error."""
    old = check_one(path, cwd=cwd, today=today)
    if old.submission is None or old.criteria_set is None:
        return None, list(old.problems)
    if old.submission.agency.id != sub.agency.id:
        raise UsageError(
            f"--previous {old.file} là hồ sơ của {old.submission.agency.name} "
            f"({old.submission.agency.id}), không phải của {sub.agency.name}; "
            "hãy chỉ hồ sơ năm trước của chính cơ quan này"
        )
    from parcli.compare import map_ids
    from parcli.planning import Previous
    from parcli.scoring import score_submission

    card = score_submission(old.criteria_set, old.submission, file=old.file)
    return Previous(card, leaf_ids(cs, map_ids(cs, old.criteria_set))), list(old.problems)


def leaf_ids(cs: CriteriaSet, mapping: IdMapping) -> dict[str, str | None]:
    """Each leaf id of `cs` → its id in last year's set (None: new, no result last year)."""
    return {leaf.id: mapping.old_leaf(leaf.id) for leaf in cs.leaves}


def rival_cards(
    paths: Sequence[Path], criteria_id: str, *, cwd: Path, today: dt.date
) -> tuple[list[ScoreCard], tuple[str, ...]]:
    """Score cards of the valid submissions of one set under `paths` (the agencies a rank is
    counted among), and the files left out because they have errors."""
    from parcli.scoring import score_submission

    cards: list[ScoreCard] = []
    left_out: list[str] = []
    for checked in check_paths(list(paths), cwd=cwd, today=today):
        if not checked.as_submission:
            continue
        sub, cs = checked.submission, checked.criteria_set
        if sub is None or cs is None:
            left_out.append(checked.file)
        elif cs.id == criteria_id:
            cards.append(score_submission(cs, sub, file=checked.file))
    return cards, tuple(left_out)
