"""Checks on a submission's plan tasks: unique ids, known areas, dates that fit the status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from parcli.check.evidence import EvidenceChecks
from parcli.check.located import WARNING, Located
from parcli.models import CriteriaSet, PlanTask
from parcli.problems import KeyPath


def check_plan(
    found: Located,
    evidence: EvidenceChecks,
    plan: list[PlanTask],
    cs: CriteriaSet,
    *,
    today: dt.date,
    places: Sequence[int],
) -> None:
    """`places[i]` is where task i is written in the file's plan (entries with shape errors
    were set aside)."""
    seen: set[str] = set()
    for place, task in zip(places, plan, strict=True):
        path: KeyPath = ("plan", place)
        if task.id in seen:
            found.add(
                (*path, "id"),
                "duplicate-task",
                f"mã nhiệm vụ {task.id} bị lặp; mỗi nhiệm vụ một mã",
            )
        seen.add(task.id)
        if task.area not in cs.area_by_id:
            areas = ", ".join(cs.area_by_id)
            found.add(
                (*path, "area"),
                "unknown-area",
                f"lĩnh vực “{task.area}” không có trong bộ tiêu chí; hãy viết một trong: {areas}",
            )
        _check_dates(found, path, task, today)
        evidence.check((*path, "evidence"), task.evidence)


def _check_dates(found: Located, path: KeyPath, task: PlanTask, today: dt.date) -> None:
    if task.done_on is not None and task.done_on > today:
        found.add(
            (*path, "done_on"),
            "plan-date",
            f"ngày hoàn thành {task.done_on.isoformat()} ở tương lai; hãy ghi ngày thực tế đã hoàn thành",
        )
    if task.status == "done" and task.done_on is None and (task.due is None or task.due > today):
        found.add(
            (*path, "status"),
            "plan-date",
            "nhiệm vụ ghi đã xong (done) nhưng chưa có done_on và hạn chưa tới; hãy ghi `done_on: <ngày hoàn thành>`",
        )
    if task.status != "done" and task.done_on is not None:
        found.add(
            (*path, "done_on"),
            "plan-date",
            f"nhiệm vụ có done_on nhưng trạng thái là {task.status}; hãy sửa status: done hoặc xóa done_on",
            WARNING,
        )
