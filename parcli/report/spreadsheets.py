"""The score sheet and the rankings as XLSX workbooks: the score sheet grouped by outline with
live subtotals, the rankings and their distribution with live formulas, `score`'s table.
The progress report and the plan are in progress_sheets.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from parcli.models import CriteriaSet
from parcli.numbers import MACHINE, Display
from parcli.report.context import display_for
from parcli.report.data import Ranking, Sheet
from parcli.report.scores import score_rows
from parcli.report.workbook import AS_WRITTEN, Formula, Num, Value, Writer
from parcli.scoring import PROVISIONAL_NOTE, ScoreCard

if TYPE_CHECKING:
    from parcli.check.driver import GroupRanking

SHEET_HEADER = ("STT", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định", "Điểm đạt",
                "Ghi chú của đơn vị", "Ý kiến thẩm định", "Tính vào tổng")  # fmt: skip
LEVELS = {"area": 0, "criterion": 1, "leaf": 2}


# ---------------------------------------------------------------- the score sheet


def sheet_xlsx(s: Sheet, cs: CriteriaSet, d: Display, *, when: dt.datetime) -> bytes:
    """Subtotals, totals, the index and the class are formulas over the leaf rows, so an
    appraiser who changes a score in Excel sees them move; the last column marks the rows
    that count (1), as parcli counts them."""
    w = Writer(d)
    card = s.card
    ws = w.sheet("Bảng chấm điểm")
    top = w.heading(ws, summary_lines(card.agency_name, None, card, cs, d))
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
                     optional(r.self, d), optional(r.appraised, d), Num(r.final, d.items), r.note,
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


def summary_lines(
    name: str, as_of: dt.date | None, card: ScoreCard, cs: CriteriaSet, d: Display
) -> list[str]:
    """The heading of a sheet about one agency: its total, index and class."""
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


def optional(value: Decimal | None, d: Display) -> Num | None:
    """A score that may be missing, as a number cell."""
    return None if value is None else Num(value, d.items)
