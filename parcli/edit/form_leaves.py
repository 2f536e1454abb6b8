"""A leaf's row on a form sheet: what it shows, the cells to fill in with their checks (the
self score's inputs, or an appraisal round's decision), its further evidence rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parcli.edit import form_formulas as fx
from parcli.edit.form_meta import Meta
from parcli.edit.forms import (
    EVIDENCE_COLUMNS,
    Base,
    Column,
    Mode,
    decision_base,
    input_names,
    item_base,
    normal_text,
)
from parcli.models import CriteriaSet, Evidence, Leaf, Submission
from parcli.problems import column_letter
from parcli.report.form_writer import TEXT_FORMAT, FormWriter, Validation
from parcli.report.workbook import DATE_FORMAT, Formula, Num
from parcli.scoring import LeafScore

FORMULA_FILL = "E2EFDA"


def owner_of(leaf: Leaf, sub: Submission) -> str | None:
    entry = sub.items.get(leaf.id)
    return normal_text((entry.owner if entry is not None else None) or leaf.owner)


class LeafRows:
    """The leaf rows of a FormSheet, which sets up the state declared here."""

    w: FormWriter
    ws: Any
    meta: Meta
    sub: Submission
    cs: CriteriaSet
    mode: Mode
    columns: tuple[Column, ...]
    col: dict[str, int]  # column key → its number
    items: list[tuple[str, Base]]
    checks: list[tuple[str, Validation]]
    scores: dict[str, LeafScore]
    texts: dict[int, dict[int, str]]  # row → column → text, for row heights
    leaf_at: dict[int, str]  # row → the leaf written there

    def ref(self, key: str, row: int) -> str:
        return f"{column_letter(self.col[key])}{row}"

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
