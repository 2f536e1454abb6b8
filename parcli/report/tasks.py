"""Pure: plan tasks on a given day — their state, the plan's sections they fall in, counts.

A report "as of" a day reads today's file as it stood then: a task done after that day was
not done yet, and a document dated after it did not exist yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from parcli.models import CriteriaSet, Evidence, PlanSection, PlanTask, id_key
from parcli.numbers import HUNDRED
from parcli.planning import Analysis, TaskStake

TaskState = Literal["done", "in_progress", "late", "not_started", "cancelled"]
TASK_STATES: tuple[TaskState, ...] = ("done", "in_progress", "late", "not_started", "cancelled")
NO_OWNER = "Chưa phân công"


@dataclass(frozen=True)
class TaskRow:
    task: PlanTask
    state: TaskState
    days_late: int  # past the due date on the report's day (late), or when done (done late)
    evidence: tuple[Evidence, ...] = ()  # the task's documents dated on or before that day
    stake: TaskStake | None = None  # the items it targets and the points lost on them

    @property
    def section(self) -> str:
        return self.task.section or self.task.area


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

    @property
    def rate(self) -> Decimal | None:
        """Share of tasks done, in %; a cancelled task leaves the plan. None: nothing to do."""
        planned = self.total - self.cancelled
        return Decimal(self.done) / planned * HUNDRED if planned else None


@dataclass(frozen=True)
class TaskGroup:
    """A section of the plan's part II (nhóm nhiệm vụ), with its tasks."""

    id: str
    title: str
    text: tuple[str, ...]
    tasks: tuple[TaskRow, ...]
    counts: TaskCounts


def dated_by(evidence: Iterable[Evidence], day: dt.date) -> tuple[Evidence, ...]:
    """The documents that existed on `day` (an undated one is taken to exist)."""
    return tuple(ev for ev in evidence if ev.date is None or ev.date <= day)


def task_row(task: PlanTask, as_of: dt.date, stake: TaskStake | None = None) -> TaskRow:
    """Late means not done and due before the report's day; a cancelled task is never late."""
    evidence = dated_by(task.evidence, as_of)
    finished = task.done_on
    if task.status == "done" and (finished is None or finished <= as_of):
        overdue = (finished - task.due).days if finished and task.due else 0
        return TaskRow(task, "done", max(overdue, 0), evidence, stake)
    if task.status == "cancelled":
        return TaskRow(task, "cancelled", 0, evidence, stake)
    # Done only after the report's day: under way on that day.
    status: TaskState = "in_progress" if task.status == "done" else task.status
    if task.due is not None and task.due < as_of:
        return TaskRow(task, "late", (as_of - task.due).days, evidence, stake)
    return TaskRow(task, status, 0, evidence, stake)


def task_rows(plan: Analysis, as_of: dt.date) -> list[TaskRow]:
    """Every task of the plan on the day, each with the points at stake on its targets."""
    return [task_row(s.task, as_of, s) for s in plan.tasks]


def count_tasks(rows: Iterable[TaskRow]) -> TaskCounts:
    states = [r.state for r in rows]
    return TaskCounts(**{state: states.count(state) for state in TASK_STATES})


def plan_sections(cs: CriteriaSet, declared: Sequence[PlanSection]) -> list[PlanSection]:
    """The plan's sections: those its plan file declares, else one per area of the set."""
    if declared:
        return list(declared)
    return [PlanSection(id=area.id, title=area.title) for area in cs.areas]


def group_tasks(rows: Sequence[TaskRow], sections: Sequence[PlanSection]) -> tuple[TaskGroup, ...]:
    """Tasks by the section they name (else their area), in the plan's order; a section no
    declaration knows comes last, titled by its id."""
    known = {s.id for s in sections}
    extra = sorted({r.section for r in rows} - known, key=id_key)
    every = [*sections, *(PlanSection(id=i, title=f"Nhóm nhiệm vụ {i}") for i in extra)]
    groups = []
    for section in every:
        tasks = tuple(r for r in rows if r.section == section.id)
        groups.append(
            TaskGroup(section.id, section.title, tuple(section.text), tasks, count_tasks(tasks))
        )
    return tuple(groups)


def late_first(rows: Iterable[TaskRow]) -> tuple[TaskRow, ...]:
    return tuple(sorted((r for r in rows if r.state == "late"), key=lambda r: -r.days_late))
