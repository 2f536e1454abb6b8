"""XLSX workbooks read cell by cell, within bounds, straight from their XML.

A workbook is a zip of XML parts (xlsx_parts.py reads them). Reading them with the
standard library keeps what the forms need that a spreadsheet library's reading modes do
not give together: each cell's cached value *and* whether it holds a formula, its number
format (is it a date?), the merged ranges and the defined names. The bounds are here, in
one place: the file's size, the declared size of every part (a zip bomb is refused before
it is inflated), the number of cells kept (a sheet that claims a million rows is read by
the cells it really has); xlsx_parts refuses DOCTYPE and entities.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from parcli.edit.xlsx_cells import Cell, Sheet, SheetInfo, parse_area, parse_ref
from parcli.edit.xlsx_parts import (
    TooManyCells,
    Unreadable,
    date_styles,
    read_sheet,
    shared_strings,
    workbook_parts,
)
from parcli.problems import Problem

__all__ = ["Cell", "Sheet", "SheetInfo", "Workbook", "WorkbookError", "open_workbook",
           "parse_area", "parse_ref", "split_reference"]  # fmt: skip

MAX_FILE_BYTES = 64 * 1024 * 1024  # the .xlsx as stored
MAX_PART_BYTES = 128 * 1024 * 1024  # one XML part, inflated
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # every part, inflated
MAX_PARTS = 10_000
MAX_CELLS = 1_000_000  # cells with a value or a formula, in all sheets read


class WorkbookError(Exception):
    """The workbook cannot be read at all; `problem` says why, at the file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Workbook:
    """An open workbook: its sheets in order and its defined names; read sheets on demand."""

    file: str
    archive: zipfile.ZipFile
    sheets: list[SheetInfo]
    names: dict[str, str]  # defined name → what it refers to, e.g. 'Tự đánh giá'!$A$6:$W$90
    date1904: bool = False  # dates count from 1904 (old Mac workbooks), not from 1900
    _strings: list[str] | None = None
    _dates: frozenset[int] | None = None
    _cells: int = field(default=0)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()

    def sheet(self, info: SheetInfo) -> Sheet:
        try:
            if self._strings is None:
                self._strings = shared_strings(self.archive)
                self._dates = date_styles(self.archive)
            room = MAX_CELLS - self._cells
            found = read_sheet(
                self.archive,
                info,
                strings=self._strings,
                dates=self._dates or frozenset(),
                room=room,
            )
        except Unreadable as exc:
            raise self.problem(exc.code, exc.message) from None
        except TooManyCells:
            message = (
                f"biểu mẫu có hơn {MAX_CELLS:,} ô có dữ liệu; biểu mẫu parcli chỉ vài nghìn ô: "
                "hãy kiểm tra đúng tệp chưa"
            )
            raise self.problem("file-too-large", message) from None
        self._cells += len(found.cells)
        return found

    def problem(self, code: str, message: str) -> WorkbookError:
        return WorkbookError(Problem(self.file, 1, 1, code, message))


def open_workbook(path: Path, *, file: str) -> Workbook:
    """Open `path` for reading, or raise WorkbookError (not a workbook, too large)."""
    unreadable = f"không đọc được {path.name} như một tệp Excel .xlsx"
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkbookError(
                Problem(
                    file,
                    1,
                    1,
                    "file-too-large",
                    f"tệp lớn {size / 1024 / 1024:.1f} MB, vượt giới hạn "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB của biểu mẫu; hãy kiểm tra đúng tệp chưa",
                )
            )
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise WorkbookError(
            Problem(file, 1, 1, "file-unreadable", "không tìm thấy tệp; hãy kiểm tra đường dẫn")
        ) from None
    except OSError as exc:
        message = f"không đọc được tệp: {exc.strerror or exc}"
        raise WorkbookError(Problem(file, 1, 1, "file-unreadable", message)) from None
    except (zipfile.BadZipFile, ValueError):
        message = f"{unreadable} (tệp .xls cũ hoặc tệp hỏng); hãy mở bằng Excel và lưu dạng .xlsx"
        raise WorkbookError(Problem(file, 1, 1, "file-unreadable", message)) from None
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    largest = max((info.file_size for info in infos), default=0)
    if len(infos) > MAX_PARTS or total > MAX_TOTAL_BYTES or largest > MAX_PART_BYTES:
        archive.close()
        raise WorkbookError(
            Problem(
                file,
                1,
                1,
                "file-too-large",
                f"tệp nén chứa {total / 1024 / 1024:.0f} MB dữ liệu trong {len(infos)} phần, vượt "
                "giới hạn đọc biểu mẫu; đây không phải biểu mẫu parcli xuất ra",
            )
        )
    book = Workbook(file, archive, [], {})
    try:
        book.sheets, book.names, book.date1904 = workbook_parts(archive)
    except Unreadable as exc:
        archive.close()
        raise book.problem(exc.code, exc.message) from None
    return book


def split_reference(text: str) -> tuple[str, str] | None:
    """`'Sở A''s'!$A$1:$B$2` → ("Sở A's", "$A$1:$B$2"); None for #REF! and formulas."""
    text = text.strip().lstrip("=")
    if text.startswith("'"):
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                return None
            if text[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        sheet, rest = text[1:end].replace("''", "'"), text[end + 1 :]
    else:
        sheet, _, rest = text.partition("!")
        rest = "!" + rest if rest else ""
    if not rest.startswith("!") or "#REF" in rest:
        return None
    return sheet, rest[1:]
