"""The Văn phòng's đôn đốc list: tasks late, due soon and without a due date, by owner, with
the points lost on their targets; and lost points grouped by area and owner."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from parcli.planning.analysis import Analysis
from parcli.planning.items import ItemLoss, TaskStake, is_done
from parcli.scoring import ZERO

FollowState = Literal["late", "due_soon", "no_due"]
FOLLOW_STATES: tuple[FollowState, ...] = ("late", "due_soon", "no_due")


@dataclass(frozen=True)
class FollowUp:
    stake: TaskStake
    state: FollowState
    days: int  # late: days past the due date; due soon: days left; no due date: 0


@dataclass(frozen=True)
class OwnerTasks:
    owner: str | None  # None: the task names no owner
    tasks: tuple[FollowUp, ...]  # late (most overdue first), due soon (soonest first), no date
    lost: Decimal  # points lost on their targets, each item counted once


@dataclass(frozen=True)
class LossGroup:
    area_id: str
    owner: str | None
    items: tuple[ItemLoss, ...]
    lost: Decimal


def follow_up(
    analysis: Analysis, *, as_of: dt.date, within: int, owner: str | None = None
) -> tuple[OwnerTasks, ...]:
    """Tasks not done by `as_of` nor cancelled that are late, due within `within` days, or
    have no due date; grouped by owner in name order, the tasks without one last."""
    lost = {i.score.leaf.id: i.lost for i in analysis.items}
    groups: dict[str | None, list[FollowUp]] = {}
    for stake in analysis.tasks:
        task = stake.task
        if task.status == "cancelled" or is_done(task, as_of):
            continue
        if owner is not None and not same_owner(task.owner, owner):
            continue
        if task.due is None:
            entry = FollowUp(stake, "no_due", 0)
        elif task.due < as_of:
            entry = FollowUp(stake, "late", (as_of - task.due).days)
        elif (task.due - as_of).days <= within:
            entry = FollowUp(stake, "due_soon", (task.due - as_of).days)
        else:
            continue
        groups.setdefault(task.owner, []).append(entry)
    return tuple(
        OwnerTasks(name, tuple(sorted(tasks, key=_most_urgent_first)), _lost_once(tasks, lost))
        for name, tasks in sorted(groups.items(), key=lambda kv: _owner_key(kv[0]))
    )


def owners(analysis: Analysis) -> list[str]:
    """Every owner the plan names, in name order."""
    named = {t.task.owner for t in analysis.tasks if t.task.owner}
    return sorted((o for o in named if o), key=_fold)


def same_owner(a: str | None, b: str) -> bool:
    """Owners as people type them: letter case, spacing and Unicode form do not matter."""
    return a is not None and _fold(a) == _fold(b)


def group_by_area_owner(items: Iterable[ItemLoss]) -> tuple[LossGroup, ...]:
    """Lost points per area and owner, in the set's order of areas, most lost owner first."""
    groups: dict[tuple[str, str | None], list[ItemLoss]] = {}
    for item in items:
        groups.setdefault((item.score.leaf.area_id, item.score.owner), []).append(item)
    out = [
        LossGroup(area, owner, tuple(found), sum((i.lost for i in found), ZERO))
        for (area, owner), found in groups.items()
    ]
    first: dict[str, int] = {}  # areas in the set's order: where their first item stands
    for g in out:
        earliest = min(i.order for i in g.items)
        first[g.area_id] = min(first.get(g.area_id, earliest), earliest)
    return tuple(sorted(out, key=lambda g: (first[g.area_id], -g.lost, _owner_key(g.owner))))


def _most_urgent_first(entry: FollowUp) -> tuple[int, int]:
    rank = FOLLOW_STATES.index(entry.state)
    return (rank, -entry.days if entry.state == "late" else entry.days)


def _lost_once(tasks: Iterable[FollowUp], lost: dict[str, Decimal]) -> Decimal:
    leaves = {leaf for entry in tasks for leaf in entry.stake.leaves}
    return sum((lost.get(leaf, ZERO) for leaf in leaves), ZERO)


def _owner_key(owner: str | None) -> tuple[bool, str]:
    return (owner is None, _fold(owner or ""))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()
