"""The Excel form's layout, shared by export and import: modes, columns, the hidden version
sheet, and the one way a value is written so that both sides compare it alike.

A form workbook has an instructions sheet, one form sheet per agency and a very hidden sheet
`parcli` holding the form's version (criteria set id and fingerprint), its mode, and for
every item the values it was exported with (the base of a three-way merge on import). Each
form sheet is found through a defined name `parcli_form_<n>` spanning its table from the
header row to the first totals row, so renaming a sheet, inserting rows or columns inside
the table, or adding sheets does not lose it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import Any, Literal

from parcli.models import CriteriaSet, Decision, Evidence, ItemEntry, Leaf
from parcli.numbers import plain

FORMAT = "parcli/form/1"
META_SHEET = "parcli"
INSTRUCTIONS_SHEET = "Hướng dẫn"
FORM_NAME = "parcli_form_"  # + n: the table of the n-th form sheet, header to totals row

Mode = Literal["self", "round1", "round2"]
MODES: tuple[Mode, ...] = ("self", "round1", "round2")
MODE_TITLES: dict[Mode, str] = {
    "self": "Tự đánh giá",
    "round1": "Thẩm định vòng 1",
    "round2": "Thẩm định vòng 2",
}

Role = Literal["id", "shown", "input", "formula"]
Kind = Literal["text", "number", "date", "choice"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    role: Role = "shown"
    kind: Kind = "text"


# Every column any form may have; a mode picks its own (`columns`). Headers are how the
# import finds a column, so they never change within a format version.
ALL_COLUMNS = {
    c.key: c
    for c in (
        Column("id", "STT", 7, "id"),
        Column("title", "Nội dung", 32),
        Column("text", "Thang điểm", 40),
        Column("max", "Điểm tối đa", 8, kind="number"),
        Column("owner", "Đơn vị chủ trì", 15),
        Column("choice", "Mức / Trả lời", 24, "input", "choice"),
        Column("name1", "Số liệu 1", 14),
        Column("value1", "Giá trị 1", 9, "input", "number"),
        Column("name2", "Số liệu 2", 14),
        Column("value2", "Giá trị 2", 9, "input", "number"),
        Column("self", "Điểm tự chấm", 9, "input", "number"),
        Column("computed", "Điểm theo thang", 9, "formula", "number"),
        Column("appraised", "Điểm thẩm định", 9, kind="number"),
        Column("points", "Điểm đạt", 9, "formula", "number"),
        Column("na", "Không phát sinh (lý do)", 22, "input"),
        Column("note", "Ghi chú của đơn vị", 30, "input"),
        Column("ref", "Số ký hiệu", 15, "input"),
        Column("date", "Ngày ban hành", 12, "input", "date"),
        Column("ev_title", "Trích yếu", 34, "input"),
        Column("issuer", "Cơ quan ban hành", 18, "input"),
        Column("file", "Tệp", 20, "input"),
        Column("url", "Đường dẫn", 20, "input"),
        Column("at", "Trang, mục", 12, "input"),
        # the appraisers' forms
        Column("self_shown", "Điểm tự chấm", 9, kind="number"),
        Column("basis", "Căn cứ tự chấm", 24),
        Column("na_shown", "Không phát sinh (lý do)", 18),
        Column("note_shown", "Ghi chú của đơn vị", 26),
        Column("evidence", "Tài liệu kiểm chứng", 40),
        Column("round1_shown", "Điểm vòng 1", 9, kind="number"),
        Column("round1_note_shown", "Nhận xét vòng 1", 24),
        Column("explanation", "Giải trình của đơn vị", 36),
        Column("round2_shown", "Điểm vòng 2", 9, kind="number"),
        Column("score", "Điểm thẩm định", 10, "input", "number"),
        Column("decision_note", "Nhận xét thẩm định", 30, "input"),
    )
}
EVIDENCE_FIELDS = ("ref", "date", "title", "issuer", "file", "url", "at")  # the YAML keys
EVIDENCE_COLUMNS = ("ref", "date", "ev_title", "issuer", "file", "url", "at")  # their columns


_ITEM = ("id", "title", "text", "max", "owner")  # every form begins with the item
_UNIT = ("self_shown", "basis", "na_shown", "note_shown", "evidence")  # what the unit gave


def columns(mode: Mode, *, appraised: bool, later_round: bool) -> tuple[Column, ...]:
    """The columns of a form sheet. `appraised`: the self form shows the appraisal score;
    `later_round`: the round-1 form shows round-2 scores already given."""
    if mode == "self":
        inputs = ("choice", "name1", "value1", "name2", "value2", "self", "computed")
        scores = ("appraised", "points") if appraised else ("points",)
        keys = (*_ITEM, *inputs, *scores, "na", "note", *EVIDENCE_COLUMNS)
    elif mode == "round1":
        later = ("round2_shown",) if later_round else ()
        keys = (*_ITEM, *_UNIT, *later, "score", "decision_note", "points")
    else:
        earlier = ("round1_shown", "round1_note_shown", "explanation")
        keys = (*_ITEM, *_UNIT, *earlier, "score", "decision_note", "points")
    return tuple(ALL_COLUMNS[key] for key in keys)


def column_by_header(header: str, mode: Mode) -> Column | None:
    """The column of a `mode` form a header names (the forms of the units and of the
    appraisers share some headers: "Điểm tự chấm" is typed in one, shown in the other)."""
    wanted = (normal_text(header) or "").casefold()
    for column in columns(mode, appraised=True, later_round=True):
        if (normal_text(column.header) or "").casefold() == wanted:
            return column
    return None


# ---------------------------------------------------------------- versions


def fingerprint(cs: CriteriaSet) -> str:
    """What decides the meaning of a form's cells: ids, maxima, methods, rules, flags,
    decimals, classes and caps. Wording is left out: a fixed typo does not refuse forms."""
    leaves = [
        [
            leaf.area_id,
            leaf.criterion_id,
            leaf.id,
            plain(leaf.max),
            leaf.method,
            leaf.rule.model_dump(mode="json", exclude_none=True, exclude={"labels"})
            if leaf.rule
            else None,
            leaf.na_allowed,
            leaf.evidence_required,
            cs.places(leaf),
        ]
        for leaf in cs.leaves
    ]
    data = {
        "id": cs.id,
        "leaves": leaves,
        "decimals": cs.decimals.model_dump(mode="json"),
        "classes": [[c.name, plain(c.min)] for c in cs.classes],
        "caps": [plain(cap.max) if cap else None for cap in (cs.bonus, cs.penalty)],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- values


_EXCEL = Context(prec=15)  # what a spreadsheet cell can hold of a number

Base = dict[str, Any]  # field → normal value (str | None, or evidence rows)


def normal_number(value: Decimal | str | None) -> str | None:
    """A number as both sides compare it: 15 significant digits, no trailing zeros."""
    if value is None:
        return None
    try:
        number = _EXCEL.create_decimal(value)
    except InvalidOperation:
        return str(value)
    return plain(number) if number.is_finite() else str(value)


def normal_text(value: object) -> str | None:
    """Text as both sides compare it: NFC, line ends as \\n, no surrounding spaces; "" → None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").strip()
    return text or None


def normal_date(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else normal_text(value)


def evidence_rows(entries: Sequence[Evidence]) -> list[list[str | None]]:
    """Evidence as the form's rows: one row of seven fields per document."""
    rest = EVIDENCE_FIELDS[2:]
    return [
        [normal_text(e.ref), normal_date(e.date), *(normal_text(getattr(e, f)) for f in rest)]
        for e in entries
    ]


def item_base(leaf: Leaf, entry: ItemEntry | None) -> Base:
    """The self form's fields of one item, as its submission has them."""
    entry = entry if entry is not None else ItemEntry()
    base: Base = {
        "self": normal_number(entry.self_),
        choice_field(leaf): normal_text(entry.answer if leaf.rule_kind == "check" else entry.level),
        "na": normal_text(entry.na),
        "note": normal_text(entry.note),
        "evidence": evidence_rows(entry.evidence),
    }
    for name in input_names(leaf):
        base[f"inputs.{name}"] = normal_number(entry.inputs.get(name))
    return base


def decision_base(decision: Decision | None) -> Base:
    if decision is None:
        return {"score": None, "note": None}
    return {"score": normal_number(decision.score), "note": normal_text(decision.note)}


def choice_field(leaf: Leaf) -> str:
    """The key the "Mức / Trả lời" column writes: `answer` for a yes/no rule, else `level`."""
    return "answer" if leaf.rule_kind == "check" else "level"


def input_names(leaf: Leaf) -> tuple[str, ...]:
    return leaf.rule.inputs_needed() if leaf.rule is not None else ()


def encode_base(base: Base) -> str:
    return json.dumps(base, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_base(text: str) -> Base | None:
    try:
        data = json.loads(text)
    except (ValueError, TypeError, RecursionError):  # a hidden cell edited by hand
        return None
    return data if _is_base(data) else None


def _is_base(data: object) -> bool:
    """What `encode_base` writes: text or null per field, evidence as rows of text or null."""
    if not isinstance(data, dict):
        return False
    for key, value in data.items():
        if key == "evidence":
            if not isinstance(value, list) or not all(_is_row(row) for row in value):
                return False
        elif value is not None and not isinstance(value, str):
            return False
    return True


def _is_row(row: object) -> bool:
    return (
        isinstance(row, list)
        and len(row) == len(EVIDENCE_FIELDS)
        and all(v is None or isinstance(v, str) for v in row)
    )
