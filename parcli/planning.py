"""Pure planning: the points each item lost, the tasks that win them back, what the plan is worth.

From a score card — and, for an item with no score yet this year, last year's result — each
leaf's points lost; the plan tasks that target it; the index if every targeted item reached
its maximum, and if only the items of the tasks already done did; the distance to the plan's
target and the fewest items that would close it. Exact decimals throughout: every index here
is the one `parcli score` gives for a copy of the submission with those items at maximum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from parcli.models import CriteriaSet, ItemEntry, PlanTarget, PlanTask, Submission
from parcli.numbers import HUNDRED, quantize
from parcli.scoring import ZERO, GroupScore, LeafScore, ScoreCard, score_submission

# Where the points that count come from: the latest appraisal, the self score (written or
# computed by the rule), the survey result, last year's result, or nowhere yet (counts 0).
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
    at_max: bool  # has targets, and every one is at maximum or not applicable


@dataclass(frozen=True)
class Projection:
    """Totals if some items reached their maximum (none: the totals as they are)."""

    points: Decimal
    max: Decimal
    index: Decimal | None
    areas: tuple[GroupScore, ...]
    raised: tuple[str, ...]  # ids of the leaves raised to maximum


@dataclass(frozen=True)
class Suggestion:
    """The fewest items that reach the target: largest losses first (a suggestion only)."""

    items: tuple[ItemLoss, ...]
    index: Decimal | None  # the index once they reach their maximum
    reached: bool  # False: even every self item at maximum falls short


@dataclass(frozen=True)
class Gap:
    target: PlanTarget
    needed: Decimal  # the published index that meets the target (a rank: from the others)
    gap: Decimal  # needed − the index now; ≤ 0 once met
    reached: bool
    rank: int | None  # the rank now among the others given (None: no rank asked)
    suggestion: Suggestion


@dataclass(frozen=True)
class Analysis:
    card: ScoreCard  # this year's, with last year's results where this year has none
    estimated: tuple[str, ...]  # ids whose points are last year's
    items: tuple[ItemLoss, ...]  # every applicable leaf with points, most lost first
    tasks: tuple[TaskStake, ...]  # in the plan's order
    now: Projection
    all_targets: Projection
    done_targets: Projection
    gap: Gap | None

    @property
    def lost(self) -> tuple[ItemLoss, ...]:
        return tuple(i for i in self.items if i.lost > 0)

    @property
    def uncovered(self) -> tuple[ItemLoss, ...]:
        """Lost points no task works on (điểm bị mất chưa có nhiệm vụ khắc phục)."""
        return tuple(i for i in self.items if i.lost > 0 and not i.tasks)

    @property
    def without_targets(self) -> tuple[TaskStake, ...]:
        return tuple(t for t in self.tasks if not t.task.targets)

    @property
    def chasing_won_points(self) -> tuple[TaskStake, ...]:
        return tuple(t for t in self.tasks if t.at_max)


# ---------------------------------------------------------------- targets


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


def at_maximum(card: ScoreCard, leaf_ids: Iterable[str]) -> bool:
    """Every leaf is at its maximum or not applicable: nothing left to win back."""
    by_id = {s.leaf.id: s for s in card.leaves}
    return all(by_id[i].na is not None or by_id[i].final == by_id[i].leaf.max for i in leaf_ids)


# ---------------------------------------------------------------- the analysis


def analyse(
    cs: CriteriaSet,
    sub: Submission,
    *,
    previous: Previous | None = None,
    others: Sequence[ScoreCard] = (),
    as_of: dt.date | None = None,
    file: str = "",
) -> Analysis:
    """The plan against the scores. `others`: the agencies a rank target is counted among."""
    filled, estimated = fill_from_previous(cs, sub, previous)
    card = score_submission(cs, filled, file=file)
    tasks = [(t, resolve_targets(cs, t.targets)) for t in sub.plan]
    by_leaf: dict[str, list[str]] = {}
    for task, leaves in tasks:
        for leaf_id in leaves:
            by_leaf.setdefault(leaf_id, []).append(task.id)
    items = sorted(
        (
            ItemLoss(
                s, _source(s, estimated), s.leaf.max - s.final, n, tuple(by_leaf.get(s.leaf.id, ()))
            )
            for n, s in enumerate(card.leaves)
            if s.na is None and s.final is not None
        ),
        key=_most_lost_first,
    )
    lost = {i.score.leaf.id: i.lost for i in items}
    stakes = tuple(
        TaskStake(
            task,
            leaves,
            sum((lost.get(i, ZERO) for i in leaves), ZERO),
            is_done(task, as_of),
            bool(leaves) and is_open(task) and at_maximum(card, leaves),
        )
        for task, leaves in tasks
    )
    targeted = {i for _, leaves in tasks for i in leaves}
    done = {i for t in stakes if t.done for i in t.leaves}
    return Analysis(
        card=card,
        estimated=estimated,
        items=tuple(items),
        tasks=stakes,
        now=project(card, ()),
        all_targets=project(card, targeted),
        done_targets=project(card, done),
        gap=_gap(card, sub.plan_target, items, others, places=cs.decimals.percent)
        if sub.plan_target
        else None,
    )


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
        if s.na is not None or _source(s, ()) != "none":
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
    areas = tuple(
        GroupScore(a.id, a.title, a.points + gains.get(a.id, ZERO), a.max, None) for a in card.areas
    )
    return Projection(
        points,
        card.max,
        _index(points, card.max),
        tuple(GroupScore(a.id, a.title, a.points, a.max, _index(a.points, a.max)) for a in areas),
        tuple(moved),
    )


# ---------------------------------------------------------------- the target


def rank_among(index: Decimal, others: Iterable[Decimal], *, places: int) -> int:
    """Dense rank on the published index, as `parcli score` ranks: 1 + distinct higher."""
    shown = quantize(index, places)
    return 1 + len({quantize(o, places) for o in others if quantize(o, places) > shown})


def index_for_rank(rank: int, others: Iterable[Decimal], *, places: int) -> Decimal:
    """The lowest published index that ranks `rank` or better among `others` (ties share)."""
    distinct = sorted({quantize(o, places) for o in others}, reverse=True)
    return distinct[rank - 1] if len(distinct) >= rank else ZERO


def _gap(
    card: ScoreCard,
    target: PlanTarget,
    items: Sequence[ItemLoss],
    others: Sequence[ScoreCard],
    *,
    places: int,
) -> Gap | None:
    if card.index is None:
        return None
    rivals = [
        o.index
        for o in others
        if o.index is not None
        and o.agency_id != card.agency_id
        and o.criteria_id == card.criteria_id
    ]
    needed = max(
        target.index if target.index is not None else ZERO,
        index_for_rank(target.rank, rivals, places=places) if target.rank else ZERO,
    )
    reached = quantize(card.index, places) >= needed
    return Gap(
        target,
        needed,
        needed - card.index,
        reached,
        rank_among(card.index, rivals, places=places) if target.rank else None,
        suggest(card, items, needed, places=places),
    )


def suggest(
    card: ScoreCard, items: Sequence[ItemLoss], needed: Decimal, *, places: int
) -> Suggestion:
    """The shortest run of self items, largest loss first (then the set's order), whose
    recovery brings the published index to `needed`.

    Each item adds its loss to the same numerator over a fixed maximum, so no set of fewer
    items can reach further than the largest losses together: the run is a smallest set, and
    among the smallest sets the one that wins the most. Survey items are left out: their
    result is the public's, not something the department can simply do.
    """
    points = card.points
    taken: list[ItemLoss] = []
    candidates = sorted(
        (i for i in items if i.lost > 0 and i.score.counted and not i.outside_control),
        key=_most_lost_first,
    )
    for item in candidates:
        if _reaches(points, card.max, needed, places):
            break
        points += item.lost
        taken.append(item)
    return Suggestion(
        tuple(taken), _index(points, card.max), _reaches(points, card.max, needed, places)
    )


def _reaches(points: Decimal, maximum: Decimal, needed: Decimal, places: int) -> bool:
    index = _index(points, maximum)
    return index is not None and quantize(index, places) >= needed


# ---------------------------------------------------------------- helpers


def _source(s: LeafScore, estimated: Sequence[str]) -> Source:
    if s.leaf.id in estimated:
        return "previous"
    if s.leaf.method == "survey":
        return "survey" if s.survey is not None else "none"
    if s.round2 is not None:
        return "round2"
    if s.round1 is not None:
        return "round1"
    return "self" if s.self is not None else "none"


def _most_lost_first(item: ItemLoss) -> tuple[Decimal, int]:
    return (-item.lost, item.order)


def _index(points: Decimal, maximum: Decimal) -> Decimal | None:
    return points / maximum * HUNDRED if maximum else None
