"""One form sheet: its heading, the area and criterion rows over the rows of their leaves
(form_leaves.py), the checks of the cells to fill in, the subtotals and the totals.

Each formula is stored with the value parcli computes for it (its score card), so a viewer
that does not recalculate shows the right numbers too; Excel recalculates on opening.
"""

from __future__ import annotations

import math
from typing import Any

from parcli.edit import form_formulas as fx
from parcli.edit.form_leaves import LeafRows, owner_of
from parcli.edit.form_meta import LINE_HEIGHT, Meta
from parcli.edit.forms import Base, columns
from parcli.models import Leaf, Submission
from parcli.problems import column_letter
from parcli.report.form_writer import FormWriter, Validation
from parcli.report.workbook import Formula, Num
from parcli.scoring import PROVISIONAL_NOTE, ScoreCard, group_score

HEADER_ROW = 5
GROUP_FILL = "EDEDED"
TITLES = {"self": "Biểu tự đánh giá, chấm điểm", "round1": "Biểu thẩm định vòng 1",
          "round2": "Biểu thẩm định vòng 2"}  # fmt: skip


class FormSheet(LeafRows):
    """Writes one agency's form sheet; then `items` (id, base) and `table_area` (the header
    row to the first totals row) are what the hidden sheet records of it."""

    def __init__(
        self, writer: FormWriter, ws: Any, meta: Meta, sub: Submission, card: ScoreCard
    ) -> None:
        self.w, self.ws, self.meta, self.sub, self.card = writer, ws, meta, sub, card
        self.cs = meta.cs
        self.mode = meta.mode
        appraisal = sub.appraisal
        self.columns = columns(
            self.mode,
            appraised=bool(appraisal.round1 or appraisal.round2),
            later_round=bool(appraisal.round2),
        )
        self.col = {c.key: i for i, c in enumerate(self.columns, 1)}
        self.items: list[tuple[str, Base]] = []
        self.checks: list[tuple[str, Validation]] = []
        self.scores = {s.leaf.id: s for s in card.leaves}
        self.groups = {g.id: g for g in (*card.areas, *card.by_criterion)}
        self.table_area = ""
        self.texts: dict[int, dict[int, str]] = {}  # row → column → text, for row heights
        self.leaf_at: dict[int, str] = {}  # row → the leaf written there

    def write(self) -> None:
        w, ws = self.w, self.ws
        self._heading()
        for col, column in enumerate(self.columns, 1):
            cell = w.put(ws, HEADER_ROW, col, column.header)
            w.style(cell, bold=True, fill="D9E2F3", wrap=True, border=True, align="center")
            ws.column_dimensions[column_letter(col)].width = column.width
        ws.row_dimensions[HEADER_ROW].height = 3 * LINE_HEIGHT
        row = HEADER_ROW + 1
        areas: list[tuple[int, list[int]]] = []
        for area in self.cs.areas:
            wanted = [x for x in self.cs.leaves if x.area_id == area.id and self._wanted(x)]
            if not wanted:
                continue
            area_row, row = row, row + 1
            rows: list[int] = []
            for criterion in area.criteria:
                inside = [x for x in wanted if x.criterion_id == criterion.id]
                if inside and criterion.sub_criteria:
                    group_row, row = row, row + 1
                    first = len(rows)
                    for leaf in inside:
                        rows.append(row)
                        row = self._leaf(leaf, row)
                    self._group(group_row, criterion.id, criterion.title, rows[first:], level=1)
                elif inside:
                    rows.append(row)
                    row = self._leaf(inside[0], row)
            self._group(area_row, area.id, area.title, rows, level=0)
            areas.append((area_row, rows))
        last = column_letter(len(self.columns))
        self.table_area = f"$A${HEADER_ROW}:${last}${row}"
        self._totals(row, areas)
        for number, texts in self.texts.items():
            self._height(number, texts)
        for ref, rule in self.checks:
            w.validate(ws, [ref], rule)
        ws.freeze_panes = f"C{HEADER_ROW + 1}"
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{row - 1}"
        w.protect(ws)
        w.print_wide(ws, HEADER_ROW)

    def _wanted(self, leaf: Leaf) -> bool:
        owner = self.meta.owner
        return owner is None or owner_of(leaf, self.sub) == owner

    def _heading(self) -> None:
        lines = [f"{self.sub.agency.name} — {TITLES[self.mode]} Chỉ số CCHC", self.cs.title]
        if self.meta.owner:
            lines[1] += f" — các mục do {self.meta.owner} chủ trì"
        lines.append("Chỉ điền vào ô nền vàng; cột nền xanh tự tính. Cách điền: trang “Hướng dẫn”.")
        for row, line in enumerate(lines, 1):
            cell = self.w.put(self.ws, row, 1, line)
            self.w.style(cell, bold=row == 1, size=14 if row == 1 else None)

    def _group(self, row: int, item_id: str, title: str, rows: list[int], *, level: int) -> None:
        w, ws = self.w, self.ws
        w.put(ws, row, 1, item_id)
        w.put(ws, row, 2, title)
        if self.meta.owner is None:  # a unit's form has only part of each group: no subtotal
            group = self.groups[item_id]
            pts = self.cs.decimals.points
            points = fx.total([self.ref("points", r) for r in rows])
            maximum = fx.counted_max([(self.ref("points", r), self.ref("max", r)) for r in rows])
            w.put(ws, row, self.col["points"], Formula(points, group.points, pts))
            w.put(ws, row, self.col["max"], Formula(maximum, group.max, pts))
        for col in range(1, len(self.columns) + 1):
            cell = ws.cell(row=row, column=col)
            w.style(cell, bold=True, italic=level == 1, fill=GROUP_FILL, border=True, wrap=col == 2)
        self.texts.setdefault(row, {})[2] = title

    def _height(self, row: int, texts: dict[int, str]) -> None:
        """Rows tall enough for their wrapped text: Excel does not grow them on opening."""
        lines = 1
        for col, text in texts.items():
            per_line = max(self.columns[col - 1].width - 1, 1)
            parts = text.split("\n")
            lines = max(lines, sum(math.ceil(max(len(p), 1) / per_line) for p in parts))
        self.ws.row_dimensions[row].height = min(lines * LINE_HEIGHT + 4, 409)

    # -- totals -----------------------------------------------------------------------

    def _totals(self, first: int, areas: list[tuple[int, list[int]]]) -> None:
        w, ws, cs, card = self.w, self.ws, self.cs, self.card
        pts, pct = cs.decimals.points, cs.decimals.percent
        p = [self.ref("points", first + n) for n in range(6)]
        if self.meta.owner is None:
            maximum = fx.total([self.ref("max", r) for r, _ in areas])
            lines: list[tuple[str, Any, Any]] = [
                ("Cộng điểm các mục", Formula(fx.total([self.ref("points", r) for r, _ in areas]), card.leaf_points, pts), Formula(maximum, card.max, pts)),
                ("Điểm thưởng", Num(card.bonus, pts), None),
                ("Điểm trừ", Num(card.penalty, pts), None),
                ("Tổng điểm", Formula(f"{p[0]}+{p[1]}-{p[2]}", card.points, pts), None),
                ("Chỉ số (%)" + (f" — {PROVISIONAL_NOTE}" if card.provisional else ""), Formula(fx.percent(p[3], self.ref("max", first)), card.index, pct), None),
                ("Xếp loại", Formula(fx.class_of(p[4], cs.classes, pct), card.class_name, pct), None),
            ]  # fmt: skip
        else:
            rows = [r for _, group in areas for r in group]
            unit = group_score("", "", [self.scores[self.leaf_at[r]] for r in rows])
            pairs = [(self.ref("points", r), self.ref("max", r)) for r in rows]
            lines = [
                ("Cộng điểm các mục của đơn vị", Formula(fx.total([a for a, _ in pairs]), unit.points, pts), Formula(fx.counted_max(pairs), unit.max, pts)),
                ("Tỷ lệ đạt (%)", Formula(fx.percent(p[0], self.ref("max", first)), unit.index, pct), None),
            ]  # fmt: skip
        for row, (label, points, maximum) in enumerate(lines, first):
            w.put(ws, row, 2, label)
            w.put(ws, row, self.col["points"], points)
            if maximum is not None:
                w.put(ws, row, self.col["max"], maximum)
            for col in (2, self.col["max"], self.col["points"]):
                w.style(ws.cell(row=row, column=col), bold=True, border=True, wrap=col == 2)
