"""Each leaf's points lost and where they come from; the tasks that target it; projections.

Points that count come from the best available source: appraisal round 2, round 1, the self
score (written, or computed by the rule), the survey result — or, for an item with no score
yet this year, last year's result (`Previous`). Not-applicable items are never lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from parcli.models import CriteriaSet, ItemEntry, PlanTask, Submission
from parcli.numbers import HUNDRED
from parcli.scoring import ZERO, GroupScore, LeafScore, ScoreCard, score_submission

Source = Literal["round2", "round1", "self", "survey", "previous", "none"]
SOURCE_LABELS: dict[Source, str] = {
    "round2": "thẩm định vòng 2",
    "round1": "thẩm định vòng 1",
    "self": "tự chấm",
    "survey": "điều tra XHH",
    "previous": "kết quả năm trước",
    "none": "chưa chấm",
}


@dataclass(frozen=True)
class Previous:
    """Last year's score card of the same agency, and how this year's ids map onto it.

    `ids` maps a leaf id of this year's set to its id in last year's (None: a new item with
    no result last year); an id it does not name is looked up unchanged.
    """

    card: ScoreCard
    ids: Mapping[str, str | None] = field(default_factory=dict)

    def points_for(self, leaf_id: str, maximum: Decimal) -> Decimal | None:
        """Last year's points, rescaled to this year's maximum when the maximum changed."""
        old_id = self.ids.get(leaf_id, leaf_id)
        old = next((s for s in self.card.leaves if s.leaf.id == old_id), None)
        if old is None or old.na is not None or old.final is None or not old.leaf.max:
            return None
        return maximum * old.final / old.leaf.max


@dataclass(frozen=True)
class ItemLoss:
    """An applicable leaf with points (this year's, or last year's), and what it lost."""

    score: LeafScore
    source: Source
    lost: Decimal  # max − points that count; 0 at maximum
    order: int  # the leaf's place in the set: ties keep the set's order
    tasks: tuple[str, ...]  # ids of the plan tasks that target it

    @property
    def outside_control(self) -> bool:
        """Survey items are the public's verdict, not a task the department completes."""
        return self.score.leaf.method == "survey"


@dataclass(frozen=True)
class TaskStake:
    task: PlanTask
    leaves: tuple[str, ...]  # the leaf ids its targets name, in the set's order
    lost: Decimal  # points lost on those leaves: what the task can win back
    done: bool
    at_max: bool  # not done, has targets, and each is at maximum or not applicable


@dataclass(frozen=True)
class Projection:
    """Totals if some items reached their maximum (none: the totals as they are)."""

    points: Decimal
    max: Decimal
    index: Decimal | None
    areas: tuple[GroupScore, ...]
    raised: tuple[str, ...]  # ids of the leaves raised to maximum


def resolve_targets(cs: CriteriaSet, ids: Iterable[str]) -> tuple[str, ...]:
    """The leaf ids that target ids name: a leaf itself, a criterion all its leaves."""
    wanted = set(ids)
    return tuple(leaf.id for leaf in cs.leaves if leaf.id in wanted or leaf.criterion_id in wanted)


def is_open(task: PlanTask) -> bool:
    return task.status not in ("done", "cancelled")


def is_done(task: PlanTask, as_of: dt.date | None = None) -> bool:
    """Done, and by `as_of` when a day is given and the task says when it was done."""
    if task.status != "done":
        return False
    return as_of is None or task.done_on is None or task.done_on <= as_of


def at_maximum(scores: Mapping[str, LeafScore], leaf_ids: Iterable[str]) -> bool:
    """Every leaf is at its maximum or not applicable: nothing left to win back."""
    return all(scores[i].na is not None or scores[i].final == scores[i].leaf.max for i in leaf_ids)


def fill_from_previous(
    cs: CriteriaSet, sub: Submission, previous: Previous | None
) -> tuple[Submission, tuple[str, ...]]:
    """The submission with last year's result on each applicable item that has no score yet."""
    if previous is None:
        return sub, ()
    card = score_submission(cs, sub)
    items = dict(sub.items)
    survey = dict(sub.survey)
    estimated: list[str] = []
    for s in card.leaves:
        if s.na is not None or source_of(s) != "none":
            continue
        points = previous.points_for(s.leaf.id, s.leaf.max)
        if points is None:
            continue
        estimated.append(s.leaf.id)
        if s.leaf.method == "survey":
            survey[s.leaf.id] = points
        else:
            entry = items.get(s.leaf.id, ItemEntry())
            items[s.leaf.id] = entry.model_copy(update={"self_": points})
    filled = sub.model_copy(update={"items": items, "survey": survey})
    return filled, tuple(estimated)


def item_losses(
    card: ScoreCard, tasks: Sequence[tuple[PlanTask, tuple[str, ...]]], estimated: Sequence[str]
) -> tuple[ItemLoss, ...]:
    """Every applicable leaf with points, most lost first (then the set's order)."""
    by_leaf: dict[str, list[str]] = {}
    for task, leaves in tasks:
        for leaf_id in leaves:
            by_leaf.setdefault(leaf_id, []).append(task.id)
    items = (
        ItemLoss(
            s,
            "previous" if s.leaf.id in estimated else source_of(s),
            s.leaf.max - s.final,
            n,
            tuple(by_leaf.get(s.leaf.id, ())),
        )
        for n, s in enumerate(card.leaves)
        if s.na is None and s.final is not None
    )
    return tuple(sorted(items, key=most_lost_first))


def project(card: ScoreCard, raised: Iterable[str]) -> Projection:
    """The totals if the counted leaves named reached their maximum; bonus and penalty stay.

    Only counted leaves move the index: a not-applicable item has no points to win, and a
    survey item without its result (or any survey item while the index is provisional) is
    not part of the index yet.
    """
    ids = set(raised)
    gains: dict[str, Decimal] = {}
    moved: list[str] = []
    for s in card.leaves:
        if s.leaf.id in ids and s.counted and s.final is not None:
            gains[s.leaf.area_id] = gains.get(s.leaf.area_id, ZERO) + s.leaf.max - s.final
            moved.append(s.leaf.id)
    points = card.points + sum(gains.values(), ZERO)
    areas = []
    for a in card.areas:
        area_points = a.points + gains.get(a.id, ZERO)
        areas.append(GroupScore(a.id, a.title, area_points, a.max, index_of(area_points, a.max)))
    return Projection(points, card.max, index_of(points, card.max), tuple(areas), tuple(moved))


def source_of(s: LeafScore) -> Source:
    """Which of this year's scores counts for the leaf ("none": nothing yet)."""
    if s.leaf.method == "survey":
        return "survey" if s.survey is not None else "none"
    if s.round2 is not None:
        return "round2"
    if s.round1 is not None:
        return "round1"
    return "self" if s.self is not None else "none"


def most_lost_first(item: ItemLoss) -> tuple[Decimal, int]:
    return (-item.lost, item.order)


def index_of(points: Decimal, maximum: Decimal) -> Decimal | None:
    return points / maximum * HUNDRED if maximum else None
