"""What a cell of a form holds, read as its column expects: a number (typed, as text with
a decimal comma, or computed by a formula), a day (a date cell, or typed as 20/01/2026),
or text; and why not, when it holds none of these."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from parcli.characters import IN_TEXT, unsafe_message
from parcli.edit.forms import normal_number, normal_text
from parcli.edit.tables import MAX_CELL_CHARS, parse_number
from parcli.edit.xlsx import Cell
from parcli.numbers import plain

_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")

Wrong = tuple[str, str]  # (problem code, Vietnamese message)


def cell_value(cell: Cell | None, kind: str, *, date1904: bool) -> tuple[Any, Wrong | None]:
    """The cell's value as the forms compare it (`forms.normal_*`), or what is wrong."""
    if cell is None:
        return None, None
    if cell.kind == "none":
        return None, (
            "form-cell",
            f"ô có công thức “={cell.formula}” chưa có giá trị tính sẵn (tệp do chương trình "
            "không tính công thức ghi ra); hãy mở bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại",
        )
    if cell.kind == "error":
        return None, ("form-cell", f"ô có lỗi {cell.text}; hãy ghi giá trị thay cho lỗi")
    if len(cell.text) > MAX_CELL_CHARS:  # more than Excel holds: no person typed it
        message = f"ô dài {len(cell.text)} ký tự, quá giới hạn {MAX_CELL_CHARS} ký tự của một ô"
        return None, ("table-too-large", message)
    if cell.kind == "number" and cell.number is None:  # NaN, INF: no program types them
        return None, ("not-a-number", f"“{cell.text}” không phải số; hãy ghi lại giá trị ô này")
    if kind == "number":
        return _number(cell)
    if kind == "date":
        return _date(cell, date1904=date1904)
    if cell.kind == "number":  # a number in a text column: a document number, say
        day = cell.date(date1904=date1904) if cell.date_format else None
        return (f"{day:%d/%m/%Y}" if day else normal_number(cell.number)), None
    if cell.kind == "bool":
        return ("có" if cell.text == "TRUE" else "không"), None
    text = normal_text(cell.text)
    bad = IN_TEXT.search(text or "")
    if bad is not None:  # said at the cell, not at the line of the YAML it would go to
        return None, ("control-character", unsafe_message(bad.group()))
    return text, None


def _number(cell: Cell) -> tuple[Any, Wrong | None]:
    if cell.kind == "number":
        return normal_number(cell.number), None
    text = cell.text.replace("\u00a0", "").strip() if cell.kind == "text" else cell.text
    if cell.kind == "text" and not text:
        return None, None
    number = parse_number(text) if cell.kind == "text" else None
    if number is None:
        return None, (
            "not-a-number",
            f"“{cell.text}” không phải số; hãy ghi số thập phân, ví dụ 0.5",
        )
    return normal_number(number), None


def _date(cell: Cell, *, date1904: bool) -> tuple[Any, Wrong | None]:
    if cell.kind == "number" and cell.date_format:
        day = cell.date(date1904=date1904)
        if day is not None:
            return day.isoformat(), None
    text = normal_text(cell.text) if cell.kind == "text" else None
    if cell.kind == "text" and text is None:
        return None, None
    day = parse_day(text or "")
    if day is None:
        shown = text if text is not None else plain(cell.number or Decimal(0))
        return None, (
            "bad-date",
            f"“{shown}” không phải ngày; hãy ghi ngày/tháng/năm, ví dụ 20/01/2026",
        )
    return day.isoformat(), None


def parse_day(text: str) -> dt.date | None:
    """20/01/2026 (day first, as Vietnamese write it), 20-01-2026, 20.01.2026, 2026-01-20."""
    try:
        match = _DAY.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
