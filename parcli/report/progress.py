"""Pure: a submission, its score card and its plan tasks on a day → the data of the progress
report (no formatting, no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from parcli.models import CriteriaSet, PlanSection, Submission
from parcli.planning import Analysis, analyse
from parcli.report.tasks import (
    NO_OWNER,
    TaskCounts,
    TaskGroup,
    TaskRow,
    count_tasks,
    dated_by,
    group_tasks,
    late_first,
    plan_sections,
    task_rows,
)
from parcli.rules import Why
from parcli.scoring import ZERO, GroupScore, LeafScore, ScoreCard

Outcome = Literal["accepted", "partly", "rejected", "pending", "unexplained"]
WORST = 5  # items losing the most points, named in "Tồn tại, hạn chế"


@dataclass(frozen=True)
class LostItem:
    """An applicable item scored below its maximum, and why."""

    score: LeafScore
    lost: Decimal
    reason: Why


@dataclass(frozen=True)
class Appraised:
    """An item the appraisers scored differently from the department: what each round gave,
    the department's explanation (giải trình) and how it ended."""

    score: LeafScore
    explanation: str | None
    outcome: Outcome


@dataclass(frozen=True)
class AreaProgress:
    group: GroupScore
    counts: TaskCounts  # the tasks that serve this area
    lost: tuple[LostItem, ...]
    missing: tuple[LeafScore, ...]  # applicable self items without any evidence on the day


@dataclass(frozen=True)
class OwnerProgress:
    """A unit (phòng, đơn vị): its tasks, and the points lost on the items it owns."""

    owner: str
    counts: TaskCounts
    lost: Decimal


@dataclass(frozen=True)
class Progress:
    card: ScoreCard
    as_of: dt.date
    has_plan: bool
    counts: TaskCounts
    groups: tuple[TaskGroup, ...]  # the plan's own sections
    areas: tuple[AreaProgress, ...]
    owners: tuple[OwnerProgress, ...]
    late: tuple[TaskRow, ...]  # every late task, most overdue first
    worst: tuple[LostItem, ...]  # the items losing the most points
    appraised: tuple[Appraised, ...]
    recommendations: tuple[str, ...]
    plan: Analysis  # points at stake: what the plan's targets would win back

    @property
    def missing(self) -> tuple[LeafScore, ...]:
        return tuple(s for a in self.areas for s in a.missing)

    @property
    def lost(self) -> tuple[LostItem, ...]:
        return tuple(i for a in self.areas for i in a.lost)


def build_progress(
    sub: Submission,
    card: ScoreCard,
    cs: CriteriaSet,
    *,
    as_of: dt.date,
    sections: Sequence[PlanSection] = (),
    plan: Analysis | None = None,
) -> Progress:
    """`plan`: the analysis of the same submission (default: against no other agency)."""
    plan = plan if plan is not None else analyse(cs, sub, as_of=as_of, file=card.file)
    rows = task_rows(plan, as_of)
    areas = tuple(_area_progress(sub, card, g, rows, as_of) for g in card.areas)
    lost = [i for a in areas for i in a.lost]
    worst = sorted(lost, key=lambda i: -i.lost)[:WORST]
    return Progress(
        card=card,
        as_of=as_of,
        has_plan=bool(sub.plan),
        counts=count_tasks(rows),
        groups=group_tasks(rows, plan_sections(cs, sections)),
        areas=areas,
        owners=_owners(rows, lost),
        late=late_first(rows),
        worst=tuple(worst),
        appraised=tuple(_appraised(sub, s) for s in card.leaves if _was_adjusted(s)),
        recommendations=tuple(sub.recommendations),
        plan=plan,
    )


def _area_progress(
    sub: Submission, card: ScoreCard, group: GroupScore, rows: list[TaskRow], as_of: dt.date
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
        if s.leaf.method == "self" and s.na is None and not _evidence_of(sub, s.leaf.id, as_of)
    )
    counts = count_tasks(r for r in rows if r.task.area == group.id)
    return AreaProgress(group, counts, lost, missing)


def _owners(rows: Sequence[TaskRow], lost: Sequence[LostItem]) -> tuple[OwnerProgress, ...]:
    names = dict.fromkeys([*(r.task.owner or NO_OWNER for r in rows),
                           *(i.score.owner or NO_OWNER for i in lost)])  # fmt: skip
    return tuple(
        OwnerProgress(
            name,
            count_tasks(r for r in rows if (r.task.owner or NO_OWNER) == name),
            sum((i.lost for i in lost if (i.score.owner or NO_OWNER) == name), ZERO),
        )
        for name in names
    )


def lost_reason(score: LeafScore) -> Why:
    """The appraisers' note first, then the department's own account, then the rule's."""
    if score.leaf.method == "survey":
        return Why(("Kết quả điều tra xã hội học",))
    if score.self is None and score.appraised is None:
        return Why(("Chưa tự chấm điểm",))
    for text in (score.appraisal_note, score.note):
        if text:
            return Why((text,))
    if score.computed_explain:
        return Why(("Theo thang điểm: ",)) + score.computed_explain
    return Why(("Tự chấm dưới điểm tối đa",))


def _was_adjusted(s: LeafScore) -> bool:
    return any(v is not None and v != s.self for v in (s.round1, s.round2))


def _appraised(sub: Submission, s: LeafScore) -> Appraised:
    found = sub.appraisal.explanation.get(s.leaf.id)
    text = found.text if found is not None else None
    outcome: Outcome = "unexplained"
    if text is not None:
        first = s.round1 if s.round1 is not None else s.self
        if s.round2 is None:
            outcome = "pending"
        elif s.self is not None and s.round2 >= s.self:
            outcome = "accepted"
        elif first is not None and s.round2 > first:
            outcome = "partly"
        else:
            outcome = "rejected"
    return Appraised(s, text, outcome)


def _evidence_of(sub: Submission, item_id: str, as_of: dt.date) -> bool:
    entry = sub.items.get(item_id)
    return entry is not None and bool(dated_by(entry.evidence, as_of))
