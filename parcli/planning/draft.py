"""A first plan from the points lost: one task per criterion that lost points, for the Văn
phòng to edit rather than type from scratch."""

from __future__ import annotations

import re
from collections.abc import Sequence

from parcli.models import CriteriaSet, Criterion, PlanTask
from parcli.numbers import MACHINE, Notation, rounded
from parcli.planning.analysis import Analysis
from parcli.planning.items import SOURCE_LABELS, ItemLoss
from parcli.scoring import ZERO

_NUMBERED = re.compile(r"^II\.([0-9]+)\.([0-9]+)$")


def draft_tasks(
    cs: CriteriaSet, analysis: Analysis, *, notation: Notation = MACHINE
) -> tuple[PlanTask, ...]:
    """One task per criterion that lost points and has no task on them yet, in the set's
    order: its lost leaves as targets (the criterion itself when all of them lost), the owner
    of its largest loss, its area, no due date yet. Ids continue the plan's own numbering
    `II.<area>.<n>` (Mục II of the plan, one group per area). The note is prose the reports
    print, so its numbers are in `notation`: the workspace's documents' (`numbers:`)."""
    numbers: dict[str, int] = {}  # the highest n of II.<area>.<n> already in the plan
    for stake in analysis.tasks:
        found = _NUMBERED.match(stake.task.id)
        if found:
            area, n = found.groups()
            numbers[str(int(area))] = max(numbers.get(str(int(area)), 0), int(n))
    by_criterion: dict[str, list[ItemLoss]] = {}
    for item in analysis.uncovered:
        by_criterion.setdefault(item.score.leaf.criterion_id, []).append(item)
    drafts: list[PlanTask] = []
    for area in cs.areas:
        for criterion in area.criteria:
            lost = by_criterion.get(criterion.id)
            if not lost:
                continue
            numbers[area.id] = numbers.get(area.id, 0) + 1
            task_id = f"II.{area.id}.{numbers[area.id]}"
            drafts.append(_draft(cs, task_id, area.id, criterion, lost, notation))
    return tuple(drafts)


def _draft(
    cs: CriteriaSet,
    task_id: str,
    area_id: str,
    criterion: Criterion,
    lost: Sequence[ItemLoss],
    notation: Notation,
) -> PlanTask:
    leaves = [leaf.id for leaf in cs.leaves if leaf.criterion_id == criterion.id]
    lost_ids = [i.score.leaf.id for i in sorted(lost, key=lambda i: i.order)]
    targets = [criterion.id] if lost_ids == leaves else lost_ids
    largest = min(lost, key=lambda i: (-i.lost, i.order))
    total = sum((i.lost for i in lost), ZERO)
    places = cs.decimals.points
    parts = "; ".join(
        f"{i.score.leaf.id} mất {rounded(i.lost, cs.places(i.score.leaf), notation)} "
        f"({SOURCE_LABELS[i.source]})"
        for i in sorted(lost, key=lambda i: i.order)
    )
    survey = (
        " Mục điều tra xã hội học do người dân, tổ chức đánh giá, ngoài tầm kiểm soát trực "
        "tiếp của cơ quan."
        if any(i.outside_control for i in lost)
        else ""
    )
    return PlanTask(
        id=task_id,
        area=area_id,
        task=f"Khắc phục điểm bị mất ở tiêu chí {criterion.id} “{criterion.title}”",
        targets=targets,
        owner=largest.score.owner,
        status="not_started",
        note=f"Nháp do parcli lập từ điểm bị mất. Mất {rounded(total, places, notation)} điểm — {parts}."
        f"{survey} Hãy viết lại nội dung nhiệm vụ, ghi hạn hoàn thành (due).",
    )
