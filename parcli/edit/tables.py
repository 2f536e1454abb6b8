"""Tables people send as CSV or XLSX (survey results, appraisal decisions): text cells that
know their row and column, so every problem points at a cell."""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from pathlib import Path

from parcli.characters import IN_TEXT, shorten, unsafe_message
from parcli.edit.xlsx import Sheet, WorkbookError, open_workbook
from parcli.edit.xlsx_cells import Cell as XlsxCell
from parcli.errors import UsageError
from parcli.files import Unreadable, read_regular
from parcli.models import parse_decimal
from parcli.problems import Problem

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Cell:
    text: str
    row: int  # 1-based, as a spreadsheet shows it; the header is row 1
    col: int


@dataclass(frozen=True)
class Table:
    file: str
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]  # each as long as the header

    def problem(self, cell: Cell, code: str, message: str) -> Problem:
        return Problem(self.file, cell.row, cell.col, code, message)


# A table is a few hundred rows; 16 MB is far beyond any, and bounds what is read.
MAX_TABLE_BYTES = 16 * 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell


def read_table(path: Path, *, file: str) -> tuple[Table | None, list[Problem]]:
    """The first sheet (XLSX) or the whole file (CSV), blank rows left out; None when the
    file cannot be read as a table, with the problems that say why."""
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise UsageError(f"{file}: chỉ đọc được bảng .csv hoặc .xlsx")
    if not os.path.lexists(path):
        raise UsageError(f"không tìm thấy {file}; hãy kiểm tra đường dẫn")
    grid, problems = _xlsx_rows(path, file) if suffix == ".xlsx" else _csv_rows(path, file)
    if grid is None:
        return None, problems
    cells = [
        (row, [_cell(text, row, col, file, problems) for col, text in enumerate(values, start=1)])
        for row, values in grid
        if any(str(v).strip() for v in values)
    ]
    if not cells:
        raise UsageError(f"{file}: bảng trống; dòng đầu phải là tên các cột")
    (_, header), *body = cells
    width = len(header)
    while width and not header[width - 1].text:
        width -= 1
    rows: list[tuple[Cell, ...]] = []
    for row, line in body:
        for cell in line[width:]:
            if cell.text:
                problems.append(
                    Problem(
                        file,
                        cell.row,
                        cell.col,
                        "table-header",
                        f"ô “{shorten(cell.text)}” nằm ngoài các cột có tên; hãy thêm tên cột ở "
                        "dòng 1 hoặc xóa ô này",
                    )
                )
        padded = line[:width] + [Cell("", row, col) for col in range(len(line) + 1, width + 1)]
        rows.append(tuple(padded))
    return Table(file, tuple(header[:width]), tuple(rows)), problems


def _cell(text: str, row: int, col: int, file: str, problems: list[Problem]) -> Cell:
    """A cell's text; one too long, or holding an invisible character, is a problem."""
    if len(text) > MAX_CELL_CHARS:
        message = f"ô dài {len(text)} ký tự, quá giới hạn {MAX_CELL_CHARS} ký tự của một ô"
        problems.append(Problem(file, row, col, "table-too-large", message))
        return Cell("", row, col)
    bad = IN_TEXT.search(text)
    if bad is not None:
        problems.append(Problem(file, row, col, "control-character", unsafe_message(bad.group())))
    return Cell(_clean(text), row, col)


def parse_number(text: str) -> Decimal | None:
    """A decimal written with a dot, or with a comma as Vietnamese spreadsheets do; as a
    YAML file would take it (no `1_000`, no 1e999999999, "-0" is 0)."""
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return parse_decimal(text)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _csv_rows(path: Path, file: str) -> tuple[list[tuple[int, list[str]]] | None, list[Problem]]:
    try:
        raw = read_regular(path, limit=MAX_TABLE_BYTES)
    except Unreadable as exc:
        return None, [_unreadable(file, exc)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(
            f"{file} không phải văn bản UTF-8; trong Excel hãy lưu dạng “CSV UTF-8” "
            "hoặc dùng tệp .xlsx"
        ) from None
    first, newline, rest = text.partition("\n")
    hint = _SEP_HINT.match(first)
    if hint is not None:  # Excel's own first line naming the delimiter; the rows keep their numbers
        text = newline + rest
    delimiter = hint.group(1) if hint is not None else _delimiter(first)
    # The file is bounded: a long cell is measured and reported by `_cell`, at its place.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TABLE_BYTES))
    # strict: a quote never closed is an error, not every later row swallowed into one cell
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter, strict=True)
    grid: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            return None, [_unclosed_quote(file, start)]
        width = len(grid[0][1]) if grid else 0
        for col, value in enumerate(values, start=1):
            if _swallows_rows(value, delimiter, width):
                message = (
                    "ô này kéo dài qua nhiều dòng mà các dòng sau trông như những hàng của bảng: "
                    "có thể thiếu dấu ngoặc kép đóng ở đây; hãy sửa ô này trong Excel"
                )
                return None, [Problem(file, start, col, "table-unreadable", message)]
        grid.append((start, values))
    return grid, []


_SEP_HINT = re.compile(r"^sep=([,;\t|])\r?$")


def _delimiter(header: str) -> str:
    """Tab, else semicolon, else comma: the first that separates the header's cells.

    Excel set to Vietnamese writes `;` because the comma is its decimal mark, so a header
    such as `agency;1,2` holds an item id typed with a decimal comma, not three cells (a
    sniffer that counts characters picks the comma there). Quoted text is left out.
    """
    unquoted = "".join(header.split('"')[::2])
    return next((mark for mark in "\t;" if mark in unquoted), ",")


def _swallows_rows(value: str, delimiter: str, width: int) -> bool:
    """A cell whose later lines hold as many delimiters as a row: a quote opened and closed
    rows apart (a note may span lines, but not carry the table's rows inside it)."""
    lines = value.split("\n")[1:]
    return any(line.count(delimiter) >= max(width - 1, 1) for line in lines)


def _unclosed_quote(file: str, row: int) -> Problem:
    message = (
        f'dấu ngoặc kép mở ở dòng {row} không được đóng đúng cách (có thể thiếu dấu " đóng, '
        'hoặc có " lẻ giữa ô); hãy sửa ô đó trong Excel hoặc lưu lại dạng “CSV UTF-8”'
    )
    return Problem(file, row, 1, "table-unreadable", message)


def _unreadable(file: str, exc: Unreadable) -> Problem:
    code = "table-too-large" if exc.too_large else "file-unreadable"
    return Problem(file, 1, 1, code, f"không đọc được bảng: {exc.reason}")


# ---------------------------------------------------------------- workbooks

# A table's grid is built from the cells a sheet really has (edit/xlsx.py reads them within
# its bounds): these bound the rows and columns it spans, so that one stray cell far away
# (XFD1048576, in a 2 KB file) is refused where it is instead of making a grid of 17
# billion empty cells.
MAX_ROWS = 100_000
MAX_COLUMNS = 1_024
MAX_GRID = 2_000_000


def _xlsx_rows(path: Path, file: str) -> tuple[list[tuple[int, list[str]]] | None, list[Problem]]:
    """The first sheet as rows of text, through the one workbook reader (edit/xlsx.py)."""
    try:
        with open_workbook(path, file=file) as book:
            if not book.sheets:
                return [], []
            sheet = book.sheet(book.sheets[0])
            date1904 = book.date1904
    except WorkbookError as exc:
        return None, [exc.problem]
    rows = max((row for row, _ in sheet.cells), default=0)
    columns = max((col for _, col in sheet.cells), default=0)
    far = max(
        sheet.cells, default=(1, 1), key=lambda at: (at[0] > MAX_ROWS or at[1] > MAX_COLUMNS, at)
    )
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_GRID:
        message = (
            f"bảng trải tới dòng {rows}, cột {columns}, ngoài giới hạn {MAX_ROWS} dòng × "
            f"{MAX_COLUMNS} cột ({MAX_GRID} ô); hãy xóa các ô thừa ở xa rồi lưu lại"
        )
        return None, [Problem(file, *far, "table-too-large", message)]
    _refuse_numeric_ids(path, sheet)
    problems = [
        Problem(file, cell.row, cell.col, "table-unreadable", UNCOMPUTED)
        for cell in sheet.cells.values()
        if cell.formula is not None and cell.kind == "none"
    ]
    grid = [
        (row, [_cell_text(sheet.get(row, col), date1904) for col in range(1, columns + 1)])
        for row in range(1, rows + 1)
    ]
    return grid, problems


UNCOMPUTED = (
    "ô có công thức nhưng không có giá trị đã tính (tệp do một chương trình tạo ra, chưa "
    "được Excel tính lại); hãy mở bằng Excel rồi lưu lại, hoặc gõ giá trị thay cho công thức"
)


def _refuse_numeric_ids(path: Path, sheet: Sheet) -> None:
    """Excel turned an item id into a number: "1.10" became 1.1, which is another item.
    Which one was meant cannot be known, so nothing is guessed."""
    first = min((row for row, _ in sheet.cells), default=None)
    for (row, col), cell in sorted(sheet.cells.items()):
        if row == first and cell.kind == "number" and not cell.date_format and "." in cell.text:
            raise UsageError(
                f"{path.name}: ô tiêu đề ở cột {col} là số {_as_excel_shows(cell.text)}, không phải mã "
                "mục; Excel đổi mã như 1.10 thành 1.1. Hãy định dạng dòng tiêu đề là Text "
                "(Văn bản) rồi gõ lại các mã mục"
            )


def _cell_text(cell: XlsxCell | None, date1904: bool) -> str:
    """A cell as people typed it: numbers with Excel's 15 digits, dates as YYYY-MM-DD."""
    if cell is None or cell.kind in ("none",):
        return ""
    if cell.kind == "bool":
        return "có" if cell.text == "TRUE" else "không"
    if cell.kind == "number":
        day = cell.date(date1904=date1904) if cell.date_format else None
        if day is not None:
            return day.isoformat()
        return _as_excel_shows(cell.text)
    return cell.text


_EXCEL_DIGITS = Context(prec=15)  # Excel keeps and shows 15 significant digits


def _as_excel_shows(text: str) -> str:
    """A number cell's stored text as Excel shows it (0.30000000000000004 is 0.3), in
    decimals: the value goes on to be read as a score, never through a binary float."""
    try:
        number = _EXCEL_DIGITS.create_decimal(text.strip())
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text  # NaN, Infinity: left for the reader to refuse as not a number
    number = number.normalize()
    if not number:
        return "0"
    exponent = number.adjusted()
    if -4 <= exponent < 15:  # where Excel (and printf's %g) writes digits, not an exponent
        return format(number, "f")
    return f"{format(number.scaleb(-exponent), 'f')}e{exponent:+03d}"
