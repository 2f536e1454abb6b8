"""The one XLSX writer (openpyxl): numbers stay numbers, rounded as published, text stays text,
and the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parcli.characters import IN_TEXT, printable
from parcli.models import CriteriaSet
from parcli.numbers import NONE_SHOWN, quantize
from parcli.report.zips import fixed_zip


@dataclass(frozen=True)
class Num:
    """A number with its own decimals (percentages; ratio items kept to 4 places)."""

    value: Decimal | None
    places: int


Value = str | int | Decimal | Num | dt.date | None
FORMULA_START = ("=", "+", "-", "@")
MAX_WIDTH = 60
HEADER_FILL = "D9E2F3"


class Writer:
    """One workbook; numbers take the number format of their decimals."""

    def __init__(self, cs: CriteriaSet) -> None:
        from openpyxl import Workbook  # heavy: only when XLSX is asked for

        self.cs = cs
        self.book = Workbook()
        self._first = True

    def sheet(self, title: str) -> Any:
        if self._first:
            self._first = False
            ws = self.book.active
            ws.title = title
            return ws
        return self.book.create_sheet(title)

    def put(self, ws: Any, row: int, col: int, value: Value) -> Any:
        cell = ws.cell(row=row, column=col)
        if isinstance(value, Decimal):
            value = Num(value, self.cs.decimals.points)
        if isinstance(value, Num):
            if value.value is None:
                return self.put(ws, row, col, NONE_SHOWN)
            cell.value = quantize(value.value, value.places)
            cell.number_format = "0." + "0" * value.places if value.places else "0"
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(value, str):
            # XML cannot hold control characters (openpyxl refuses them: exit 3), and an
            # invisible one misleads a reader: either is written visibly, as \u001b.
            value = printable(value, pattern=IN_TEXT)
            cell.value = value
            # Text is text: "=…", "@…", "#N/A" from a submission must never run or turn
            # into an error value in Excel.
            cell.data_type = "s"
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True
        else:
            cell.value = value
        return cell

    def table(
        self,
        ws: Any,
        top: int,
        header: Sequence[str],
        rows: Sequence[Sequence[Value]],
    ) -> int:
        """Header at `top`, frozen; returns the last row written."""
        from openpyxl.styles import Alignment, Font, PatternFill

        for col, name in enumerate(header, 1):
            cell = self.put(ws, top, col, name)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for r, values in enumerate(rows, top + 1):
            for col, value in enumerate(values, 1):
                cell = self.put(ws, r, col, value)
                cell.alignment = Alignment(wrap_text=isinstance(value, str), vertical="top")
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
        if rows:
            ws.auto_filter.ref = f"A{top}:{_column(len(header))}{top + len(rows)}"
        self.fit(ws, header, rows)
        return top + len(rows)

    def fit(self, ws: Any, header: Sequence[str], rows: Sequence[Sequence[Value]]) -> None:
        for col, name in enumerate(header, 1):
            texts = [_text(row[col - 1]) for row in rows if col - 1 < len(row)]
            longest = max([len(name) * 0.8, *(len(t) for t in texts)], default=8)
            # Vietnamese letters with two marks are wider than the Latin average: +15 %.
            ws.column_dimensions[_column(col)].width = min(max(longest * 1.15 + 2, 6), MAX_WIDTH)

    def emphasize(self, cell: Any, *, italic: bool = False) -> Any:
        from openpyxl.styles import Font

        cell.font = Font(bold=True, italic=italic)
        return cell

    def outline(self, ws: Any, row: int, level: int) -> None:
        """Group a row under the one above it (Excel's +/− outline), summaries on top."""
        ws.sheet_properties.outlinePr.summaryBelow = False
        if level:
            ws.row_dimensions[row].outline_level = level

    def heading(self, ws: Any, lines: Sequence[str]) -> int:
        from openpyxl.styles import Font

        for i, line in enumerate(lines, 1):
            self.put(ws, i, 1, line).font = Font(bold=i == 1, size=13 if i == 1 else 11)
        return len(lines) + 2

    def save(self, when: dt.datetime, *, title: str) -> bytes:
        from openpyxl.packaging.core import DocumentProperties
        from openpyxl.xml.functions import tostring

        props = DocumentProperties(creator="parcli", title=title, created=when, modified=when)
        self.book.properties = props
        out = io.BytesIO()
        self.book.save(out)
        # openpyxl stamps `modified` with the time of saving: put the fixed date back.
        props.modified = when
        core = tostring(props.to_tree())
        return fixed_zip(out.getvalue(), when, replace={"docProps/core.xml": core})


def _text(value: Value) -> str:
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, Num | Decimal):
        return "0" * 7  # shown rounded: 100.00
    return "" if value is None else str(value)


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))
