"""The plan against the scores for machines (JSON) and the đôn đốc list for people (JSON, and
Markdown short enough to paste into an email or a công văn đôn đốc)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parcli.models import CriteriaSet
from parcli.numbers import MACHINE, Notation, exact, rounded
from parcli.planning import (
    FOLLOW_STATES,
    Analysis,
    FollowUp,
    Gap,
    ItemLoss,
    OwnerTasks,
    Projection,
    TaskStake,
    group_by_area_owner,
)
from parcli.report.tasks import NO_OWNER
from parcli.scoring import classify

SUGGESTION_NOTE = (
    "không phải kết luận: ít mục nhất, lấy các mục mất nhiều điểm nhất trước; chỉ gồm mục "
    "tự chấm, vì mục điều tra xã hội học nằm ngoài tầm kiểm soát trực tiếp"
)
OUTSIDE_NOTE = (
    "mục điều tra xã hội học: kết quả do người dân, tổ chức đánh giá, ngoài tầm kiểm soát trực tiếp"
)
ESTIMATE_NOTE = "ước tính: có mục chưa có điểm năm nay, lấy kết quả năm trước"


@dataclass(frozen=True)
class AgencyTasks:
    """One agency's đôn đốc list, as `follow_up` gives it."""

    analysis: Analysis
    criteria_set: CriteriaSet
    owners: tuple[OwnerTasks, ...]


def follow_label(entry: FollowUp) -> str:
    if entry.state == "late":
        return f"Chậm {entry.days} ngày"
    if entry.state == "due_soon":
        return "Đến hạn hôm nay" if entry.days == 0 else f"Còn {entry.days} ngày"
    return "Chưa có hạn"


# ---------------------------------------------------------------- plan --format json


def plan_json(analysis: Analysis, cs: CriteriaSet, *, left_out: Sequence[str] = ()) -> str:
    return (
        json.dumps(plan_record(analysis, cs, left_out=left_out), ensure_ascii=False, indent=2)
        + "\n"
    )


def plan_record(
    analysis: Analysis, cs: CriteriaSet, *, left_out: Sequence[str] = ()
) -> dict[str, Any]:
    card = analysis.card
    projections = {
        "now": analysis.now,
        "all_targets": analysis.all_targets,
        "done_targets": analysis.done_targets,
    }
    return {
        "criteria": cs.id,
        "agency": {"id": card.agency_id, "name": card.agency_name},
        "file": card.file,
        "provisional": card.provisional,
        "estimated": list(analysis.estimated),
        "index": {name: _projection(p, cs) for name, p in projections.items()},
        "areas": [
            {
                "id": area.id,
                "title": area.title,
                **{name: exact(p.areas[n].index) for name, p in projections.items()},
            }
            for n, area in enumerate(card.areas)
        ],
        "items": [_item(i) for i in analysis.lost],
        "uncovered": [
            {
                "area": g.area_id,
                "owner": g.owner,
                "items": [i.score.leaf.id for i in g.items],
                "lost": exact(g.lost),
            }
            for g in group_by_area_owner(analysis.uncovered)
        ],
        "tasks": [_task(t) for t in analysis.tasks],
        "tasks_without_targets": [t.task.id for t in analysis.without_targets],
        "tasks_at_max": [t.task.id for t in analysis.chasing_won_points],
        "target": _gap(analysis.gap, left_out) if analysis.gap is not None else None,
    }


def _item(i: ItemLoss) -> dict[str, Any]:
    return {
        "id": i.score.leaf.id,
        "title": i.score.leaf.title,
        "area": i.score.leaf.area_id,
        "owner": i.score.owner,
        "max": exact(i.score.leaf.max),
        "points": exact(i.score.final),
        "source": i.source,
        "lost": exact(i.lost),
        "counted": i.score.counted,
        "outside_control": i.outside_control,
        "tasks": list(i.tasks),
    }


def _task(t: TaskStake) -> dict[str, Any]:
    return {
        "id": t.task.id,
        "area": t.task.area,
        "owner": t.task.owner,
        "status": t.task.status,
        "due": t.task.due.isoformat() if t.task.due else None,
        "targets": list(t.task.targets),
        "items": list(t.leaves),
        "lost": exact(t.lost),
        "done": t.done,
        "at_max": t.at_max,
    }


def _projection(p: Projection, cs: CriteriaSet) -> dict[str, Any]:
    return {
        "points": exact(p.points),
        "max": exact(p.max),
        "index": exact(p.index),
        "class": classify(cs, p.index, places=cs.decimals.percent),
        "raised": list(p.raised),
    }


def _gap(gap: Gap, left_out: Sequence[str]) -> dict[str, Any]:
    s = gap.suggestion
    return {
        "index": exact(gap.target.index),
        "rank": gap.target.rank,
        "note": gap.target.note,
        "needed": exact(gap.needed),
        "gap": exact(gap.gap),  # negative: above what is needed
        "reached": gap.reached,
        "rank_now": gap.rank,
        "among": gap.among,
        "left_out": list(left_out),
        "suggestion": {
            "note": SUGGESTION_NOTE,
            "items": [{"id": i.score.leaf.id, "lost": exact(i.lost)} for i in s.items],
            "index": exact(s.index),
            "reached": s.reached,
        },
    }


# ---------------------------------------------------------------- tasks


def tasks_json(
    lists: Sequence[AgencyTasks], *, as_of: dt.date, within: int, owner: str | None
) -> str:
    record = {
        "as_of": as_of.isoformat(),
        "within_days": within,
        "owner": owner,
        "agencies": [
            {
                "id": a.analysis.card.agency_id,
                "name": a.analysis.card.agency_name,
                "file": a.analysis.card.file,
                "owners": [
                    {
                        "owner": group.owner,
                        "lost": exact(group.lost),
                        "tasks": [
                            {
                                "id": e.stake.task.id,
                                "area": e.stake.task.area,
                                "task": e.stake.task.task,
                                "status": e.stake.task.status,
                                "due": e.stake.task.due.isoformat() if e.stake.task.due else None,
                                "state": e.state,
                                "days": e.days,
                                "targets": list(e.stake.task.targets),
                                "lost": exact(e.stake.lost),
                            }
                            for e in group.tasks
                        ],
                    }
                    for group in a.owners
                ],
            }
            for a in lists
        ],
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def tasks_markdown(
    lists: Sequence[AgencyTasks], *, as_of: dt.date, within: int, notation: Notation = MACHINE
) -> str:
    """A short list to paste into an email or a công văn đôn đốc: one line per task, numbers
    in the documents' `notation`."""
    day = as_of.strftime("%d/%m/%Y")
    lines: list[str] = []
    for a in lists:
        card = a.analysis.card
        pts = a.criteria_set.decimals.points
        lines.append(f"**Nhiệm vụ cần đôn đốc — {card.agency_name}** (tính đến ngày {day})")
        lines.append("")
        if not a.owners:
            lines += [f"Không có nhiệm vụ chậm, đến hạn trong {within} ngày hoặc chưa có hạn.", ""]
            continue
        for group in a.owners:
            lines.append(f"*{group.owner or NO_OWNER}*")
            lines.append("")
            for e in group.tasks:
                t = e.stake.task
                due = f" (hạn {t.due.strftime('%d/%m/%Y')})" if t.due else ""
                stake = (
                    f"; điểm có thể lấy lại: {rounded(e.stake.lost, pts, notation)} ({', '.join(t.targets)})"
                    if e.stake.lost
                    else ""
                )
                label = follow_label(e)
                label = f"**{label}**" if e.state == "late" else label
                lines.append(f"- {label} — {t.id} {t.task}{due}{stake}")
            lines.append("")
        counts = {
            state: sum(1 for g in a.owners for e in g.tasks if e.state == state)
            for state in FOLLOW_STATES
        }
        lines.append(
            f"Tổng: {counts['late']} nhiệm vụ chậm tiến độ, {counts['due_soon']} đến hạn trong "
            f"{within} ngày, {counts['no_due']} chưa có hạn."
        )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
