"""The one XLSX writer (openpyxl): numbers stay numbers, rounded as published, text stays text,
and the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parcli.models import CriteriaSet
from parcli.numbers import NONE_SHOWN, quantize
from parcli.report.zips import fixed_zip


@dataclass(frozen=True)
class Num:
    """A number with its own decimals (percentages; ratio items kept to 4 places)."""

    value: Decimal | None
    places: int


@dataclass(frozen=True)
class Formula:
    """A formula parcli wrote (never text from a file), shown with `places` decimals."""

    text: str  # "=SUM(N6,N9)"
    places: int | None = None


@dataclass(frozen=True)
class Exact:
    """A number someone typed, written as it is (an input cell must give back what it got)."""

    value: Decimal


Value = str | int | Decimal | Num | Formula | Exact | dt.date | None
FORMULA_START = ("=", "+", "-", "@")
MAX_WIDTH = 60
HEADER_FILL = "D9E2F3"
INPUT_FILL = "FFF2CC"  # the cells to fill in, as forms on paper shade them
TEXT_FORMAT = "@"  # typed text stays text: "1/3" is not a date, "1.10" not a number
DATE_FORMAT = "DD/MM/YYYY"


class Writer:
    """One workbook; numbers take the number format of their decimals."""

    def __init__(self, cs: CriteriaSet) -> None:
        from openpyxl import Workbook  # heavy: only when XLSX is asked for

        self.cs = cs
        self.book = Workbook()
        self._first = True
        self._styles: dict[tuple[Any, ...], dict[str, int]] = {}

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
        if isinstance(value, Formula):
            cell.value = value.text
            if value.places is not None:
                cell.number_format = _places_format(value.places)
        elif isinstance(value, Exact):
            cell.value = value.value
        elif isinstance(value, Num):
            if value.value is None:
                return self.put(ws, row, col, NONE_SHOWN)
            cell.value = quantize(value.value, value.places)
            cell.number_format = _places_format(value.places)
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            cell.value = value
            if isinstance(value, str):
                # Text is text: "=…", "@…", "#N/A" from a submission must never run or
                # turn into an error value in Excel.
                cell.data_type = "s"
                if value.startswith(FORMULA_START):
                    cell.quotePrefix = True
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

    def style(
        self,
        cell: Any,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        fill: str | None = None,
        wrap: bool = False,
        border: bool = False,
        align: str | None = None,
    ) -> Any:
        """Font, shading, wrapping and a thin border; a shaded cell keeps its shade."""
        key = (bold, italic, size, fill, wrap, border, align)
        known = self._styles.get(key)
        if known is not None:
            # openpyxl hashes every style object it is given: a form of thousands of cells
            # takes the ids of a style made once (what copying a cell's style does).
            _set_ids(cell, known)
            return cell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        cell.font = Font(bold=bold, italic=italic, size=size)
        if fill is not None:
            cell.fill = PatternFill("solid", fgColor=fill)
        cell.alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=align)
        if border:
            thin = Side(style="thin", color="A6A6A6")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        names = (
            "fontId",
            "alignmentId",
            *(("borderId",) if border else ()),
            *(("fillId",) if fill else ()),
        )
        self._styles[key] = {name: getattr(cell._style, name) for name in names}
        return cell

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

    # -- forms: cells to fill in, checked as they are typed, the rest protected ---------

    def unlock(self, cell: Any, *, number_format: str | None = None) -> Any:
        """A cell to fill in: shaded, and left unlocked when the sheet is protected."""
        key = ("unlock", number_format)
        known = self._styles.get(key)
        if known is not None:
            _set_ids(cell, known)
            return cell
        from openpyxl.styles import PatternFill, Protection

        cell.protection = Protection(locked=False)
        cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
        if number_format is not None:
            cell.number_format = number_format
        names = ("protectionId", "fillId", *(("numFmtId",) if number_format else ()))
        self._styles[key] = {name: getattr(cell._style, name) for name in names}
        return cell

    def validate(self, ws: Any, refs: Sequence[str], rule: Validation) -> None:
        """Excel refuses a value that breaks `rule` as it is typed, with its message."""
        from openpyxl.worksheet.datavalidation import DataValidation

        dv = DataValidation(
            type=rule.kind,
            operator=rule.operator,
            formula1=rule.formula1,
            formula2=rule.formula2,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=bool(rule.prompt),
            errorTitle="Giá trị không hợp lệ",
            error=rule.error[:255],
            promptTitle=rule.prompt_title[:32] or None,
            prompt=rule.prompt[:255] or None,
        )
        for ref in refs:
            dv.add(ref)
        ws.add_data_validation(dv)

    def protect(self, ws: Any) -> None:
        """Protection against slips, not attackers: no password; columns may be widened,
        rows inserted (a second document of evidence) and filtered, not sorted."""
        ws.protection.sheet = True
        for allowed in ("formatColumns", "formatRows", "insertRows", "autoFilter"):
            setattr(ws.protection, allowed, False)

    def define(self, name: str, ws: Any, area: str) -> None:
        """A workbook-wide name for `area` of `ws`; it follows the sheet when renamed."""
        from openpyxl.workbook.defined_name import DefinedName

        sheet = "'" + ws.title.replace("'", "''") + "'"
        self.book.defined_names[name] = DefinedName(name, attr_text=f"{sheet}!{area}")

    def print_setup(
        self,
        ws: Any,
        *,
        title_rows: str,
        landscape: bool = True,
        wide: bool = False,
    ) -> None:
        """A4, fitted to the page's width, the header repeated on every page, pages numbered.

        A `wide` sheet is printed two pages wide, its first two columns (STT and title)
        repeated on both, the two halves of each band of rows one after the other.
        """
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 2 if wide else 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = title_rows
        if wide:
            ws.print_title_cols = "A:B"
            ws.page_setup.pageOrder = "overThenDown"
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.oddFooter.center.text = "Trang &P/&N"

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


@dataclass(frozen=True)
class Validation:
    """A data validation rule (Excel's Data → Validation), in Excel's own terms."""

    kind: str  # decimal, whole, list, custom, textLength
    formula1: str
    error: str
    operator: str | None = None
    formula2: str | None = None
    prompt_title: str = ""
    prompt: str = ""


def _set_ids(cell: Any, ids: dict[str, int]) -> None:
    from openpyxl.styles.cell_style import StyleArray

    if not cell._style:  # openpyxl's array of style ids: the cheap way to share a style
        cell._style = StyleArray()
    style = cell._style
    for name, value in ids.items():
        setattr(style, name, value)


def _places_format(places: int) -> str:
    return "0." + "0" * places if places else "0"


def _text(value: Value) -> str:
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, Num | Decimal | Formula | Exact):
        return "0" * 7  # shown rounded: 100.00
    return "" if value is None else str(value)


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))
