"""Tables people send as CSV or XLSX (survey results, appraisal decisions): text cells that
know their row and column, so every problem points at a cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from parcli.errors import UsageError
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


def read_table(path: Path, *, file: str) -> tuple[Table, list[Problem]]:
    """The first sheet (XLSX) or the whole file (CSV), blank rows left out."""
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise UsageError(f"{file}: chỉ đọc được bảng .csv hoặc .xlsx")
    try:
        grid = _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path.read_bytes(), file)
    except FileNotFoundError:
        raise UsageError(f"không tìm thấy {file}; hãy kiểm tra đường dẫn") from None
    except OSError as exc:
        raise UsageError(f"không đọc được {file}: {exc.strerror or exc}") from None
    cells = [
        (row, [Cell(_clean(text), row, col) for col, text in enumerate(values, start=1)])
        for row, values in grid
        if any(str(v).strip() for v in values)
    ]
    if not cells:
        raise UsageError(f"{file}: bảng trống; dòng đầu phải là tên các cột")
    (_, header), *body = cells
    width = len(header)
    while width and not header[width - 1].text:
        width -= 1
    problems: list[Problem] = []
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
                        f"ô “{cell.text}” nằm ngoài các cột có tên; hãy thêm tên cột ở dòng 1 "
                        "hoặc xóa ô này",
                    )
                )
        padded = line[:width] + [Cell("", row, col) for col in range(len(line) + 1, width + 1)]
        rows.append(tuple(padded))
    return Table(file, tuple(header[:width]), tuple(rows)), problems


def parse_number(text: str) -> Decimal | None:
    """A decimal written with a dot, or with a comma as Vietnamese spreadsheets do."""
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _csv_rows(raw: bytes, file: str) -> list[tuple[int, list[str]]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(
            f"{file} không phải văn bản UTF-8; trong Excel hãy lưu dạng “CSV UTF-8” "
            "hoặc dùng tệp .xlsx"
        ) from None
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    return [(reader.line_num, values) for values in reader]


def _delimiter(header: str) -> str:
    """Tab, else semicolon, else comma: the first that separates the header's cells.

    Excel set to Vietnamese writes `;` because the comma is its decimal mark, so a header
    such as `agency;1,2` holds an item id typed with a decimal comma, not three cells (a
    sniffer that counts characters picks the comma there). Quoted text is left out.
    """
    unquoted = "".join(header.split('"')[::2])
    return next((mark for mark in "\t;" if mark in unquoted), ",")


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # heavy: only when a workbook is read

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path} không phải tệp Excel .xlsx đọc được ({exc})") from None
    except Exception as exc:  # zipfile.BadZipFile and friends: not a workbook
        raise UsageError(f"{path} không phải tệp Excel .xlsx đọc được ({exc})") from None
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
        return [(row, [_cell_text(value) for value in values]) for row, values in grid]
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
