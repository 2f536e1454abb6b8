"""The rows of one form sheet read back: the header found by its texts, each item's values
with the cell each came from, further evidence on rows without an STT, and a problem at the
cell for a row deleted, copied, merged or filled where nothing is to be filled."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parcli.edit.form_cells import cell_value
from parcli.edit.forms import (
    ALL_COLUMNS,
    EVIDENCE_COLUMNS,
    Base,
    Mode,
    choice_field,
    column_by_header,
    columns,
    input_names,
    normal_text,
)
from parcli.edit.xlsx import Cell, Sheet
from parcli.models import CriteriaSet, Leaf
from parcli.numbers import plain
from parcli.problems import KeyPath, Problem, column_letter


@dataclass(frozen=True)
class Place:
    """The cell a value came from."""

    file: str
    sheet: str
    row: int
    col: int

    @property
    def cell(self) -> str:
        return f"'{self.sheet}'!{column_letter(self.col)}{self.row}"

    def problem(self, code: str, message: str, path: KeyPath = ()) -> Problem:
        return Problem(self.file, self.row, self.col, code, message, path, sheet=self.sheet)


Value = Any  # a field's normal value: text, None, or evidence rows


@dataclass
class FormItem:
    item: str
    place: Place  # its STT cell
    values: dict[str, tuple[Value, Place]] = field(default_factory=dict)
    evidence: list[tuple[list[str | None], list[Place]]] = field(default_factory=list)
    base: Base | None = None  # the values it was exported with; None: a row added by hand
    evidence_unread: bool = False  # a cell of its evidence could not be read: not merged


def cell_text(cell: Cell | None) -> str | None:
    if cell is None or cell.kind in ("none", "error"):
        return None
    return normal_text(cell.text)


class SheetReader:
    """Reads the table of `sheet` that spans `area` (header row to first totals row);
    problems go to `problems`."""

    def __init__(
        self,
        file: str,
        sheet: Sheet,
        cs: CriteriaSet,
        mode: Mode,
        area: tuple[int, int, int, int],
        problems: list[Problem],
        *,
        date1904: bool = False,
    ) -> None:
        self.file, self.sheet, self.cs, self.mode, self.problems = file, sheet, cs, mode, problems
        self.top, self.left, self.bottom, self.right = area
        self.date1904 = date1904
        self.mangled = False  # an STT that names no item: which rows are missing is unknown
        self.columns: dict[str, int] = {}

    def place(self, row: int, col: int) -> Place:
        return Place(self.file, self.sheet.name, row, col)

    def read(self, bases: dict[str, Base | None]) -> list[FormItem]:
        if not self._header():
            return []
        self._merged()
        items: list[FormItem] = []
        seen: dict[str, Place] = {}
        current: FormItem | None = None
        lost = False  # a row whose STT names no item: its rows are not reported again
        for row in range(self.top + 1, self.bottom):
            stt = self.sheet.get(row, self.columns["id"])
            item = self._item_id(row)
            if item is None and stt is not None and cell_text(stt):
                current, lost = None, True  # reported: an id that cannot be read
                continue
            if item is None:
                if not lost:
                    self._loose_row(row, current)
                continue
            lost = False
            leaf = self.cs.leaf_by_id.get(item)
            if leaf is None or leaf.method == "survey":
                current = None
                lost = self._not_to_fill(row, item, leaf)
                continue
            place = self.place(row, self.columns["id"])
            if item in seen:
                message = (
                    f"mục {item} đã có ở ô {seen[item].cell}; mỗi mục một dòng, hãy xóa dòng thừa"
                )
                self.problems.append(place.problem("duplicate-row", message))
                current, lost = None, True
                continue
            seen[item] = place
            current = FormItem(item, place, base=bases.get(item))
            self._values(current, row)
            items.append(current)
        header = self.place(self.top, self.columns["id"])
        for item in bases if not self.mangled else ():
            if item not in seen:
                message = f"dòng của mục {item} đã bị xóa khỏi trang; hãy chép lại dòng đó từ biểu mẫu đã xuất (không xóa dòng)"
                self.problems.append(header.problem("form-layout", message, ("items", item)))
        return items

    # -- the header, merged cells, ids ------------------------------------------------

    def _header(self) -> bool:
        found: dict[str, int] = {}
        for col in range(self.left, self.right + 1):
            text = cell_text(self.sheet.get(self.top, col))
            column = column_by_header(text, self.mode) if text else None
            if column is None:
                continue  # a column the user added: not parcli's
            key = column.key
            if key in found:
                message = f"cột “{text}” có hai lần (cột {column_letter(found[key])} và {column_letter(col)}); hãy xóa cột chép thêm"
                self.problems.append(self.place(self.top, col).problem("table-header", message))
            found.setdefault(key, col)
        wanted = [
            c
            for c in columns(self.mode, appraised=False, later_round=False)
            if c.role in ("id", "input")
        ]
        missing = [c.header for c in wanted if c.key not in found]
        if missing:
            message = f"thiếu cột {', '.join(missing)} (đã bị xóa hoặc đổi tên); hãy dùng lại biểu mẫu đã xuất"
            self.problems.append(self.place(self.top, self.left).problem("table-header", message))
            return False
        self.columns = found
        return True

    def _merged(self) -> None:
        inputs = {col for key, col in self.columns.items() if ALL_COLUMNS[key].role == "input"}
        for top, left, bottom, right in self.sheet.merged:
            if bottom <= self.top or top >= self.bottom:
                continue
            spans = (bottom > top and any(left <= c <= right for c in inputs)) or len(
                [c for c in inputs if left <= c <= right]
            ) > 1
            if spans:
                area = f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"
                message = f"các ô {area} được gộp; mỗi ô nhập liệu chỉ thuộc một mục và một cột: hãy bỏ gộp ô (Unmerge Cells) rồi ghi lại từng ô"
                self.problems.append(self.place(top, left).problem("form-merged", message))

    def _item_id(self, row: int) -> str | None:
        cell = self.sheet.get(row, self.columns["id"])
        if cell is None or cell.kind != "number":
            return cell_text(cell)
        number = cell.number
        # Excel turned "1.10" into 1.1: the id is the one whose number it is, and whose title
        # is the row's; when that does not settle it, the id must be typed again as text.
        ids = [i for i in [*self.cs.leaf_by_id, *self.cs.parent_ids] if _as_number(i) == number]
        title = cell_text(self.sheet.get(row, self.columns.get("title", 0)))
        titled = [
            i
            for i in ids
            if i in self.cs.leaf_by_id and normal_text(self.cs.leaf_by_id[i].title) == title
        ]
        if len(ids) == 1 or len(titled) == 1:
            return (titled or ids)[0]
        shown = plain(number) if number is not None else cell.text
        message = f"ô STT là số {shown}, không phải mã mục (Excel đổi mã như 1.10 thành 1.1); hãy định dạng cột STT là Text rồi gõ lại mã"
        self.problems.append(self.place(row, self.columns["id"]).problem("unknown-item", message))
        self.mangled = True  # which item the row was cannot be known: no row is called deleted
        return None

    # -- values -----------------------------------------------------------------------

    def _values(self, item: FormItem, row: int) -> None:
        leaf = self.cs.leaf_by_id[item.item]
        if self.mode != "self":
            self._take(item, row, "score", "score", ("appraisal", self.mode, item.item, "score"))
            self._take(
                item, row, "decision_note", "note", ("appraisal", self.mode, item.item, "note")
            )
            return
        at = ("items", item.item)
        self._take(item, row, "self", "self", (*at, "self"))
        if leaf.rule_kind in ("levels", "check"):
            name = choice_field(leaf)
            self._take(item, row, "choice", name, (*at, name))
        for n, name in enumerate(input_names(leaf), 1):
            self._take(item, row, f"value{n}", f"inputs.{name}", (*at, "inputs", name))
        if leaf.na_allowed:
            self._take(item, row, "na", "na", (*at, "na"))
        self._take(item, row, "note", "note", (*at, "note"))
        self._evidence(item, row)

    def _take(self, item: FormItem, row: int, key: str, name: str, path: KeyPath) -> None:
        col = self.columns[key]
        place = self.place(row, col)
        value, problem = self._cell(self.sheet.get(row, col), ALL_COLUMNS[key].kind, place, path)
        if problem is None:
            item.values[name] = (value, place)

    def _evidence(self, item: FormItem, row: int) -> None:
        values: list[str | None] = []
        places: list[Place] = []
        for n, key in enumerate(EVIDENCE_COLUMNS):
            place = self.place(row, self.columns[key])
            path = (
                "items",
                item.item,
                "evidence",
                len(item.evidence),
                ("ref", "date", "title", "issuer", "file", "url", "at")[n],
            )
            value, problem = self._cell(
                self.sheet.get(row, place.col), ALL_COLUMNS[key].kind, place, path
            )
            values.append(value if problem is None else None)
            places.append(place)
            item.evidence_unread = item.evidence_unread or problem is not None
        if any(v is not None for v in values):
            item.evidence.append((values, places))

    def _filled(self, row: int, *, leaving: Collection[str] = ()) -> list[str]:
        """The input columns that hold something in `row`, those in `leaving` left out."""
        return [
            key
            for key, col in self.columns.items()
            if ALL_COLUMNS[key].role == "input"
            and key not in leaving
            and (cell := self.sheet.get(row, col)) is not None
            and (cell.kind != "text" or normal_text(cell.text))
        ]

    def _not_to_fill(self, row: int, item: str, leaf: Leaf | None) -> bool:
        """A row of an area, a criterion with sub-criteria or a survey item: nothing to fill.
        True when the STT names no item at all (then reported)."""
        filled = self._filled(row)
        at = self.place(row, self.columns[filled[0]] if filled else self.columns["id"])
        if leaf is not None and filled:
            message = f"mục {item} chấm qua điều tra xã hội học, đơn vị không tự chấm; hãy xóa giá trị ở ô này"
            self.problems.append(at.problem("self-on-survey", message, ("items", item)))
        elif leaf is None and item in self.cs.parent_ids and filled:
            message = f"{item} là lĩnh vực/tiêu chí có tiêu chí thành phần; hãy ghi vào dòng của từng tiêu chí thành phần"
            self.problems.append(at.problem("not-a-leaf", message, ("items", item)))
        elif leaf is None and item not in self.cs.parent_ids:
            close = difflib.get_close_matches(item, list(self.cs.leaf_by_id), n=1)
            hint = f"; có phải ý bạn là {close[0]}?" if close else ""
            message = f"STT “{item}” không phải mục nào của bộ tiêu chí {self.cs.id}{hint}"
            stt = self.place(row, self.columns["id"])
            self.problems.append(stt.problem("unknown-item", message))
            self.mangled = True
            return True
        return False

    def _loose_row(self, row: int, current: FormItem | None) -> None:
        """A row with no STT: a further document of the item above, or a mistake."""
        evidence = set(EVIDENCE_COLUMNS) if self.mode == "self" else set()
        stray = self._filled(row, leaving=evidence)
        if stray or (
            current is None and any(self.sheet.get(row, self.columns[k]) for k in evidence)
        ):
            key = stray[0] if stray else EVIDENCE_COLUMNS[0]
            message = (
                "dòng này không có STT nên không thuộc mục nào; điểm, số liệu, ghi chú hãy ghi ở dòng "
                "của mục (dòng có STT), dòng không có STT chỉ ghi thêm tài liệu kiểm chứng cho mục ở trên"
            )
            self.problems.append(self.place(row, self.columns[key]).problem("form-layout", message))
        elif current is not None and evidence:
            self._evidence(current, row)

    def _cell(
        self, cell: Cell | None, kind: str, place: Place, path: KeyPath
    ) -> tuple[Value, Problem | None]:
        value, wrong = cell_value(cell, kind, date1904=self.date1904)
        if wrong is None:
            return value, None
        problem = place.problem(*wrong, path)
        self.problems.append(problem)
        return None, problem


def _as_number(item_id: str) -> Decimal | None:
    return Decimal(item_id) if item_id.count(".") <= 1 else None
