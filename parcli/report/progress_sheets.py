"""The progress report and the plan as XLSX workbooks: a sheet per table (areas, tasks, points
at stake, lost points, missing evidence, appraisal), the plan's tasks by section."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from parcli.models import CriteriaSet
from parcli.numbers import Display
from parcli.planning import SOURCE_LABELS
from parcli.report.planning import STATE_LABELS, evidence_text
from parcli.report.progress import Progress
from parcli.report.spreadsheets import optional, summary_lines
from parcli.report.tasks import TaskGroup, TaskRow
from parcli.report.workbook import AS_WRITTEN, Num, Value, Writer

AREA_HEADER = ("Lĩnh vực", "Tên lĩnh vực", "Điểm", "Tối đa", "Tỷ lệ (%)", "Nhiệm vụ",
               "Hoàn thành", "Đang thực hiện", "Chậm tiến độ", "Chưa triển khai", "Dừng")  # fmt: skip
TASK_HEADER = ("Mục kế hoạch", "Lĩnh vực", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn",
               "Ngày hoàn thành", "Tình trạng", "Số ngày chậm", "Ghi chú", "Văn bản",
               "Mục nhắm tới", "Điểm bị mất trên các mục")  # fmt: skip
STAKE_HEADER = ("Lĩnh vực", "Tên lĩnh vực", "Hiện nay (%)", "Mọi nhiệm vụ đạt (%)",
                "Nhiệm vụ đã xong (%)")  # fmt: skip
UNCOVERED_HEADER = ("Mã", "Nội dung", "Lĩnh vực", "Đơn vị", "Điểm bị mất", "Nguồn",
                    "Điều tra XHH")  # fmt: skip
LOST_HEADER = ("Mã", "Nội dung", "Tối đa", "Điểm", "Mất", "Đơn vị", "Lý do")
MISSING_HEADER = ("Mã", "Nội dung", "Đơn vị", "Bắt buộc có tài liệu", "Tình trạng")
APPRAISAL_HEADER = ("Mã", "Nội dung", "Tự chấm", "Vòng 1", "Vòng 2", "Giải trình",
                    "Ý kiến thẩm định")  # fmt: skip
PLAN_HEADER = ("Mục", "STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Lĩnh vực", "Mã",
               "Mục nhắm tới", "Điểm bị mất trên các mục")  # fmt: skip


# ---------------------------------------------------------------- the progress report


def progress_xlsx(p: Progress, cs: CriteriaSet, d: Display, *, when: dt.datetime) -> bytes:
    w = Writer(d)
    _areas_sheet(w, p, cs, d)
    _tasks_sheet(w, [row for g in p.groups for row in g.tasks], d)
    _stake_sheets(w, p, d)
    rows: list[list[Value]] = [
        [i.score.leaf.id, i.score.leaf.title, Num(i.score.leaf.max, AS_WRITTEN),
         Num(i.score.final, d.items), Num(i.lost, d.items), i.score.owner,
         i.reason.text(d.notation)]
        for i in p.lost
    ]  # fmt: skip
    w.table(w.sheet("Mục bị mất điểm"), 1, LOST_HEADER, rows)
    rows = [
        [s.leaf.id, s.leaf.title, s.owner, "có" if s.leaf.evidence_required else "không",
         "chưa chấm" if s.self is None and s.appraised is None else "đã chấm"]
        for s in p.missing
    ]  # fmt: skip
    w.table(w.sheet("Thiếu kiểm chứng"), 1, MISSING_HEADER, rows)
    rows = [
        [a.score.leaf.id, a.score.leaf.title, optional(a.score.self, d), optional(a.score.round1, d),
         optional(a.score.round2, d), a.explanation, a.score.appraisal_note]
        for a in p.appraised
    ]  # fmt: skip
    w.table(w.sheet("Thẩm định - giải trình"), 1, APPRAISAL_HEADER, rows)
    return w.save(when, title=f"Báo cáo tiến độ — {p.card.agency_name}")


def _areas_sheet(w: Writer, p: Progress, cs: CriteriaSet, d: Display) -> None:
    ws = w.sheet("Tổng hợp")
    top = w.heading(ws, summary_lines(p.card.agency_name, p.as_of, p.card, cs, d))
    rows: list[list[Value]] = []
    for a in p.areas:
        c, g = a.counts, a.group
        rows.append([g.id, g.title, g.points, Num(g.max, AS_WRITTEN), Num(g.index, d.percent),
                     c.total, c.done, c.in_progress, c.late, c.not_started, c.cancelled])  # fmt: skip
    w.table(ws, top, AREA_HEADER, rows)


def _tasks_sheet(w: Writer, tasks: Sequence[TaskRow], d: Display) -> None:
    rows: list[list[Value]] = [
        [r.section, r.task.area, r.task.id, r.task.task, r.task.owner, r.task.due,
         r.task.done_on if r.state == "done" else None, STATE_LABELS[r.state],
         r.days_late or None, r.task.note, evidence_text(r.evidence), *_targets(r, d)]
        for r in tasks
    ]  # fmt: skip
    w.table(w.sheet("Nhiệm vụ"), 1, TASK_HEADER, rows)


def _targets(r: TaskRow, d: Display) -> list[Value]:
    """The items a task targets and the points lost on them; empty for a task with none."""
    if r.stake is None or not r.task.targets:
        return [None, None]
    return [", ".join(r.task.targets), Num(r.stake.lost, d.points)]


def _stake_sheets(w: Writer, p: Progress, d: Display) -> None:
    """Points at stake: each area's index now, if every target, if the done tasks' reached
    their maximum; and, on a sheet of their own, the lost points no task works on."""
    plan = p.plan
    rows: list[list[Value]] = [
        [area.id, area.title, Num(area.index, d.percent),
         Num(plan.all_targets.areas[n].index, d.percent),
         Num(plan.done_targets.areas[n].index, d.percent)]
        for n, area in enumerate(plan.now.areas)
    ]  # fmt: skip
    rows.append(["", "Toàn bộ", Num(plan.now.index, d.percent),
                 Num(plan.all_targets.index, d.percent),
                 Num(plan.done_targets.index, d.percent)])  # fmt: skip
    w.table(w.sheet("Điểm có thể lấy lại"), 1, STAKE_HEADER, rows)
    uncovered: list[list[Value]] = [
        [i.score.leaf.id, i.score.leaf.title, i.score.leaf.area_id, i.score.owner,
         Num(i.lost, d.items), SOURCE_LABELS[i.source], "có" if i.outside_control else None]
        for i in plan.uncovered
    ]  # fmt: skip
    w.table(w.sheet("Mất điểm chưa có nhiệm vụ"), 1, UNCOVERED_HEADER, uncovered)


# ---------------------------------------------------------------- the plan


def plan_xlsx(
    groups: Sequence[TaskGroup], cs: CriteriaSet, d: Display, *, when: dt.datetime, title: str
) -> bytes:
    w = Writer(d)
    ws = w.sheet("Kế hoạch")
    top = w.heading(ws, [f"Kế hoạch {title}", cs.title])
    rows: list[list[Value]] = [
        [
            f"{g.id}. {g.title}",
            i,
            r.task.task,
            r.task.owner,
            r.task.due,
            r.task.area,
            r.task.id,
            *_targets(r, d),
        ]
        for g in groups
        for i, r in enumerate(g.tasks, 1)
    ]
    w.table(ws, top, PLAN_HEADER, rows)
    return w.save(when, title=f"Kế hoạch — {title}")
