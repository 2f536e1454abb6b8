"""The reports as XLSX workbooks: a sheet per table, the score sheet grouped by outline with
live subtotals, and the rankings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from parcli.models import CriteriaSet
from parcli.numbers import MACHINE, Display
from parcli.planning import SOURCE_LABELS
from parcli.report.context import display_for
from parcli.report.data import Ranking, Sheet
from parcli.report.planning import STATE_LABELS, evidence_text
from parcli.report.progress import Progress
from parcli.report.scores import score_rows
from parcli.report.tasks import TaskGroup, TaskRow
from parcli.report.workbook import AS_WRITTEN, Formula, Num, Value, Writer
from parcli.scoring import PROVISIONAL_NOTE, ScoreCard

if TYPE_CHECKING:
    from parcli.check.driver import GroupRanking

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
SHEET_HEADER = ("STT", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định", "Điểm đạt",
                "Ghi chú của đơn vị", "Ý kiến thẩm định", "Tính vào tổng")  # fmt: skip
PLAN_HEADER = ("Mục", "STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Lĩnh vực", "Mã",
               "Mục nhắm tới", "Điểm bị mất trên các mục")  # fmt: skip
LEVELS = {"area": 0, "criterion": 1, "leaf": 2}


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
        [a.score.leaf.id, a.score.leaf.title, _opt(a.score.self, d), _opt(a.score.round1, d),
         _opt(a.score.round2, d), a.explanation, a.score.appraisal_note]
        for a in p.appraised
    ]  # fmt: skip
    w.table(w.sheet("Thẩm định - giải trình"), 1, APPRAISAL_HEADER, rows)
    return w.save(when, title=f"Báo cáo tiến độ — {p.card.agency_name}")


def _areas_sheet(w: Writer, p: Progress, cs: CriteriaSet, d: Display) -> None:
    ws = w.sheet("Tổng hợp")
    top = w.heading(ws, _summary_lines(p.card.agency_name, p.as_of, p.card, cs, d))
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


# ---------------------------------------------------------------- the score sheet


def sheet_xlsx(s: Sheet, cs: CriteriaSet, d: Display, *, when: dt.datetime) -> bytes:
    """Subtotals, totals, the index and the class are formulas over the leaf rows, so an
    appraiser who changes a score in Excel sees them move; the last column marks the rows
    that count (1), as parcli counts them."""
    w = Writer(d)
    card = s.card
    ws = w.sheet("Bảng chấm điểm")
    top = w.heading(ws, _summary_lines(card.agency_name, None, card, cs, d))
    first, last = top + 1, top + len(s.rows)
    spans = _group_spans(s, first)
    rows: list[list[Value]] = []
    for i, r in enumerate(s.rows, first):
        if r.leaf is None:  # an area or a criterion with sub-criteria: sums over its leaves
            a, b = i + 1, spans[i]
            rows.append([r.id, r.title, _sum("C", a, b, r.max, AS_WRITTEN),
                         _sum("D", a, b, r.self, d.items), None, _sum("F", a, b, r.final, d.items),
                         r.note, r.appraisal_note, None])  # fmt: skip
            continue
        counted = r.leaf.counted
        rows.append([r.id, r.title, "—" if r.max is None else Num(r.max, AS_WRITTEN),
                     _opt(r.self, d), _opt(r.appraised, d), Num(r.final, d.items), r.note,
                     r.appraisal_note, 1 if counted else 0])  # fmt: skip
    w.table(ws, top, SHEET_HEADER, rows)
    for i, r in enumerate(s.rows, first):
        w.outline(ws, i, LEVELS[r.level])
        if r.level != "leaf":
            for col in range(1, 7):
                w.emphasize(ws.cell(row=i, column=col), italic=r.level == "criterion")
    _closing_rows(w, ws, s, cs, d, first, last)
    return w.save(when, title=f"Bảng chấm điểm — {card.agency_name}")


def _group_spans(s: Sheet, first: int) -> dict[int, int]:
    """For each group row, the last row of its block (the rows before the next row of the
    same or a higher level)."""
    spans = {}
    for i, r in enumerate(s.rows):
        if r.leaf is not None:
            continue
        end = i
        for j in range(i + 1, len(s.rows)):
            if LEVELS[s.rows[j].level] <= LEVELS[r.level]:
                break
            end = j
        spans[first + i] = first + end
    return spans


def _sum(col: str, a: int, b: int, value: Decimal | None, places: int | None) -> Formula:
    return Formula(f"SUMIFS({col}{a}:{col}{b},I{a}:I{b},1)", value, places)


def _closing_rows(
    w: Writer, ws: object, s: Sheet, cs: CriteriaSet, d: Display, first: int, last: int
) -> None:
    card = s.card
    at = last + 1
    total_max = Formula(f"SUMIFS(C{first}:C{last},I{first}:I{last},1)", card.max, AS_WRITTEN)
    leaf_sum = Formula(f"SUMIFS(F{first}:F{last},I{first}:I{last},1)", card.leaf_points, d.items)
    self_sum = Formula(f"SUMIFS(D{first}:D{last},I{first}:I{last},1)", s.self_total, d.items)
    points = Formula(f"F{at}+F{at + 1}-F{at + 2}", card.points, d.items)
    index = Formula(f'IF(C{at}=0,"—",F{at + 3}/C{at}*100)', card.index, d.percent)
    closing: list[tuple[str, Value]] = [
        ("Cộng điểm các mục", leaf_sum),
        ("Điểm thưởng", Num(card.bonus, d.items)),
        ("Điểm trừ", Num(card.penalty, d.items)),
        ("Tổng điểm", points),
        ("Chỉ số (%)" + (" — tạm tính" if card.provisional else ""), index),
        ("Xếp loại", _class_formula(cs, f"F{at + 4}", card.class_name, d)),
    ]
    for i, (label, value) in enumerate(closing, at):
        w.emphasize(w.put(ws, i, 2, label))
        if i == at:
            w.put(ws, i, 3, total_max)
            w.put(ws, i, 4, self_sum)
        w.emphasize(w.put(ws, i, 6, value))


def _class_formula(cs: CriteriaSet, index: str, name: str | None, d: Display) -> Formula:
    """The set's classes as nested IFs on the index as published (rounded)."""
    text = '"—"'
    for band in sorted(cs.classes, key=lambda band: band.min):
        text = f'IF(ROUND({index},{d.percent})>={band.min},"{band.name}",{text})'
    return Formula(f'IF(ISNUMBER({index}),{text},"—")', name or "—")


# ---------------------------------------------------------------- rankings


def ranking_xlsx(
    groups: Sequence[tuple[CriteriaSet, Ranking, Display]], *, when: dt.datetime
) -> bytes:
    """A ranking sheet and a distribution sheet per agency group, live formulas included."""
    w = Writer(groups[0][2])
    several = len(groups) > 1
    for cs, r, d in groups:
        suffix = f" ({cs.group_id})" if several and cs.group_id else ""
        _ranking_sheets(w, cs, r, d, suffix=suffix)
    title = groups[0][0].title if not several else "các nhóm cơ quan"
    return w.save(when, title=f"Xếp hạng Chỉ số CCHC — {title}")


def _ranking_sheets(w: Writer, cs: CriteriaSet, r: Ranking, d: Display, *, suffix: str) -> None:
    ws = w.sheet(f"Xếp hạng{suffix}")
    lines = [f"Kết quả xếp hạng Chỉ số CCHC — {cs.title}"]
    if r.provisional:
        lines.append(f"Cột Tạm tính ghi “có”: chỉ số {PROVISIONAL_NOTE}")
    top = w.heading(ws, lines)
    header = ["STT", "Mã", "Cơ quan, đơn vị", "Điểm đạt", "Tối đa", "Chỉ số (%)", "Xếp hạng",
              "Xếp loại", "Tạm tính", *(f"LV{a.id} (%)" for a in cs.areas)]  # fmt: skip
    rows: list[list[Value]] = []
    for n, (i, e) in enumerate(enumerate(r.ranked, top + 1), 1):
        card = e.card
        index = Formula(f'IF(E{i}=0,"—",D{i}/E{i}*100)', card.index, d.percent)
        rows.append([n, card.agency_id, card.agency_name, card.points, Num(card.max, AS_WRITTEN),
                     index, e.rank, _class_formula(cs, f"F{i}", card.class_name, d),
                     "có" if card.provisional else "",
                     *(Num(a.index, d.percent) for a in card.areas)])  # fmt: skip
    last = w.table(ws, top, header, rows)
    w.emphasize(w.put(ws, last + 1, 3, "Bình quân của nhóm"))
    w.emphasize(w.put(ws, last + 1, 6, Num(r.average, d.percent)))
    ws = w.sheet(f"Phân bố{suffix}")
    scope = f"'Xếp hạng{suffix}'!H{top + 1}:H{last}"
    count = len(r.ranked) - r.unranked
    dist: list[list[Value]] = [
        [c.name, Formula(f'COUNTIF({scope},"{c.name}")', Decimal(c.count), 0),
         Formula(f"IF({count}=0,0,B{i}/{count}*100)", c.share, d.percent)]
        for i, c in enumerate(r.distribution, 2)
    ]  # fmt: skip
    if r.unranked:
        dist.append(["Không xếp hạng", r.unranked, None])
    w.table(ws, 1, ["Xếp loại", "Số cơ quan", "Tỷ lệ (%)"], dist)


def score_xlsx(groups: Sequence[GroupRanking], *, when: dt.datetime) -> bytes:
    """`parcli score --format xlsx`: the CSV's columns, with numbers as numbers, each rounded
    to its own group's decimals."""
    header, rows = score_rows(groups)
    shown = [display_for(g.criteria_set, MACHINE) for g in groups for _ in g.ranked]
    values: list[list[Value]] = [
        [
            Num(v, d.percent)
            if name.endswith("index") and isinstance(v, Decimal | None)
            else Num(v, d.points)
            if isinstance(v, Decimal)
            else _cell(v)
            for name, v in zip(header, row, strict=True)
        ]
        for row, d in zip(rows, shown, strict=True)
    ]
    first = groups[0].criteria_set
    w = Writer(display_for(first, MACHINE))  # cells hold numbers: the notation is Excel's
    w.table(w.sheet("Xếp hạng"), 1, header, values)
    title = first.title if len(groups) == 1 else "các nhóm cơ quan"
    return w.save(when, title=f"Xếp hạng Chỉ số CCHC — {title}")


def _cell(value: object) -> Value:
    if isinstance(value, bool):
        return "có" if value else "không"
    if value is None or isinstance(value, str | int | Decimal):
        return value
    return str(value)


def _summary_lines(
    name: str, as_of: dt.date | None, card: ScoreCard, cs: CriteriaSet, d: Display
) -> list[str]:
    lines = [f"{name} — {cs.title}"]
    if as_of is not None:
        lines.append(f"Tính đến ngày {as_of:%d/%m/%Y}")
    lines.append(
        f"Tổng điểm {d.pts(card.points)}/{d.max(card.max)}; chỉ số "
        f"{d.pct(card.index)}%; xếp loại {card.class_name or '—'}"
    )
    if card.provisional:
        lines.append(f"Chỉ số {PROVISIONAL_NOTE}")
    return lines


def _opt(value: Decimal | None, d: Display) -> Num | None:
    return None if value is None else Num(value, d.items)
