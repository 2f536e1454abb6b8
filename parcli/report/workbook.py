"""The one XLSX writer (openpyxl): numbers stay numbers, rounded as published, text stays text,
totals are live formulas that carry their computed values, pages print on A4, and the same
inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parcli.characters import IN_TEXT, printable
from parcli.numbers import NONE_SHOWN, Display
from parcli.report.scores import FORMULA_START
from parcli.report.zips import fixed_zip

AS_WRITTEN = None  # places of a maximum: shown as the set writes it (1,5 and 100), as in Word


@dataclass(frozen=True)
class Num:
    """A number with its own decimals (percentages; ratio items kept to 4 places), or
    `AS_WRITTEN` for a maximum."""

    value: Decimal | None
    places: int | None


@dataclass(frozen=True)
class Formula:
    """A live formula (without its "=") and the value parcli computed for it: the value is
    stored with the formula, so a viewer that does not recalculate still shows it."""

    text: str
    value: Decimal | str | None
    places: int | None = 2


Value = str | int | Decimal | Num | Formula | dt.date | None
MAX_WIDTH = 60
HEADER_FILL = "D9E2F3"
DATE_FORMAT = "DD/MM/YYYY"
FONT, SIZE = "Times New Roman", 12  # one family, as in the Word documents
MM = 1 / 25.4  # inches: margins as the Word documents, top 20, bottom 20, left 30, right 15
WIDE = 110  # characters of column width above which a sheet prints landscape
_DEFAULT_FONT = (
    '<name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/><scheme val="minor"/>'
)


class Writer:
    """One workbook; numbers take the number format of their decimals."""

    def __init__(self, display: Display) -> None:
        from openpyxl import Workbook  # heavy: only when XLSX is asked for

        self.display = display
        self.book = Workbook()
        self._first = True
        self._cached: dict[tuple[int, str], Formula] = {}
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
        self._font(cell)
        if isinstance(value, Decimal):
            value = Num(value, self.display.points)
        if isinstance(value, Formula):
            cell.value = "=" + value.text
            if not isinstance(value.value, str):
                cell.number_format = _number_format(value.places)
            self._cached[(self.book.worksheets.index(ws), cell.coordinate)] = value
        elif isinstance(value, Num):
            if value.value is None:
                return self.put(ws, row, col, NONE_SHOWN)
            # The exact value, shown rounded by its number format: formulas over these cells
            # then give parcli's own totals, not sums of rounded numbers.
            cell.value = value.value
            cell.number_format = _number_format(value.places)
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE_FORMAT
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
            cell.font = Font(name=FONT, size=SIZE, bold=True)
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
        self.print_setup(ws, top)
        return top + len(rows)

    def print_setup(self, ws: Any, header_row: int) -> None:
        """A4, landscape when the columns are wide, fit to the page width, the header row on
        every page, margins as in the Word documents."""
        from openpyxl.worksheet.page import PageMargins

        width = sum(d.width or 8 for d in ws.column_dimensions.values())
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if width > WIDE else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_margins = PageMargins(left=30 * MM, right=15 * MM, top=20 * MM, bottom=20 * MM,
                                      header=10 * MM, footer=10 * MM)  # fmt: skip

    def fit(self, ws: Any, header: Sequence[str], rows: Sequence[Sequence[Value]]) -> None:
        for col, name in enumerate(header, 1):
            texts = [_text(row[col - 1]) for row in rows if col - 1 < len(row)]
            longest = max([len(name) * 0.8, *(len(t) for t in texts)], default=8)
            # Vietnamese letters with two marks are wider than the Latin average: +15 %.
            ws.column_dimensions[_column(col)].width = min(max(longest * 1.15 + 2, 6), MAX_WIDTH)

    def emphasize(self, cell: Any, *, italic: bool = False) -> Any:
        from openpyxl.styles import Font

        cell.font = Font(name=FONT, size=SIZE, bold=True, italic=italic)
        return cell

    def outline(self, ws: Any, row: int, level: int) -> None:
        """Group a row under the one above it (Excel's +/− outline), summaries on top."""
        ws.sheet_properties.outlinePr.summaryBelow = False
        if level:
            ws.row_dimensions[row].outline_level = level

    def heading(self, ws: Any, lines: Sequence[str]) -> int:
        from openpyxl.styles import Font

        for i, line in enumerate(lines, 1):
            self.put(ws, i, 1, line).font = Font(
                name=FONT, bold=i == 1, size=13 if i == 1 else SIZE
            )
        return len(lines) + 2

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
            set_ids(cell, known)
            return cell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        cell.font = Font(name=FONT, size=size or SIZE, bold=bold, italic=italic)
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

    def _font(self, cell: Any) -> None:
        """The one font: set through ids made once (openpyxl hashes every style object)."""
        known = self._styles.get(("font",))
        if known is not None:
            set_ids(cell, known)
            return
        from openpyxl.styles import Font

        cell.font = Font(name=FONT, size=SIZE)
        self._styles[("font",)] = {"fontId": cell._style.fontId}

    def save(self, when: dt.datetime, *, title: str) -> bytes:
        from openpyxl.packaging.core import DocumentProperties
        from openpyxl.xml.functions import tostring

        props = DocumentProperties(creator="parcli", title=title, created=when, modified=when)
        self.book.properties = props
        self.book.calculation.fullCalcOnLoad = True  # Excel recalculates on opening
        out = io.BytesIO()
        self.book.save(out)
        # openpyxl stamps `modified` with the time of saving: put the fixed date back.
        props.modified = when
        replace = {"docProps/core.xml": tostring(props.to_tree())}
        with zipfile.ZipFile(io.BytesIO(out.getvalue())) as written:
            styles = written.read("xl/styles.xml").decode("utf-8")
            # the default font of empty cells too: one family throughout
            replace["xl/styles.xml"] = styles.replace(
                _DEFAULT_FONT, f'<name val="{FONT}"/><family val="1"/><sz val="{SIZE}"/>', 1
            ).encode("utf-8")
            for index in range(len(self.book.worksheets)):
                name = f"xl/worksheets/sheet{index + 1}.xml"
                replace[name] = self._with_values(index, written.read(name).decode("utf-8"))
        return fixed_zip(out.getvalue(), when, replace=replace)

    def _with_values(self, index: int, xml: str) -> bytes:
        """Put each formula's computed value into the cell openpyxl left empty."""

        def fill(found: re.Match[str]) -> str:
            formula = self._cached.get((index, found.group(2)))
            if formula is None:
                return found.group(0)
            if formula.value is None:
                return found.group(0)
            if isinstance(formula.value, str):
                text = formula.value.replace("&", "&amp;").replace("<", "&lt;")
                return (
                    f'{found.group(1)} t="str"{found.group(3)}><f>{found.group(4)}</f><v>{text}</v>'
                )
            value = f"{formula.value:f}"  # exact: the number format rounds what is shown
            return f"{found.group(1)}{found.group(3)}><f>{found.group(4)}</f><v>{value}</v>"

        pattern = r'(<c r="([A-Z]+[0-9]+)")([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?'
        return re.sub(pattern, fill, xml).encode("utf-8")


def set_ids(cell: Any, ids: dict[str, int]) -> None:
    from openpyxl.styles.cell_style import StyleArray

    if not cell._style:  # openpyxl's array of style ids: the cheap way to share a style
        cell._style = StyleArray()
    style = cell._style
    for name, value in ids.items():
        setattr(style, name, value)


def _number_format(places: int | None) -> str:
    if places is AS_WRITTEN:
        return "General"  # no trailing zeros: 1.5 and 100 read as the documents write them
    return "0." + "0" * places if places else "0"


def _text(value: Value) -> str:
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, Num | Decimal | Formula):
        return "0" * 7  # shown rounded: 100.00
    return "" if value is None else str(value)


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))
