"""Tables people send as CSV or XLSX (survey results, appraisal decisions): text cells that
know their row and column, so every problem points at a cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from parcli.archives import LIMITS, Limits, Refused, Sheet, measure_sheet, open_zip, sheet_entries
from parcli.characters import IN_TEXT, shorten, unsafe_message
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
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # The file is bounded: a long cell is measured and reported by `_cell`, at its place.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TABLE_BYTES))
    # strict: a quote never closed is an error, not every later row swallowed into one cell
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
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
            if _swallows_rows(value, dialect.delimiter, width):
                message = (
                    "ô này kéo dài qua nhiều dòng mà các dòng sau trông như những hàng của bảng: "
                    "có thể thiếu dấu ngoặc kép đóng ở đây; hãy sửa ô này trong Excel"
                )
                return None, [Problem(file, start, col, "table-unreadable", message)]
        grid.append((start, values))
    return grid, []


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


@dataclass(frozen=True)
class OpenWorkbook:
    """An openpyxl workbook opened within every bound, and what was measured on the way:
    each sheet's used range and its formulas with no computed value, by sheet title."""

    book: Any
    sheets: dict[str, Sheet]


def open_workbook(
    path: Path,
    *,
    file: str,
    read_only: bool = True,
    data_only: bool = True,
    limits: Limits = LIMITS,
) -> tuple[OpenWorkbook | None, list[Problem]]:
    """The one way parcli opens an XLSX workbook, or the problems that stop it.

    Bounded before openpyxl sees a byte: the file's size (regular files only), the zip's
    entries, decompressed size and compression ratio (zip bombs), DOCTYPE and entity
    declarations in any XML part, and each worksheet's rows, columns and cells as written
    (a stray cell at XFD1048576 is refused, not iterated). A read-only sheet's dimensions
    are set to its used range, so `iter_rows()` never walks a range it only claims.
    """
    try:
        raw = read_regular(path, limit=MAX_TABLE_BYTES)
    except Unreadable as exc:
        return None, [_unreadable(file, exc)]
    try:
        archive = open_zip(raw, limits=limits)
        sheets = {
            title: measure_sheet(archive, entry, limits=limits)
            for title, entry in sheet_entries(archive).items()
        }
    except Refused as exc:
        code = "table-too-large" if exc.too_large else "table-unreadable"
        return None, [Problem(file, *exc.at, code, f"không đọc được bảng: {exc.reason}")]
    from openpyxl import load_workbook  # heavy: only when a workbook is read

    try:
        book = load_workbook(io.BytesIO(raw), read_only=read_only, data_only=data_only)
    except Exception:  # openpyxl's many ways of finding a part it does not expect
        message = (
            "không đọc được bảng: tệp Excel bị hỏng hoặc không đúng chuẩn; hãy mở bằng "
            "Excel và lưu lại"
        )
        return None, [Problem(file, 1, 1, "table-unreadable", message)]
    if read_only:
        for sheet in book.worksheets:
            used = sheets.get(sheet.title, Sheet())
            sheet._min_row = sheet._min_column = 1  # openpyxl keeps no public setter
            sheet._max_row, sheet._max_column = used.rows or None, used.columns or None
    return OpenWorkbook(book, sheets), []


def _xlsx_rows(path: Path, file: str) -> tuple[list[tuple[int, list[str]]] | None, list[Problem]]:
    opened, problems = open_workbook(path, file=file)
    if opened is None:
        return None, problems
    book = opened.book
    try:
        sheet = book.worksheets[0]
        grid = [
            (row, list(values))
            for row, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        header = next((values for _, values in grid if any(v is not None for v in values)), [])
        for col, value in enumerate(header, start=1):
            if isinstance(value, float):
                # Excel turned an item id into a number: "1.10" became 1.1, which is another
                # item. Which one was meant cannot be known, so nothing is guessed.
                raise UsageError(
                    f"{path.name}: ô tiêu đề ở cột {col} là số {value:g}, không phải mã mục; "
                    "Excel đổi mã như 1.10 thành 1.1. Hãy định dạng dòng tiêu đề là Text "
                    "(Văn bản) rồi gõ lại các mã mục"
                )
        message = (
            "ô có công thức nhưng không có giá trị đã tính (tệp do một chương trình tạo ra, "
            "chưa được Excel tính lại); hãy mở bằng Excel rồi lưu lại, hoặc gõ giá trị thay "
            "cho công thức"
        )
        for row, col in opened.sheets.get(sheet.title, Sheet()).uncomputed:
            problems.append(Problem(file, row, col, "table-unreadable", message))
        return [(row, [_cell_text(value) for value in values]) for row, values in grid], problems
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits; more would only show binary noise (0.1 + 0.2).
        return f"{value:.15g}"
    if isinstance(value, dt.datetime | dt.date):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)
