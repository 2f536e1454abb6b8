"""The reports as XLSX workbooks: a sheet per table, the score sheet grouped by outline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from parcli.models import CriteriaSet
from parcli.reports import Progress, Ranking, Sheet
from parcli.views import PROVISIONAL_NOTE, STATE_LABELS
from parcli.xlsx import Num, Value, Writer


def progress_xlsx(p: Progress, cs: CriteriaSet, *, when: dt.datetime) -> bytes:
    w = Writer(cs)
    card = p.card
    pct = cs.decimals.percent
    ws = w.sheet("Tổng hợp")
    top = w.heading(ws, _summary_lines(card.agency_name, p.as_of, card, cs))
    rows: list[list[Value]] = []
    for a in p.areas:
        c = a.counts
        g = a.group
        rows.append([g.id, g.title, g.points, g.max, Num(g.index, pct), c.total, c.done,
                     c.in_progress, c.late, c.not_started, c.cancelled])  # fmt: skip
    header = [
        "Lĩnh vực",
        "Tên lĩnh vực",
        "Điểm",
        "Tối đa",
        "Tỷ lệ (%)",
        "Nhiệm vụ",
        "Hoàn thành",
        "Đang thực hiện",
        "Chậm tiến độ",
        "Chưa triển khai",
        "Dừng",
    ]
    w.table(ws, top, header, rows)

    ws = w.sheet("Nhiệm vụ")
    task_rows: list[list[Value]] = [
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
    header = [
        "Lĩnh vực",
        "Mã",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Hạn",
        "Ngày hoàn thành",
        "Tình trạng",
        "Số ngày chậm",
        "Ghi chú",
    ]
    w.table(ws, 1, header, task_rows)

    ws = w.sheet("Mục bị mất điểm")
    lost_rows: list[list[Value]] = [
        [
            i.score.leaf.id,
            i.score.leaf.title,
            i.score.leaf.max,
            Num(i.score.final, cs.places(i.score.leaf)),
            Num(i.lost, cs.places(i.score.leaf)),
            i.score.owner,
            i.reason,
        ]
        for a in p.areas
        for i in a.lost
    ]
    w.table(ws, 1, ["Mã", "Nội dung", "Tối đa", "Điểm", "Mất", "Đơn vị", "Lý do"], lost_rows)

    ws = w.sheet("Thiếu kiểm chứng")
    missing_rows: list[list[Value]] = [
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
    header = ["Mã", "Nội dung", "Đơn vị", "Bắt buộc có tài liệu", "Tình trạng"]
    w.table(ws, 1, header, missing_rows)

    ws = w.sheet("Tự chấm - thẩm định")
    diff_rows: list[list[Value]] = [
        [
            d.score.leaf.id,
            d.score.leaf.title,
            Num(d.score.self, cs.places(d.score.leaf)),
            Num(d.score.appraised, cs.places(d.score.leaf)),
            Num(d.delta, cs.places(d.score.leaf)),
            d.score.appraisal_note,
            d.explanation,
        ]
        for a in p.areas
        for d in a.differences
    ]
    header = [
        "Mã",
        "Nội dung",
        "Tự chấm",
        "Thẩm định",
        "Chênh lệch",
        "Ý kiến thẩm định",
        "Giải trình",
    ]
    w.table(ws, 1, header, diff_rows)
    return w.save(when, title=f"Báo cáo tiến độ — {card.agency_name}")


def sheet_xlsx(s: Sheet, cs: CriteriaSet, *, when: dt.datetime) -> bytes:
    from openpyxl.styles import Font

    w = Writer(cs)
    card = s.card
    ws = w.sheet("Bảng chấm điểm")
    ws.sheet_properties.outlinePr.summaryBelow = False
    top = w.heading(ws, _summary_lines(card.agency_name, None, card, cs))
    header = [
        "STT",
        "Nội dung",
        "Điểm tối đa",
        "Tự chấm",
        "Thẩm định",
        "Điểm đạt",
        "Ghi chú của đơn vị",
        "Ý kiến thẩm định",
    ]
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
    last = w.table(ws, top, header, rows)
    for i, r in enumerate(s.rows, top + 1):
        level = {"area": 0, "criterion": 1, "leaf": 2}[r.level]
        if level:
            ws.row_dimensions[i].outline_level = level
        if r.level != "leaf":
            for col in range(1, 7):
                ws.cell(row=i, column=col).font = Font(bold=True, italic=r.level == "criterion")
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
        w.put(ws, i, 2, label).font = Font(bold=True)
        if i == last + 1:
            w.put(ws, i, 3, card.max)
            w.put(ws, i, 4, s.self_total)
        w.put(ws, i, 6, value).font = Font(bold=True)
    return w.save(when, title=f"Bảng chấm điểm — {card.agency_name}")


def ranking_xlsx(r: Ranking, cs: CriteriaSet, *, when: dt.datetime) -> bytes:
    w = Writer(cs)
    pct = cs.decimals.percent
    ws = w.sheet("Xếp hạng")
    lines = [f"Kết quả xếp hạng Chỉ số CCHC — {cs.title}"]
    if r.provisional:
        lines.append(f"Cột Tạm tính ghi “có”: chỉ số {PROVISIONAL_NOTE}")
    top = w.heading(ws, lines)
    header = [
        "Hạng",
        "Mã",
        "Cơ quan",
        "Điểm",
        "Tối đa",
        "Chỉ số (%)",
        "Xếp loại",
        "Tạm tính",
        *(f"LV{a.id} (%)" for a in cs.areas),
    ]
    rows: list[list[Value]] = [
        [
            e.rank,
            e.card.agency_id,
            e.card.agency_name,
            e.card.points,
            e.card.max,
            Num(e.card.index, pct),
            e.card.class_name or "—",
            "có" if e.card.provisional else "",
            *(Num(a.index, pct) for a in e.card.areas),
        ]
        for e in r.ranked
    ]
    w.table(ws, top, header, rows)
    ws = w.sheet("Phân bố")
    dist: list[list[Value]] = [[c.name, c.count, Num(c.share, pct)] for c in r.distribution]
    if r.unranked:
        dist.append(["Không xếp hạng", r.unranked, None])
    w.table(ws, 1, ["Xếp loại", "Số cơ quan", "Tỷ lệ (%)"], dist)
    return w.save(when, title=f"Xếp hạng Chỉ số CCHC — {cs.title}")


def _summary_lines(name: str, as_of: dt.date | None, card: Any, cs: CriteriaSet) -> list[str]:
    from parcli.output import shown

    pts, pct = cs.decimals.points, cs.decimals.percent
    lines = [f"{name} — {cs.title}"]
    if as_of is not None:
        lines.append(f"Tính đến ngày {as_of:%d/%m/%Y}")
    lines.append(
        f"Tổng điểm {shown(card.points, pts)}/{shown(card.max, pts)}; chỉ số "
        f"{shown(card.index, pct)}%; xếp loại {card.class_name or '—'}"
    )
    if card.provisional:
        lines.append(f"Chỉ số {PROVISIONAL_NOTE}")
    return lines


def _opt(value: Decimal | None, places: int) -> Num | None:
    return None if value is None else Num(value, places)
