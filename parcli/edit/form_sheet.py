"""One form sheet: a row per leaf under its area and criterion rows, the cells to fill in,
their checks, the formulas, the totals; and the hidden version sheet that goes with it."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parcli.edit import form_formulas as fx
from parcli.edit.forms import (
    EVIDENCE_COLUMNS,
    FORMAT,
    META_SHEET,
    Base,
    Column,
    Mode,
    columns,
    decision_base,
    encode_base,
    fingerprint,
    input_names,
    item_base,
    normal_text,
)
from parcli.models import CriteriaSet, Evidence, Leaf, Submission
from parcli.numbers import plain
from parcli.problems import column_letter
from parcli.report.workbook import DATE_FORMAT, TEXT_FORMAT, Exact, Formula, Num, Validation, Writer
from parcli.rules import allowed_scores, step_of
from parcli.scoring import PROVISIONAL_NOTE, LeafScore, ScoreCard

HEADER_ROW = 5
GROUP_FILL = "EDEDED"
FORMULA_FILL = "E2EFDA"
LINE_HEIGHT = 15  # points per line of 11-point text


def owner_of(leaf: Leaf, sub: Submission) -> str | None:
    entry = sub.items.get(leaf.id)
    return normal_text((entry.owner if entry is not None else None) or leaf.owner)


@dataclass
class Meta:
    """The hidden sheet: version, mode, the base of every item, the levels' lists."""

    writer: Writer
    cs: CriteriaSet
    mode: Mode
    owner: str | None
    records: list[tuple[str, str, str, str]] = field(default_factory=list)
    levels: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        row = 2
        for leaf in self.cs.leaves:
            rule = leaf.rule
            if rule is not None and leaf.rule_kind == "levels" and rule.levels:
                last = row + len(rule.levels) - 1
                self.levels[leaf.id] = (
                    f"'{META_SHEET}'!$F${row}:$F${last}",
                    f"'{META_SHEET}'!$G${row}:$G${last}",
                )
                row = last + 1

    def record(self, name: str, sub: Submission, items: list[tuple[str, Base]]) -> None:
        self.records.extend((name, sub.agency.id, item, encode_base(base)) for item, base in items)

    def finish(self) -> None:
        w = self.writer
        ws = w.sheet(META_SHEET)
        ws.sheet_state = "veryHidden"
        version = (
            ("format", FORMAT),
            ("criteria", self.cs.id),
            ("fingerprint", fingerprint(self.cs)),
            ("mode", self.mode),
            ("owner", self.owner or ""),
        )
        for row, (key, value) in enumerate(version, 1):
            w.put(ws, row, 1, key)
            w.put(ws, row, 2, value)
        for col, name in enumerate(("name", "agency", "item", "base"), 1):
            w.put(ws, 7, col, name)
        for row, values in enumerate(self.records, 8):
            for col, value in enumerate(values, 1):
                w.put(ws, row, col, value)
        row = 2
        for col, name in enumerate(("item", "label", "points"), 5):
            w.put(ws, 1, col, name)
        for leaf in self.cs.leaves:
            if leaf.id in self.levels and leaf.rule is not None:
                for level in leaf.rule.levels or []:
                    w.put(ws, row, 5, leaf.id)
                    w.put(ws, row, 6, level.label)
                    w.put(ws, row, 7, Exact(level.points))
                    row += 1


class FormSheet:
    """Writes one agency's form sheet; `items` (id, base) and `table_area` for the meta."""

    def __init__(
        self, writer: Writer, ws: Any, meta: Meta, sub: Submission, card: ScoreCard
    ) -> None:
        self.w, self.ws, self.meta, self.sub, self.card = writer, ws, meta, sub, card
        self.cs = writer.cs
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
        self.table_area = ""
        self.texts: dict[int, dict[int, str]] = {}  # row → column → text, for row heights

    def ref(self, key: str, row: int) -> str:
        return f"{column_letter(self.col[key])}{row}"

    # -- the sheet --------------------------------------------------------------------

    def write(self) -> None:
        w, ws = self.w, self.ws
        self._heading()
        for col, column in enumerate(self.columns, 1):
            cell = w.put(ws, HEADER_ROW, col, column.header)
            w.style(cell, bold=True, fill="D9E2F3", wrap=True, border=True, align="center")
            ws.column_dimensions[column_letter(col)].width = column.width
        ws.row_dimensions[HEADER_ROW].height = 2 * LINE_HEIGHT + 2
        row = HEADER_ROW + 1
        leaf_rows: list[int] = []
        areas: list[tuple[int, list[int]]] = []
        for area in self.cs.areas:
            leaves = [
                leaf for leaf in self.cs.leaves if leaf.area_id == area.id and self._wanted(leaf)
            ]
            if not leaves:
                continue
            area_row, row = row, row + 1
            mine: list[int] = []
            for criterion in area.criteria:
                inside = [leaf for leaf in leaves if leaf.criterion_id == criterion.id]
                if not inside:
                    continue
                if criterion.sub_criteria:
                    group_row, row = row, row + 1
                    rows: list[int] = []
                    for leaf in inside:
                        rows.append(row)
                        row = self._leaf(leaf, row)
                    self._group(group_row, criterion.id, criterion.title, rows, level=1)
                    mine.extend(rows)
                else:
                    mine.append(row)
                    row = self._leaf(inside[0], row)
            self._group(area_row, area.id, area.title, mine, level=0)
            areas.append((area_row, mine))
            leaf_rows.extend(mine)
        last_col = column_letter(len(self.columns))
        self.table_area = f"$A${HEADER_ROW}:${last_col}${row}"
        self._totals(row, areas, leaf_rows)
        self._heights()
        for ref, rule in self.checks:
            w.validate(ws, [ref], rule)
        ws.freeze_panes = f"C{HEADER_ROW + 1}"
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{row - 1}"
        w.protect(ws)
        # Two pages wide with STT and title on both: on one page the text would print at a
        # third of its size.
        w.print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", wide=True)

    def _wanted(self, leaf: Leaf) -> bool:
        owner = self.meta.owner
        return owner is None or owner_of(leaf, self.sub) == owner

    def _heading(self) -> None:
        what = {
            "self": "Biểu tự đánh giá, chấm điểm",
            "round1": "Biểu thẩm định vòng 1",
            "round2": "Biểu thẩm định vòng 2",
        }[self.mode]
        lines = [f"{self.sub.agency.name} — {what} Chỉ số CCHC", self.cs.title]
        if self.meta.owner:
            lines[1] += f" — các mục do {self.meta.owner} chủ trì"
        lines.append("Chỉ điền vào ô nền vàng; cột nền xanh tự tính. Cách điền: trang “Hướng dẫn”.")
        for row, line in enumerate(lines, 1):
            self.w.style(
                self.w.put(self.ws, row, 1, line), bold=row == 1, size=13 if row == 1 else None
            )

    def _group(self, row: int, item_id: str, title: str, rows: list[int], *, level: int) -> None:
        w, ws = self.w, self.ws
        w.put(ws, row, 1, item_id)
        w.put(ws, row, 2, title)
        if self.meta.owner is None:  # a unit's form has only part of each group: no subtotal
            points = [self.ref("points", r) for r in rows]
            w.put(ws, row, self.col["points"], Formula(fx.total(points), self.cs.decimals.points))
            pairs = [(self.ref("points", r), self.ref("max", r)) for r in rows]
            w.put(ws, row, self.col["max"], Formula(fx.counted_max(pairs), self.cs.decimals.points))
        for col in range(1, len(self.columns) + 1):
            w.style(
                ws.cell(row=row, column=col),
                bold=True,
                italic=level == 1,
                fill=GROUP_FILL,
                border=True,
                wrap=col == 2,
            )
        self.texts.setdefault(row, {})[2] = title

    def _heights(self) -> None:
        """Rows tall enough for their wrapped text: Excel does not grow them on opening."""
        for row, texts in self.texts.items():
            self._height(row, texts)

    def _height(self, row: int, texts: dict[int, str]) -> None:
        lines = 1
        for col, text in texts.items():
            width = self.columns[col - 1].width
            per_line = max(width - 1, 1)
            lines = max(
                lines, sum(math.ceil(max(len(part), 1) / per_line) for part in text.split("\n"))
            )
        current = self.ws.row_dimensions[row].height or 0
        self.ws.row_dimensions[row].height = min(max(current, lines * LINE_HEIGHT + 3), 409)

    # -- a leaf ---------------------------------------------------------------------

    def _leaf(self, leaf: Leaf, row: int) -> int:
        """Write the leaf's row (and its further evidence rows); the next free row."""
        w, ws = self.w, self.ws
        score = self.scores[leaf.id]
        shown: dict[str, Any] = {
            "id": leaf.id,
            "title": leaf.title,
            "text": leaf.text,
            "max": Num(leaf.max, self.cs.decimals.points),
            "owner": owner_of(leaf, self.sub),
        }
        extra: list[Evidence] = []
        if leaf.method == "survey":
            shown["points"] = Num(score.final, self.cs.places(leaf)) if score.counted else None
            if self.mode != "self":  # the self form's cells of these columns are to fill in
                shown["basis"] = "Điều tra xã hội học"
                shown["na_shown"] = score.na
        elif self.mode == "self":
            extra = self._self_cells(leaf, score, row, shown)
        else:
            self._appraisal_cells(leaf, score, row, shown)
        for key, col in self.col.items():
            cell = ws.cell(row=row, column=col)
            if key in shown and shown[key] is not None:
                w.put(ws, row, col, shown[key])
            w.style(cell, border=True, wrap=True)
        for key in ("computed", "points"):
            if key in self.col:
                w.style(ws.cell(row=row, column=self.col[key]), fill=FORMULA_FILL)
        texts = self.texts.setdefault(row, {})
        texts.update({self.col[k]: v for k, v in shown.items() if isinstance(v, str)})
        for n, evidence in enumerate(extra, 2):
            row += 1
            self._evidence(row, evidence)
            note = f"↳ tài liệu thứ {n} của mục {leaf.id}"
            w.style(w.put(ws, row, 2, note), italic=True, border=True)
        return row + 1

    def _self_cells(
        self, leaf: Leaf, score: LeafScore, row: int, shown: dict[str, Any]
    ) -> list[Evidence]:
        entry = self.sub.items.get(leaf.id)
        kind = leaf.rule_kind
        if kind in ("levels", "check"):
            choice = (entry.answer if kind == "check" else entry.level) if entry else None
            self._input(row, "choice", choice, self._choice_check(leaf))
        names = input_names(leaf)
        for n, name in enumerate(names, 1):
            shown[f"name{n}"] = name
            value = entry.inputs.get(name) if entry else None
            whole = kind == "deduction"
            self._input(
                row,
                f"value{n}",
                None if value is None else Exact(value),
                _count_check(name, whole=whole),
            )
        self._input(
            row,
            "self",
            _exact(entry.self_ if entry else None),
            self._score_check(leaf, only_levels=True),
        )
        labels, points = self.meta.levels.get(leaf.id, ("", ""))
        refs = {key: self.ref(key, row) for key in self.col}
        formula = fx.computed(leaf, refs, labels, points)
        if formula is not None:
            shown["computed"] = Formula(formula, self.cs.places(leaf))
        if "appraised" in self.col:
            shown["appraised"] = _exact(score.appraised)
        shown["points"] = Formula(fx.self_points(leaf, refs), self.cs.places(leaf))
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
        shown["self_shown"] = _exact(score.self)
        shown["basis"] = _basis(
            leaf, score, entry.level if entry else None, entry.answer if entry else None
        )
        shown["na_shown"] = entry.na if entry else None
        shown["note_shown"] = entry.note if entry else None
        shown["evidence"] = _evidence_text(entry.evidence if entry else [])
        first, second = appraisal.round1.get(leaf.id), appraisal.round2.get(leaf.id)
        if "round1_shown" in self.col:
            shown["round1_shown"] = _exact(first.score if first else None)
            shown["round1_note_shown"] = first.note if first else None
            explained = appraisal.explanation.get(leaf.id)
            if explained is not None:
                shown["explanation"] = "\n".join(
                    filter(None, [explained.text, _evidence_text(explained.evidence)])
                )
        if "round2_shown" in self.col:
            shown["round2_shown"] = _exact(second.score if second else None)
        decision = first if self.mode == "round1" else second
        self._input(
            row,
            "score",
            _exact(decision.score if decision else None),
            self._score_check(leaf, only_levels=False),
        )
        self._input(row, "decision_note", decision.note if decision else None)
        refs = {key: self.ref(key, row) for key in self.col}
        na = entry is not None and entry.na is not None and leaf.na_allowed
        shown["points"] = Formula(
            fx.appraisal_points(refs, not_applicable=na), self.cs.places(leaf)
        )
        self.items.append((leaf.id, decision_base(decision)))

    def _evidence(self, row: int, evidence: Evidence | None) -> None:
        values: tuple[Any, ...] = (None,) * 7
        if evidence is not None:
            values = (
                evidence.ref,
                evidence.date,
                evidence.title,
                evidence.issuer,
                evidence.file,
                evidence.url,
                evidence.at,
            )
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
            ref = self.ref(key, row)
            # a custom check names its own cell: the rule was written with "{cell}"
            formula = check.formula1.replace("{cell}", ref)
            self.checks.append((ref, dataclasses.replace(check, formula1=formula)))

    # -- checks as typed --------------------------------------------------------------

    def _choice_check(self, leaf: Leaf) -> Validation:
        rule = leaf.rule
        if leaf.rule_kind == "check":
            question = rule.check if rule is not None and rule.check else ""
            return Validation(
                "list",
                '"có,không"',
                "Hãy chọn có hoặc không.",
                prompt_title="Trả lời có/không",
                prompt=question,
            )
        labels = self.meta.levels[leaf.id][0]
        return Validation(
            "list",
            labels,
            "Hãy chọn một mức trong danh sách của thang điểm.",
            prompt_title="Chọn mức",
            prompt="Chọn mức đạt được trong danh sách.",
        )

    def _score_check(self, leaf: Leaf, *, only_levels: bool) -> Validation:
        top = plain(leaf.max)
        allowed = allowed_scores(leaf) if only_levels else None
        step = step_of(leaf)
        if allowed is not None:
            listed = "; ".join(plain(v) for v in allowed)
            cells = "OR(" + ",".join(f"{{cell}}={plain(v)}" for v in allowed) + ")"
            message = f"Thang điểm mục {leaf.id} chỉ cho các mức: {listed}."
        elif step is not None:
            cells = f"AND({{cell}}>=0,{{cell}}<={top},ROUND({{cell}}/{plain(step)},9)=INT(ROUND({{cell}}/{plain(step)},9)))"
            message = f"Điểm mục {leaf.id} từ 0 đến {top}, theo bước {plain(step)}."
        else:
            return Validation("decimal", "0", f"Điểm mục {leaf.id} từ 0 đến {top}.", "between", top)
        return Validation("custom", cells, message)

    # -- totals -----------------------------------------------------------------------

    def _totals(self, row: int, areas: list[tuple[int, list[int]]], leaf_rows: list[int]) -> None:
        w, ws, cs, card = self.w, self.ws, self.cs, self.card
        points_col, max_col = self.col["points"], self.col["max"]
        pts = cs.decimals.points
        if self.meta.owner is None:
            sums = [self.ref("points", r) for r, _ in areas]
            maxima = [self.ref("max", r) for r, _ in areas]
        else:
            sums = [self.ref("points", r) for r in leaf_rows]
            maxima = []
        first = row
        label = "Cộng điểm các mục" + (" của đơn vị" if self.meta.owner else "")
        w.put(ws, row, 2, label)
        w.put(ws, row, points_col, Formula(fx.total(sums), pts))
        counted = (
            fx.total(maxima)
            if maxima
            else fx.counted_max([(self.ref("points", r), self.ref("max", r)) for r in leaf_rows])
        )
        w.put(ws, row, max_col, Formula(counted, pts))
        p, m = self.ref("points", first), self.ref("max", first)
        lines: list[tuple[str, Any]] = []
        if self.meta.owner is None:
            total = f"{self.ref('points', first + 3)}"
            lines = [
                ("Điểm thưởng", Exact(card.bonus)),
                ("Điểm trừ", Exact(card.penalty)),
                (
                    "Tổng điểm",
                    Formula(
                        f"={p}+{self.ref('points', first + 1)}-{self.ref('points', first + 2)}", pts
                    ),
                ),
                (
                    "Chỉ số (%)" + (f" — {PROVISIONAL_NOTE}" if card.provisional else ""),
                    Formula(fx.percent(total, m), cs.decimals.percent),
                ),
                (
                    "Xếp loại",
                    Formula(
                        fx.class_of(self.ref("points", first + 4), cs.classes, cs.decimals.percent)
                    ),
                ),
            ]
        else:
            lines = [("Tỷ lệ đạt (%)", Formula(fx.percent(p, m), cs.decimals.percent))]
        for n, (text, value) in enumerate(lines, 1):
            w.put(ws, first + n, 2, text)
            w.put(ws, first + n, points_col, value)
        for r in range(first, first + len(lines) + 1):
            for col in (2, max_col, points_col):
                w.style(ws.cell(row=r, column=col), bold=True, border=True, wrap=col == 2)


def _exact(value: Decimal | None) -> Exact | None:
    return None if value is None else Exact(value)


def _count_check(name: str, *, whole: bool) -> Validation:
    if whole:
        return Validation(
            "whole",
            "0",
            f"{name}: số lần, là số nguyên từ 0 trở lên.",
            "greaterThanOrEqual",
            prompt_title=name[:32],
            prompt="Số lần (số nguyên).",
        )
    return Validation(
        "decimal",
        "0",
        f"{name}: một số từ 0 trở lên.",
        "greaterThanOrEqual",
        prompt_title=name[:32],
        prompt="Ghi số liệu (số).",
    )


def _basis(leaf: Leaf, score: LeafScore, level: str | None, answer: str | None) -> str | None:
    if score.computed_explain and score.computed is not None:
        return f"{score.computed_explain} → {plain(score.computed)}"
    return level or answer


def _evidence_text(evidence: list[Evidence]) -> str | None:
    lines = []
    for e in evidence:
        head = " ".join(filter(None, [e.ref, f"ngày {e.date:%d/%m/%Y}" if e.date else None]))
        lines.append(f"• {head}: {e.title}" if head else f"• {e.title}")
    return "\n".join(lines) or None


INSTRUCTIONS = {
    "self": (
        "Mỗi mục được chấm điểm là một dòng; dòng nền xám là lĩnh vực, tiêu chí. Chỉ điền vào các ô nền vàng; các ô khác được khóa để tránh sửa nhầm (khóa không có mật khẩu).",
        "Cột “Mức / Trả lời”: mục chấm theo mức thì chọn mức trong danh sách; mục có câu hỏi thì chọn có hoặc không (câu hỏi hiện ra khi bấm vào ô).",
        "Cột “Giá trị 1”, “Giá trị 2”: số liệu mà thang điểm cần, tên ở cột “Số liệu 1”, “Số liệu 2” (ví dụ done: số nhiệm vụ hoàn thành, planned: số nhiệm vụ theo kế hoạch).",
        "Cột “Điểm tự chấm”: có thể để trống khi đã chọn mức hoặc ghi số liệu, cột “Điểm theo thang” tự tính. Nếu ghi, điểm không được cao hơn điểm theo thang; Excel không nhận điểm vượt điểm tối đa hoặc không đúng mức, đúng bước của thang điểm.",
        "Cột “Không phát sinh (lý do)” (chỉ ở mục được phép): ghi lý do nhiệm vụ không phát sinh trong năm và để trống các cột điểm; mục được giảm trừ khỏi điểm tối đa.",
        "Tài liệu kiểm chứng: Số ký hiệu (ví dụ 34/KH-SKHCN), Ngày ban hành (ngày/tháng/năm, ví dụ 20/01/2026), Trích yếu (bắt buộc), Cơ quan ban hành, Tệp, Đường dẫn, Trang, mục. Mỗi tài liệu một dòng: tài liệu thứ hai trở đi, chèn một dòng ngay dưới dòng của mục (bấm chuột phải vào số dòng → Insert/Chèn) và chỉ ghi vào các cột tài liệu; dòng không có STT thuộc về mục ở trên nó.",
        "Cột “Điểm đạt”, các dòng tổng cộng, chỉ số và xếp loại tự tính lại khi điền.",
    ),
    "appraisal": (
        "Mỗi mục được chấm điểm là một dòng; dòng nền xám là lĩnh vực, tiêu chí. Điểm tự chấm, căn cứ, tài liệu kiểm chứng và giải trình của đơn vị chỉ để xem; chỉ điền vào các ô nền vàng (khóa không có mật khẩu).",
        "Cột “Điểm thẩm định”: điểm của Hội đồng thẩm định cho mục đó; để trống nếu không có quyết định (điểm tự chấm giữ nguyên). Excel không nhận điểm vượt điểm tối đa hoặc không đúng bước của thang điểm.",
        "Cột “Nhận xét thẩm định”: lý do, căn cứ của điểm thẩm định.",
        "Cột “Điểm đạt”, các dòng tổng cộng, chỉ số và xếp loại tự tính lại khi điền.",
    ),
}
COMMON = (
    "Không xóa dòng, không sắp xếp lại các dòng, không đổi tên cột. Được đổi tên trang, thêm cột hoặc trang ghi chú riêng: parcli bỏ qua chúng.",
    "Lưu lại dạng Excel (.xlsx) và gửi lại. Văn phòng Sở nhập vào hồ sơ bằng lệnh: parcli form import <tệp>.xlsx — mọi lỗi được báo kèm trang và ô (ví dụ 'Tự đánh giá'!K12); không lỗi thì hồ sơ được cập nhật, chỉ các dòng có thay đổi.",
    "Biểu mẫu gắn với đúng phiên bản bộ tiêu chí khi xuất; nếu bộ tiêu chí thay đổi, biểu mẫu cũ không nhập được: hãy xuất biểu mẫu mới.",
)


def write_instructions(
    writer: Writer,
    ws: Any,
    *,
    mode: Mode,
    agencies: list[tuple[Submission, str]],
    cs: CriteriaSet,
    today: Any,
) -> None:
    names = ", ".join(sub.agency.name for sub, _ in agencies)
    heading = [
        "HƯỚNG DẪN ĐIỀN BIỂU MẪU",
        f"{names} — bộ tiêu chí {cs.id}: {cs.title}",
        f"Xuất bằng parcli ngày {today:%d/%m/%Y}.",
    ]
    steps = [*INSTRUCTIONS["self" if mode == "self" else "appraisal"], *COMMON]
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 100
    for row, line in enumerate(heading, 1):
        writer.style(writer.put(ws, row, 1, line), bold=row == 1, size=13 if row == 1 else None)
    for n, step in enumerate(steps, 1):
        row = len(heading) + 1 + n
        writer.style(writer.put(ws, row, 1, n), align="right")
        writer.style(writer.put(ws, row, 2, step), wrap=True)
        ws.row_dimensions[row].height = LINE_HEIGHT * math.ceil(len(step) / 110) + 3
    writer.print_setup(ws, title_rows="1:1", landscape=False)
