"""One form sheet: a row per leaf under its area and criterion rows, the cells to fill in,
their checks, the formulas and the totals.

Each formula is stored with the value parcli computes for it (its score card), so a viewer
that does not recalculate shows the right numbers too; Excel recalculates on opening.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from parcli.edit import form_formulas as fx
from parcli.edit.form_meta import LINE_HEIGHT, Meta
from parcli.edit.forms import (
    EVIDENCE_COLUMNS,
    Base,
    Column,
    columns,
    decision_base,
    input_names,
    item_base,
    normal_text,
)
from parcli.models import Evidence, Leaf, Submission
from parcli.problems import column_letter
from parcli.report.form_writer import TEXT_FORMAT, FormWriter, Validation
from parcli.report.workbook import DATE_FORMAT, Formula, Num
from parcli.scoring import PROVISIONAL_NOTE, LeafScore, ScoreCard, group_score

HEADER_ROW = 5
GROUP_FILL = "EDEDED"
FORMULA_FILL = "E2EFDA"
TITLES = {"self": "Biểu tự đánh giá, chấm điểm", "round1": "Biểu thẩm định vòng 1",
          "round2": "Biểu thẩm định vòng 2"}  # fmt: skip


def owner_of(leaf: Leaf, sub: Submission) -> str | None:
    entry = sub.items.get(leaf.id)
    return normal_text((entry.owner if entry is not None else None) or leaf.owner)


class FormSheet:
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

    def ref(self, key: str, row: int) -> str:
        return f"{column_letter(self.col[key])}{row}"

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

    # -- a leaf ---------------------------------------------------------------------

    def _leaf(self, leaf: Leaf, row: int) -> int:
        """Write the leaf's row (and its further evidence rows); the next free row."""
        w, ws = self.w, self.ws
        score = self.scores[leaf.id]
        places = self.cs.places(leaf)
        self.leaf_at[row] = leaf.id
        shown: dict[str, Any] = {
            "id": leaf.id,
            "title": leaf.title,
            "text": leaf.text,
            "max": Num(leaf.max, self.cs.decimals.points),
            "owner": owner_of(leaf, self.sub),
        }
        extra: list[Evidence] = []
        if leaf.method == "survey":
            shown["points"] = Num(score.final, places) if score.counted else None
            if self.mode != "self":  # the self form's cells of these columns are to fill in
                shown["basis"] = "Điều tra xã hội học"
                shown["na_shown"] = score.na
        elif self.mode == "self":
            extra = self._self_cells(leaf, score, row, shown)
        else:
            self._appraisal_cells(leaf, score, row, shown)
        for key, col in self.col.items():
            cell = ws.cell(row=row, column=col)
            if shown.get(key) is not None:
                w.put(ws, row, col, shown[key])
            w.style(
                cell,
                border=True,
                wrap=True,
                fill=FORMULA_FILL if key in ("computed", "points") else None,
            )
        texts = self.texts.setdefault(row, {})
        texts.update({self.col[k]: v for k, v in shown.items() if isinstance(v, str)})
        for n, evidence in enumerate(extra, 2):
            row += 1
            self._evidence(row, evidence)
            w.style(
                w.put(ws, row, 2, f"↳ tài liệu thứ {n} của mục {leaf.id}"), italic=True, border=True
            )
        return row + 1

    def _self_cells(
        self, leaf: Leaf, score: LeafScore, row: int, shown: dict[str, Any]
    ) -> list[Evidence]:
        entry = self.sub.items.get(leaf.id)
        kind = leaf.rule_kind
        labels, points = self.meta.levels.get(leaf.id, ("", ""))
        if kind in ("levels", "check"):
            choice = (entry.answer if kind == "check" else entry.level) if entry else None
            self._input(row, "choice", choice, fx.choice_check(leaf, labels))
        for n, name in enumerate(input_names(leaf), 1):
            label = leaf.rule.label(name) if leaf.rule is not None else name
            shown[f"name{n}"] = label
            value = entry.inputs.get(name) if entry else None
            self._input(
                row, f"value{n}", _num(value, 0), fx.count_check(label, whole=kind == "deduction")
            )
        check = fx.score_check(leaf, self.ref("self", row), only_levels=True)
        self._input(row, "self", _num(entry.self_ if entry else None, 0), check)
        refs = {key: self.ref(key, row) for key in self.col}
        formula = fx.computed(leaf, refs, labels, points)
        places = self.cs.places(leaf)
        if formula is not None:
            shown["computed"] = Formula(formula, score.computed, places)
        if "appraised" in self.col:
            shown["appraised"] = _num(score.appraised, places)
        shown["points"] = Formula(
            fx.self_points(leaf, refs), score.final if score.counted else None, places
        )
        if leaf.na_allowed:
            self._input(row, "na", entry.na if entry else None)
        self._input(row, "note", entry.note if entry else None)
        evidence = list(entry.evidence) if entry else []
        self._evidence(row, evidence[0] if evidence else None)
        self.items.append((leaf.id, item_base(leaf, entry)))
        return evidence[1:]

    def _appraisal_cells(
        self, leaf: Leaf, score: LeafScore, row: int, shown: dict[str, Any]
    ) -> None:
        entry = self.sub.items.get(leaf.id)
        appraisal = self.sub.appraisal
        places = self.cs.places(leaf)
        shown["self_shown"] = _num(score.self, places)
        shown["basis"] = _basis(
            score, entry.level if entry else None, entry.answer if entry else None
        )
        shown["na_shown"] = entry.na if entry else None
        shown["note_shown"] = entry.note if entry else None
        shown["evidence"] = _evidence_text(entry.evidence if entry else [])
        first, second = appraisal.round1.get(leaf.id), appraisal.round2.get(leaf.id)
        if "round1_shown" in self.col:
            shown["round1_shown"] = _num(first.score if first else None, places)
            shown["round1_note_shown"] = first.note if first else None
            explained = appraisal.explanation.get(leaf.id)
            if explained is not None:
                parts = [explained.text, _evidence_text(explained.evidence)]
                shown["explanation"] = "\n".join(p for p in parts if p)
        if "round2_shown" in self.col:
            shown["round2_shown"] = _num(second.score if second else None, places)
        decision = first if self.mode == "round1" else second
        check = fx.score_check(leaf, self.ref("score", row), only_levels=False)
        self._input(row, "score", _num(decision.score if decision else None, 0), check)
        self._input(row, "decision_note", decision.note if decision else None)
        refs = {key: self.ref(key, row) for key in self.col}
        na = entry is not None and entry.na is not None and leaf.na_allowed
        formula = fx.appraisal_points(refs, not_applicable=na)
        shown["points"] = Formula(formula, score.final if score.counted else None, places)
        self.items.append((leaf.id, decision_base(decision)))

    def _evidence(self, row: int, e: Evidence | None) -> None:
        values = (e.ref, e.date, e.title, e.issuer, e.file, e.url, e.at) if e else (None,) * 7
        for key, value in zip(EVIDENCE_COLUMNS, values, strict=True):
            self._input(row, key, value)

    def _input(self, row: int, key: str, value: Any, check: Validation | None = None) -> None:
        column: Column = self.columns[self.col[key] - 1]
        cell = self.w.put(self.ws, row, self.col[key], value)
        if isinstance(value, str):
            self.texts.setdefault(row, {})[self.col[key]] = value
        number_format = {"date": DATE_FORMAT, "number": "General"}.get(column.kind, TEXT_FORMAT)
        self.w.unlock(cell, number_format=number_format)
        self.w.style(cell, border=True, wrap=column.kind in ("text", "choice"))
        if check is not None:
            self.checks.append((self.ref(key, row), check))

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


def _num(value: Decimal | None, places: int) -> Num | None:
    """A number to show, or typed in an input cell (which shows it as typed)."""
    return None if value is None else Num(value, places)


def _basis(score: LeafScore, level: str | None, answer: str | None) -> str | None:
    if score.computed_explain and score.computed is not None:
        return f"{score.computed_explain.text()} → {score.computed.normalize():f}"
    return level or answer


def _evidence_text(evidence: list[Evidence]) -> str | None:
    lines = []
    for e in evidence:
        head = " ".join(filter(None, [e.ref, f"ngày {e.date:%d/%m/%Y}" if e.date else None]))
        lines.append(f"• {head}: {e.title}" if head else f"• {e.title}")
    return "\n".join(lines) or None
