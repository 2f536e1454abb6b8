"""The plan against the scores: points lost, tasks and their stakes, projections, the gap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from parcli.models import CriteriaSet, Submission
from parcli.planning.items import (
    ItemLoss,
    Previous,
    Projection,
    TaskStake,
    at_maximum,
    fill_from_previous,
    is_done,
    is_open,
    item_losses,
    project,
    resolve_targets,
)
from parcli.planning.target import Gap, measure_gap
from parcli.problems import Problem, Severity
from parcli.scoring import ZERO, ScoreCard, score_submission


@dataclass(frozen=True)
class Analysis:
    card: ScoreCard  # this year's, with last year's results where this year has none
    estimated: tuple[str, ...]  # ids whose points are last year's
    items: tuple[ItemLoss, ...]  # every applicable leaf with points, most lost first
    tasks: tuple[TaskStake, ...]  # in the plan's order
    now: Projection
    all_targets: Projection  # every targeted item at its maximum
    done_targets: Projection  # only the items of the tasks already done
    gap: Gap | None  # against the plan's target, when it has one

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


def analyse(
    cs: CriteriaSet,
    sub: Submission,
    *,
    previous: Previous | None = None,
    others: Sequence[ScoreCard] = (),
    as_of: dt.date | None = None,
    file: str = "",
) -> Analysis:
    """The plan against the scores. `others`: the agencies a rank target is counted among;
    `as_of`: a task done after that day is not done yet."""
    filled, estimated = fill_from_previous(cs, sub, previous)
    card = score_submission(cs, filled, file=file)
    tasks = [(t, resolve_targets(cs, t.targets)) for t in sub.plan]
    items = item_losses(card, tasks, estimated)
    lost = {i.score.leaf.id: i.lost for i in items}
    scores = {s.leaf.id: s for s in card.leaves}
    stakes = tuple(
        TaskStake(
            task,
            leaves,
            sum((lost.get(i, ZERO) for i in leaves), ZERO),
            is_done(task, as_of),
            bool(leaves) and is_open(task) and at_maximum(scores, leaves),
        )
        for task, leaves in tasks
    )
    targeted = {i for _, leaves in tasks for i in leaves}
    done = {i for t in stakes if t.done for i in t.leaves}
    target = sub.plan_target
    places = cs.decimals.percent
    return Analysis(
        card=card,
        estimated=estimated,
        items=items,
        tasks=stakes,
        now=project(card, ()),
        all_targets=project(card, targeted),
        done_targets=project(card, done),
        gap=measure_gap(card, target, items, others, places=places) if target else None,
    )


def plan_missing(file: str, consequence: str) -> Problem:
    """What is said of a plan view or document asked of a submission with no plan tasks:
    a warning with its `consequence`, not a silent report of 0 tasks."""
    return Problem(
        file,
        1,
        1,
        "plan-missing",
        f"hồ sơ chưa có nhiệm vụ kế hoạch (plan:): {consequence}; hãy ghi các nhiệm vụ của Kế "
        "hoạch cải thiện Chỉ số CCHC vào plan: (`parcli plan --draft` viết bản nháp)",
        severity=Severity.WARNING,
    )
