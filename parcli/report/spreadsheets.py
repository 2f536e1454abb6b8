"""The reports as XLSX workbooks: a sheet per table, the score sheet grouped by outline, and
the ranking of `parcli score --format xlsx`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from parcli.models import CriteriaSet
from parcli.numbers import rounded
from parcli.report.context import STATE_LABELS
from parcli.report.data import Progress, Ranking, Sheet
from parcli.report.scores import score_rows
from parcli.report.workbook import Num, Value, Writer
from parcli.scoring import PROVISIONAL_NOTE, ScoreCard

if TYPE_CHECKING:
    from parcli.check.driver import GroupRanking

AREA_HEADER = ("Lĩnh vực", "Tên lĩnh vực", "Điểm", "Tối đa", "Tỷ lệ (%)", "Nhiệm vụ",
               "Hoàn thành", "Đang thực hiện", "Chậm tiến độ", "Chưa triển khai", "Dừng")  # fmt: skip
TASK_HEADER = ("Lĩnh vực", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Ngày hoàn thành",
               "Tình trạng", "Số ngày chậm", "Ghi chú")  # fmt: skip
LOST_HEADER = ("Mã", "Nội dung", "Tối đa", "Điểm", "Mất", "Đơn vị", "Lý do")
MISSING_HEADER = ("Mã", "Nội dung", "Đơn vị", "Bắt buộc có tài liệu", "Tình trạng")
DIFFERENCE_HEADER = ("Mã", "Nội dung", "Tự chấm", "Thẩm định", "Chênh lệch",
                     "Ý kiến thẩm định", "Giải trình")  # fmt: skip
SHEET_HEADER = ("STT", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định", "Điểm đạt",
                "Ghi chú của đơn vị", "Ý kiến thẩm định")  # fmt: skip
LEVELS = {"area": 0, "criterion": 1, "leaf": 2}


# ---------------------------------------------------------------- the progress report


def progress_xlsx(p: Progress, cs: CriteriaSet, *, when: dt.datetime) -> bytes:
    w = Writer(cs)
    _areas_sheet(w, p, cs)
    _tasks_sheet(w, p)
    _lost_sheet(w, p, cs)
    _missing_sheet(w, p)
    _differences_sheet(w, p, cs)
    return w.save(when, title=f"Báo cáo tiến độ — {p.card.agency_name}")


def _areas_sheet(w: Writer, p: Progress, cs: CriteriaSet) -> None:
    ws = w.sheet("Tổng hợp")
    top = w.heading(ws, _summary_lines(p.card.agency_name, p.as_of, p.card, cs))
    pct = cs.decimals.percent
    rows: list[list[Value]] = []
    for a in p.areas:
        c, g = a.counts, a.group
        rows.append([g.id, g.title, g.points, g.max, Num(g.index, pct), c.total, c.done,
                     c.in_progress, c.late, c.not_started, c.cancelled])  # fmt: skip
    w.table(ws, top, AREA_HEADER, rows)


def _tasks_sheet(w: Writer, p: Progress) -> None:
    rows: list[list[Value]] = [
        [
            r.task.area,
            r.task.id,
            r.task.task,
            r.task.owner,
            r.task.due,
            r.task.done_on,
            STATE_LABELS[r.state],
            r.days_late or None,
            r.task.note,
        ]
        for a in p.areas
        for r in a.tasks
    ]
    w.table(w.sheet("Nhiệm vụ"), 1, TASK_HEADER, rows)


def _lost_sheet(w: Writer, p: Progress, cs: CriteriaSet) -> None:
    rows: list[list[Value]] = []
    for a in p.areas:
        for i in a.lost:
            places = cs.places(i.score.leaf)
            rows.append([i.score.leaf.id, i.score.leaf.title, i.score.leaf.max,
                         Num(i.score.final, places), Num(i.lost, places), i.score.owner,
                         i.reason])  # fmt: skip
    w.table(w.sheet("Mục bị mất điểm"), 1, LOST_HEADER, rows)


def _missing_sheet(w: Writer, p: Progress) -> None:
    rows: list[list[Value]] = [
        [
            s.leaf.id,
            s.leaf.title,
            s.owner,
            "có" if s.leaf.evidence_required else "không",
            "chưa chấm" if s.self is None and s.appraised is None else "đã chấm",
        ]
        for a in p.areas
        for s in a.missing
    ]
    w.table(w.sheet("Thiếu kiểm chứng"), 1, MISSING_HEADER, rows)


def _differences_sheet(w: Writer, p: Progress, cs: CriteriaSet) -> None:
    rows: list[list[Value]] = []
    for a in p.areas:
        for d in a.differences:
            places = cs.places(d.score.leaf)
            rows.append([d.score.leaf.id, d.score.leaf.title, Num(d.score.self, places),
                         Num(d.score.appraised, places), Num(d.delta, places),
                         d.score.appraisal_note, d.explanation])  # fmt: skip
    w.table(w.sheet("Tự chấm - thẩm định"), 1, DIFFERENCE_HEADER, rows)


# ---------------------------------------------------------------- the score sheet


def sheet_xlsx(s: Sheet, cs: CriteriaSet, *, when: dt.datetime) -> bytes:
    w = Writer(cs)
    card = s.card
    ws = w.sheet("Bảng chấm điểm")
    top = w.heading(ws, _summary_lines(card.agency_name, None, card, cs))
    rows: list[list[Value]] = [
        [
            r.id,
            r.title,
            "—" if r.max is None else r.max,
            _opt(r.self, r.places),
            _opt(r.appraised, r.places),
            Num(r.final, r.places),
            r.note,
            r.appraisal_note,
        ]
        for r in s.rows
    ]
    last = w.table(ws, top, SHEET_HEADER, rows)
    for i, r in enumerate(s.rows, top + 1):
        w.outline(ws, i, LEVELS[r.level])
        if r.level != "leaf":
            for col in range(1, 7):
                w.emphasize(ws.cell(row=i, column=col), italic=r.level == "criterion")
    pct = cs.decimals.percent
    closing: list[tuple[str, Value]] = [
        ("Cộng điểm các mục", card.leaf_points),
        ("Điểm thưởng", card.bonus),
        ("Điểm trừ", card.penalty),
        ("Tổng điểm", card.points),
        ("Chỉ số (%)" + (" — tạm tính" if card.provisional else ""), Num(card.index, pct)),
        ("Xếp loại", card.class_name or "—"),
    ]
    for i, (label, value) in enumerate(closing, last + 1):
        w.emphasize(w.put(ws, i, 2, label))
        if i == last + 1:
            w.put(ws, i, 3, card.max)
            w.put(ws, i, 4, s.self_total)
        w.emphasize(w.put(ws, i, 6, value))
    return w.save(when, title=f"Bảng chấm điểm — {card.agency_name}")


# ---------------------------------------------------------------- rankings


def ranking_xlsx(groups: Sequence[tuple[CriteriaSet, Ranking]], *, when: dt.datetime) -> bytes:
    """A sheet of ranking and a sheet of distribution per agency group."""
    w = Writer(groups[0][0])
    several = len(groups) > 1
    for cs, r in groups:
        _ranking_sheets(w, cs, r, suffix=f" ({cs.group_id})" if several and cs.group_id else "")
    title = groups[0][0].title if not several else "các nhóm cơ quan"
    return w.save(when, title=f"Xếp hạng Chỉ số CCHC — {title}")


def _ranking_sheets(w: Writer, cs: CriteriaSet, r: Ranking, *, suffix: str) -> None:
    pct = cs.decimals.percent
    ws = w.sheet(f"Xếp hạng{suffix}")
    lines = [f"Kết quả xếp hạng Chỉ số CCHC — {cs.title}"]
    if r.provisional:
        lines.append(f"Cột Tạm tính ghi “có”: chỉ số {PROVISIONAL_NOTE}")
    top = w.heading(ws, lines)
    header = ["STT", "Mã", "Cơ quan, đơn vị", "Điểm đạt", "Tối đa", "Chỉ số (%)", "Xếp hạng",
              "Xếp loại", "Tạm tính", *(f"LV{a.id} (%)" for a in cs.areas)]  # fmt: skip
    rows: list[list[Value]] = [
        [
            i,
            e.card.agency_id,
            e.card.agency_name,
            Num(e.card.points, cs.decimals.points),
            Num(e.card.max, cs.decimals.points),
            Num(e.card.index, pct),
            e.rank,
            e.card.class_name or "—",
            "có" if e.card.provisional else "",
            *(Num(a.index, pct) for a in e.card.areas),
        ]
        for i, e in enumerate(r.ranked, 1)
    ]
    last = w.table(ws, top, header, rows)
    w.emphasize(w.put(ws, last + 1, 3, "Bình quân của nhóm"))
    w.emphasize(w.put(ws, last + 1, 6, Num(r.average, pct)))
    ws = w.sheet(f"Phân bố{suffix}")
    dist: list[list[Value]] = [[c.name, c.count, Num(c.share, pct)] for c in r.distribution]
    if r.unranked:
        dist.append(["Không xếp hạng", r.unranked, None])
    w.table(ws, 1, ["Xếp loại", "Số cơ quan", "Tỷ lệ (%)"], dist)


def score_xlsx(groups: Sequence[GroupRanking], *, when: dt.datetime) -> bytes:
    """`parcli score --format xlsx`: the CSV's columns, with numbers as numbers, each rounded
    to its own group's decimals."""
    header, rows = score_rows(groups)
    places = [
        (g.criteria_set.decimals.points, g.criteria_set.decimals.percent)
        for g in groups
        for _ in g.ranked
    ]
    values: list[list[Value]] = [
        [
            Num(v, pct)
            if name.endswith("index") and isinstance(v, Decimal | None)
            else Num(v, pts)
            if isinstance(v, Decimal)
            else _cell(v)
            for name, v in zip(header, row, strict=True)
        ]
        for row, (pts, pct) in zip(rows, places, strict=True)
    ]
    first = groups[0].criteria_set
    w = Writer(first)
    w.table(w.sheet("Xếp hạng"), 1, header, values)
    title = first.title if len(groups) == 1 else "các nhóm cơ quan"
    return w.save(when, title=f"Xếp hạng Chỉ số CCHC — {title}")


def _cell(value: object) -> Value:
    if isinstance(value, bool):
        return "có" if value else "không"
    if value is None or isinstance(value, str | int | Decimal):
        return value
    return str(value)


def _summary_lines(name: str, as_of: dt.date | None, card: ScoreCard, cs: CriteriaSet) -> list[str]:
    pts, pct = cs.decimals.points, cs.decimals.percent
    lines = [f"{name} — {cs.title}"]
    if as_of is not None:
        lines.append(f"Tính đến ngày {as_of:%d/%m/%Y}")
    lines.append(
        f"Tổng điểm {rounded(card.points, pts)}/{rounded(card.max, pts)}; chỉ số "
        f"{rounded(card.index, pct)}%; xếp loại {card.class_name or '—'}"
    )
    if card.provisional:
        lines.append(f"Chỉ số {PROVISIONAL_NOTE}")
    return lines


def _opt(value: Decimal | None, places: int) -> Num | None:
    return None if value is None else Num(value, places)
