"""Checks on a submission's plan: unique task ids, known areas, dates that fit the status,
targets that name items of the set and still have points to win, a target that says what."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence

from parcli.check.evidence import EvidenceChecks
from parcli.check.located import WARNING, Located
from parcli.models import CriteriaSet, PlanTask, Submission
from parcli.planning import at_maximum, is_open, resolve_targets
from parcli.problems import KeyPath
from parcli.scoring import LeafScore, score_leaves


def check_plan(
    found: Located,
    evidence: EvidenceChecks,
    sub: Submission,
    cs: CriteriaSet,
    *,
    today: dt.date,
    places: Sequence[int] | None = None,
    written_ids: Sequence[object] | None = None,
) -> None:
    """`places[i]` is where task i is written in the file's plan, when tasks with shape
    errors were set aside; `written_ids` are the ids of every task as written, set aside
    or not, so that a task with a shape error still shows that another repeats its id."""
    if (
        sub.plan_target is not None
        and sub.plan_target.index is None
        and sub.plan_target.rank is None
    ):
        found.add(
            ("plan_target",),
            "missing-key",
            "mục tiêu của kế hoạch chưa ghi chỉ số hay thứ hạng; hãy viết ví dụ "
            "`plan_target: {index: 90}` hoặc `plan_target: {rank: 3}`",
            at_key=True,
        )
    _check_task_ids(found, [task.id for task in sub.plan] if written_ids is None else written_ids)
    weigh: list[tuple[KeyPath, PlanTask, tuple[str, ...]]] = []  # open tasks with targets
    for i, task in enumerate(sub.plan):
        path: KeyPath = ("plan", places[i] if places is not None else i)
        if task.area not in cs.area_by_id:
            areas = ", ".join(cs.area_by_id)
            found.add(
                (*path, "area"),
                "unknown-area",
                f"lĩnh vực “{task.area}” không có trong bộ tiêu chí; hãy viết một trong: {areas}",
            )
        _check_dates(found, path, task, today)
        evidence.check((*path, "evidence"), task.evidence)
        if _check_targets(found, path, task, cs) and is_open(task):
            weigh.append((path, task, resolve_targets(cs, task.targets)))
    # Only the targeted leaves are scored, and only when some open task has targets.
    scores = score_leaves(cs, sub, {i for _, _, leaves in weigh for i in leaves}) if weigh else {}
    for path, task, leaves in weigh:
        _check_points_left(found, path, task, leaves, scores)


def _check_task_ids(found: Located, ids: Sequence[object]) -> None:
    """Task ids compared as people read them: without the spaces around them."""
    seen: set[str] = set()
    for place, written in enumerate(ids):
        if not isinstance(written, str) or not written.strip():
            continue  # no id: a shape error of its own
        task_id = written.strip()
        if task_id in seen:
            found.add(
                ("plan", place, "id"),
                "duplicate-task",
                f"mã nhiệm vụ {task_id} bị lặp; mỗi nhiệm vụ một mã",
            )
        seen.add(task_id)


def _check_targets(found: Located, path: KeyPath, task: PlanTask, cs: CriteriaSet) -> bool:
    """Each target names a criterion or a sub-criterion; True when all of them do."""
    criteria = {c.id for area in cs.areas for c in area.criteria}
    known = criteria | set(cs.leaf_by_id)
    ok = True
    for n, target in enumerate(task.targets):
        if target in known:
            continue
        ok = False
        if target in cs.area_by_id:
            message = (
                f"“{target}” là một lĩnh vực; hãy ghi các tiêu chí hoặc tiêu chí thành phần "
                f"mà nhiệm vụ khắc phục, ví dụ {_examples(cs, target)}"
            )
        else:
            close = difflib.get_close_matches(target, sorted(known), n=1)
            hint = f"; có phải ý bạn là {close[0]}?" if close else ""
            message = f"mục {target} không có trong bộ tiêu chí {cs.id}{hint}"
        found.add((*path, "targets", n), "unknown-target", message)
    return ok and bool(task.targets)


def _examples(cs: CriteriaSet, area_id: str) -> str:
    ids = [c.id for c in cs.area_by_id[area_id].criteria[:2]]
    return ", ".join(f'"{i}"' for i in ids)


def _check_points_left(
    found: Located,
    path: KeyPath,
    task: PlanTask,
    leaves: tuple[str, ...],
    scores: Mapping[str, LeafScore],
) -> None:
    if not at_maximum(scores, leaves):
        return
    na = {i for i in leaves if scores[i].na is not None}
    state = (
        "đều không phát sinh"
        if len(na) == len(leaves)
        else "đều đã đạt điểm tối đa" + (" hoặc không phát sinh" if na else "")
    )
    found.add(
        (*path, "targets"),
        "target-at-max",
        f"các mục nhiệm vụ {task.id} nhắm tới ({', '.join(task.targets)}) {state}, không còn "
        "điểm để lấy lại; hãy ghi targets là các mục còn mất điểm (bỏ qua cảnh báo này nếu "
        "nhiệm vụ nhằm giữ điểm đã đạt)",
        WARNING,
    )


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
