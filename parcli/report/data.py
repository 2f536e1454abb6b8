"""Pure: score cards, submissions and plans → the data of each report (no formatting, no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from parcli.models import CriteriaSet, PlanTask, Submission
from parcli.numbers import HUNDRED
from parcli.scoring import ZERO, GroupScore, LeafScore, Ranked, ScoreCard, average_index

TaskState = Literal["done", "in_progress", "late", "not_started", "cancelled"]
TASK_STATES: tuple[TaskState, ...] = ("done", "in_progress", "late", "not_started", "cancelled")


# ---------------------------------------------------------------- the plan progress report


@dataclass(frozen=True)
class TaskRow:
    task: PlanTask
    state: TaskState
    days_late: int  # past the due date on the report's day (late), or when done (done late)


@dataclass(frozen=True)
class TaskCounts:
    done: int = 0
    in_progress: int = 0
    late: int = 0
    not_started: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.late + self.not_started + self.cancelled


@dataclass(frozen=True)
class LostItem:
    """An applicable item scored below its maximum, and why."""

    score: LeafScore
    lost: Decimal
    reason: str


@dataclass(frozen=True)
class Difference:
    """An item the appraisers scored differently from the department."""

    score: LeafScore
    delta: Decimal  # appraised − self
    explanation: str | None  # the department's giải trình, when it wrote one


@dataclass(frozen=True)
class AreaProgress:
    group: GroupScore
    tasks: tuple[TaskRow, ...]
    counts: TaskCounts
    lost: tuple[LostItem, ...]
    missing: tuple[LeafScore, ...]  # applicable self items without any evidence
    differences: tuple[Difference, ...]


@dataclass(frozen=True)
class Progress:
    card: ScoreCard
    as_of: dt.date
    counts: TaskCounts
    areas: tuple[AreaProgress, ...]
    late: tuple[TaskRow, ...]  # every late task, most overdue first


def task_row(task: PlanTask, as_of: dt.date) -> TaskRow:
    """Late means not done and due before the report's day; a cancelled task is never late."""
    if task.status == "done":
        finished = task.done_on
        overdue = (finished - task.due).days if finished and task.due else 0
        return TaskRow(task, "done", max(overdue, 0))
    if task.status == "cancelled":
        return TaskRow(task, "cancelled", 0)
    if task.due is not None and task.due < as_of:
        return TaskRow(task, "late", (as_of - task.due).days)
    return TaskRow(task, task.status, 0)


def count_tasks(rows: Sequence[TaskRow]) -> TaskCounts:
    return TaskCounts(**{state: sum(1 for r in rows if r.state == state) for state in TASK_STATES})


def build_progress(sub: Submission, card: ScoreCard, *, as_of: dt.date) -> Progress:
    rows = [task_row(task, as_of) for task in sub.plan]
    areas = tuple(
        _area_progress(sub, card, group, [r for r in rows if r.task.area == group.id])
        for group in card.areas
    )
    late = sorted((r for r in rows if r.state == "late"), key=lambda r: -r.days_late)
    return Progress(card, as_of, count_tasks(rows), areas, tuple(late))


def _area_progress(
    sub: Submission, card: ScoreCard, group: GroupScore, rows: list[TaskRow]
) -> AreaProgress:
    leaves = [s for s in card.leaves if s.leaf.area_id == group.id]
    lost = tuple(
        LostItem(s, s.leaf.max - s.final, lost_reason(s))
        for s in leaves
        if s.counted and s.final is not None and s.final < s.leaf.max
    )
    missing = tuple(
        s
        for s in leaves
        if s.leaf.method == "self" and s.na is None and not _evidence_of(sub, s.leaf.id)
    )
    differences = tuple(
        Difference(s, s.appraised - s.self, _explanation(sub, s.leaf.id))
        for s in leaves
        if s.appraised is not None and s.self is not None and s.appraised != s.self
    )
    return AreaProgress(group, tuple(rows), count_tasks(rows), lost, missing, differences)


def lost_reason(score: LeafScore) -> str:
    """The appraisers' note first, then the department's own account, then the rule's."""
    if score.leaf.method == "survey":
        return "Kết quả điều tra xã hội học"
    if score.self is None and score.appraised is None:
        return "Chưa tự chấm điểm"
    for text in (score.appraisal_note, score.note):
        if text:
            return text
    if score.computed_explain:
        return f"Theo thang điểm: {score.computed_explain}"
    return "Tự chấm dưới điểm tối đa"


def _evidence_of(sub: Submission, item_id: str) -> bool:
    entry = sub.items.get(item_id)
    return entry is not None and bool(entry.evidence)


def _explanation(sub: Submission, item_id: str) -> str | None:
    found = sub.appraisal.explanation.get(item_id)
    return found.text if found is not None else None


# ---------------------------------------------------------------- the score sheet

RowLevel = Literal["area", "criterion", "leaf"]


@dataclass(frozen=True)
class SheetRow:
    level: RowLevel
    id: str
    title: str
    max: Decimal | None  # None: not applicable
    self: Decimal | None
    appraised: Decimal | None
    final: Decimal | None
    places: int
    note: str = ""  # the unit's note (ghi chú của đơn vị)
    appraisal_note: str = ""  # the appraisers' note (ý kiến thẩm định)
    leaf: LeafScore | None = None


@dataclass(frozen=True)
class Sheet:
    card: ScoreCard
    rows: tuple[SheetRow, ...]
    self_total: Decimal


def build_sheet(cs: CriteriaSet, card: ScoreCard) -> Sheet:
    """Areas, criteria and leaves in the set's order; groups carry their subtotals."""
    pts = cs.decimals.points
    by_leaf = {s.leaf.id: s for s in card.leaves}
    groups = {g.id: g for g in (*card.areas, *card.by_criterion)}
    rows: list[SheetRow] = []
    for area in cs.areas:
        area_leaves = [s for s in card.leaves if s.leaf.area_id == area.id]
        rows.append(_group_row("area", groups[area.id], area_leaves, pts))
        for criterion in area.criteria:
            if criterion.sub_criteria:
                subs = [by_leaf[sub.id] for sub in criterion.sub_criteria]
                rows.append(_group_row("criterion", groups[criterion.id], subs, pts))
                rows.extend(_leaf_row(s, cs) for s in subs)
            else:
                rows.append(_leaf_row(by_leaf[criterion.id], cs, level="criterion"))
    return Sheet(card, tuple(rows), _self_sum(card.leaves))


def _group_row(
    level: RowLevel, group: GroupScore, leaves: Sequence[LeafScore], places: int
) -> SheetRow:
    return SheetRow(
        level,
        group.id,
        group.title,
        group.max,
        _self_sum(leaves),
        None,
        group.points,
        places,
    )


def _self_sum(leaves: Sequence[LeafScore]) -> Decimal:
    return sum((s.self for s in leaves if s.counted and s.self is not None), ZERO)


def _leaf_row(s: LeafScore, cs: CriteriaSet, *, level: RowLevel = "leaf") -> SheetRow:
    places = cs.places(s.leaf)
    note = f"Không phát sinh: {s.na}" if s.na is not None else (s.note or "")
    appraisal_note = s.appraisal_note or ""
    if s.leaf.method == "survey":
        pending = "" if s.survey is not None or s.na is not None else " (chưa có kết quả)"
        appraisal_note = f"Điều tra xã hội học{pending}"
    return SheetRow(
        level,
        s.leaf.id,
        s.leaf.title,
        None if s.na is not None else s.leaf.max,
        s.self,
        s.appraised,
        s.final,
        places,
        note,
        appraisal_note,
        s,
    )


# ---------------------------------------------------------------- the ranking


@dataclass(frozen=True)
class ClassCount:
    name: str
    count: int
    share: Decimal  # % of the ranked agencies


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[Ranked, ...]
    distribution: tuple[ClassCount, ...]
    unranked: int  # agencies with nothing applicable: no index, no class
    provisional: bool
    average: Decimal | None  # mean index of the ranked agencies


def build_ranking(cs: CriteriaSet, ranked: Sequence[Ranked]) -> Ranking:
    indexed = [r.card.index for r in ranked if r.card.index is not None]
    scored = len(indexed)
    distribution = tuple(
        ClassCount(
            band.name,
            count := sum(1 for r in ranked if r.card.class_name == band.name),
            Decimal(count) / scored * HUNDRED if scored else ZERO,
        )
        for band in sorted(cs.classes, key=lambda band: band.min, reverse=True)
    )
    average = average_index(ranked, places=cs.decimals.percent)
    return Ranking(
        tuple(ranked),
        distribution,
        len(ranked) - scored,
        any(r.card.provisional for r in ranked),
        average,
    )
