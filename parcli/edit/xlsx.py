"""XLSX workbooks read cell by cell, within bounds, straight from their XML.

A workbook is a zip of XML parts. Reading them with the standard library keeps what the
forms need that a spreadsheet library's reading modes do not give together: each cell's
cached value *and* whether it holds a formula, its number format (is it a date?), the merged
ranges and the defined names. And it keeps the bounds in one place: the declared size of
every part (a zip bomb is refused before it is inflated), the number of cells (a sheet that
claims a million rows is read by the cells it really has), and no DOCTYPE (no entity
expansion).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import IO, Literal
from xml.etree.ElementTree import Element, XMLPullParser

from parcli.problems import Problem

MAX_FILE_BYTES = 64 * 1024 * 1024  # the .xlsx as stored
MAX_PART_BYTES = 128 * 1024 * 1024  # one XML part, inflated
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # every part, inflated
MAX_PARTS = 10_000
MAX_CELLS = 1_000_000  # cells with a value or a formula, in all sheets read
_CHUNK = 64 * 1024
_FORBIDDEN = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_EXCEL = Context(prec=15)  # a spreadsheet keeps 15 significant digits; more is binary noise
_DATE_IDS = frozenset((*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)))
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_NOT_CODE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')

Kind = Literal["text", "number", "bool", "error", "none"]


class WorkbookError(Exception):
    """The workbook cannot be read at all; `problem` says why, at the file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Cell:
    """One cell: its value as the file writes it, and how to read that value.

    `text` is the text, the number's digits, TRUE/FALSE or the error (#N/A); for a formula
    it is the value last computed (kind "none" when the file has none).
    """

    row: int
    col: int
    kind: Kind
    text: str
    formula: str | None = None
    date_format: bool = False

    def date(self, *, date1904: bool = False) -> dt.date | None:
        """A number shown as a date: the day of its serial number (the time of day dropped)."""
        value = self.number
        if value is None or not 0 < value < 2_958_466:  # up to 9999-12-31
            return None
        days = int(value)
        if date1904:
            return dt.date(1904, 1, 1) + dt.timedelta(days=days)
        # Excel counts 1900 as a leap year (Lotus did): serial 60 is a 29 February that never was.
        return dt.date(1899, 12, 31 if days < 60 else 30) + dt.timedelta(days=days)

    @property
    def number(self) -> Decimal | None:
        """A number cell's value, as the spreadsheet shows it (15 significant digits)."""
        if self.kind != "number":
            return None
        try:
            value = _EXCEL.create_decimal(self.text)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str  # visible, hidden, veryHidden
    part: str


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], Cell]
    merged: list[tuple[int, int, int, int]]  # (top, left, bottom, right), 1-based, inclusive

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))


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
        if self._strings is None:
            self._strings = _shared_strings(self)
            self._dates = _date_styles(self)
        return _read_sheet(self, info)

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
        book.sheets, book.names, book.date1904 = _workbook_parts(book)
    except WorkbookError:
        archive.close()
        raise
    return book


def parse_ref(ref: str) -> tuple[int, int] | None:
    """`F12` or `$F$12` → (row 12, column 6); None when it is no cell reference."""
    match = _REF.match(ref.strip())
    if match is None:
        return None
    letters, digits = match.groups()
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - ord("A") + 1
    row = int(digits)
    return (row, col) if 1 <= row <= 1_048_576 and 1 <= col <= 16_384 else None


def parse_area(ref: str) -> tuple[int, int, int, int] | None:
    """`A6:W90` → (6, 1, 90, 23); a single cell is an area of one."""
    first, _, last = ref.partition(":")
    start, end = parse_ref(first), parse_ref(last or first)
    if start is None or end is None:
        return None
    return (
        min(start[0], end[0]),
        min(start[1], end[1]),
        max(start[0], end[0]),
        max(start[1], end[1]),
    )


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


# ---------------------------------------------------------------- the parts


def _stream(book: Workbook, part: str) -> Iterator[tuple[str, Element]]:
    """(event, element) of one XML part, read in chunks; a DOCTYPE stops the reading."""
    try:
        handle: IO[bytes] = book.archive.open(part)
    except KeyError:
        raise book.problem(
            "file-unreadable", f"tệp Excel thiếu phần {part}; hãy mở bằng Excel và lưu lại"
        ) from None
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    tail = b""
    with handle:
        while True:
            try:
                chunk = handle.read(_CHUNK)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise book.problem("file-unreadable", f"tệp Excel bị hỏng ({exc})") from None
            if not chunk:
                break
            window = tail + chunk
            if any(word in window for word in _FORBIDDEN):
                raise book.problem(
                    "file-unreadable",
                    f"phần {part} của tệp có khai báo DOCTYPE/ENTITY, điều mà Excel không bao "
                    "giờ ghi; parcli không đọc tệp này",
                )
            tail = window[-32:]
            try:
                parser.feed(chunk)
            except SyntaxError as exc:
                raise book.problem(
                    "file-unreadable", f"phần {part} không phải XML hợp lệ ({exc})"
                ) from None
            yield from parser.read_events()  # type: ignore[misc]
    try:
        parser.close()
    except SyntaxError as exc:
        raise book.problem(
            "file-unreadable", f"phần {part} không phải XML hợp lệ ({exc})"
        ) from None
    yield from parser.read_events()  # type: ignore[misc]


def _relationships(book: Workbook, part: str) -> dict[str, str]:
    """Relationship id → the part it targets, for `part`'s .rels (paths inside the zip)."""
    folder = PurePosixPath(part).parent
    rels = str(folder / "_rels" / (PurePosixPath(part).name + ".rels"))
    found: dict[str, str] = {}
    for event, elem in _stream(book, rels):
        if event == "end" and elem.tag == _PKG_REL:
            target = elem.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else str(folder / target)
            found[elem.get("Id", "")] = _normal_part(path)
    return found


def _normal_part(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _workbook_parts(book: Workbook) -> tuple[list[SheetInfo], dict[str, str], bool]:
    rels = _relationships(book, "xl/workbook.xml")
    sheets: list[SheetInfo] = []
    names: dict[str, str] = {}
    date1904 = False
    for event, elem in _stream(book, "xl/workbook.xml"):
        if event != "end":
            continue
        if elem.tag == _NS + "workbookPr":
            date1904 = elem.get("date1904", "0").lower() in ("1", "true")
        elif elem.tag == _NS + "sheet":
            part = rels.get(elem.get(_REL, ""), "")
            sheets.append(SheetInfo(elem.get("name", ""), elem.get("state", "visible"), part))
        elif elem.tag == _NS + "definedName" and elem.get("localSheetId") is None:
            names[elem.get("name", "")] = elem.text or ""
    return sheets, names, date1904


def _shared_strings(book: Workbook) -> list[str]:
    if "xl/sharedStrings.xml" not in book.archive.namelist():
        return []
    strings: list[str] = []
    for event, elem in _stream(book, "xl/sharedStrings.xml"):
        if event == "end" and elem.tag == _NS + "si":
            strings.append(_rich_text(elem))
            elem.clear()
    return strings


def _rich_text(elem: Element) -> str:
    """The text of a string item: its <t>, or its runs' <t>; phonetic hints left out."""
    pieces: list[str] = []
    for child in elem:
        if child.tag == _NS + "t":
            pieces.append(child.text or "")
        elif child.tag == _NS + "r":
            pieces.extend(t.text or "" for t in child.iter(_NS + "t"))
    return "".join(pieces)


def _date_styles(book: Workbook) -> frozenset[int]:
    """Indices of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in book.archive.namelist():
        return frozenset()
    codes: dict[int, str] = {}
    dates: set[int] = set()
    index = 0
    in_xfs = False
    for event, elem in _stream(book, "xl/styles.xml"):
        if elem.tag == _NS + "cellXfs":
            in_xfs = event == "start"
        elif event == "end" and elem.tag == _NS + "numFmt":
            codes[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "")
        elif event == "end" and elem.tag == _NS + "xf" and in_xfs:
            number_format = int(elem.get("numFmtId", "0"))
            if number_format in _DATE_IDS or (
                number_format in codes and _is_date_code(codes[number_format])
            ):
                dates.add(index)
            index += 1
    return frozenset(dates)


def _is_date_code(code: str) -> bool:
    bare = _NOT_CODE.sub("", code)
    return bare.lower() != "general" and bool(_DATE_CODE.search(bare))


_C, _ROW, _SHEET_DATA, _MERGE = (_NS + tag for tag in ("c", "row", "sheetData", "mergeCell"))


def _read_sheet(book: Workbook, info: SheetInfo) -> Sheet:
    strings = book._strings or []
    dates = book._dates or frozenset()
    sheet = Sheet(info.name, {}, [])
    row = 0
    col = 0
    holder: Element | None = None
    for event, elem in _stream(book, info.part):
        tag = elem.tag
        if event == "start":
            if tag == _ROW:
                row = int(elem.get("r") or row + 1)
                col = 0
            elif tag == _SHEET_DATA:
                holder = elem
            continue
        if tag == _C:
            ref = elem.get("r")
            if not len(elem):  # a cell with a style and nothing in it, the most frequent
                col = col + 1 if ref is None else col
                continue
            where = parse_ref(ref) if ref else (row, col + 1)
            if where is None:
                raise book.problem("file-unreadable", f"trang “{info.name}” có ô mang địa chỉ lạ")
            row, col = where
            cell = _cell(elem, where, strings, dates)
            if cell is not None:
                book._cells += 1
                if book._cells > MAX_CELLS:
                    raise book.problem(
                        "file-too-large",
                        f"biểu mẫu có hơn {MAX_CELLS:,} ô có dữ liệu; biểu mẫu parcli chỉ vài "
                        "nghìn ô: hãy kiểm tra đúng tệp chưa",
                    )
                sheet.cells[where] = cell
            elem.clear()
        elif tag == _ROW and holder is not None:
            holder.clear()  # rows already read: a sheet of a million rows stays small
        elif tag == _MERGE:
            area = parse_area(elem.get("ref", ""))
            if area is not None:
                sheet.merged.append(area)
    return sheet


def _cell(
    elem: Element, where: tuple[int, int], strings: list[str], dates: frozenset[int]
) -> Cell | None:
    kind_attr = elem.get("t", "n")
    value = elem.find(_NS + "v")
    formula = elem.find(_NS + "f")
    formula_text = (formula.text or "") if formula is not None else None
    raw = value.text if value is not None else None
    row, col = where
    if kind_attr == "inlineStr":
        inline = elem.find(_NS + "is")
        return Cell(
            row, col, "text", _rich_text(inline) if inline is not None else "", formula_text
        )
    if raw is None:
        return Cell(row, col, "none", "", formula_text) if formula_text is not None else None
    if kind_attr == "s":
        try:
            return Cell(row, col, "text", strings[int(raw)], formula_text)
        except (ValueError, IndexError):
            return Cell(row, col, "error", "#REF!", formula_text)
    if kind_attr in ("str", "d"):
        return Cell(row, col, "text", raw, formula_text)
    if kind_attr == "b":
        return Cell(row, col, "bool", "TRUE" if raw.strip() == "1" else "FALSE", formula_text)
    if kind_attr == "e":
        return Cell(row, col, "error", raw, formula_text)
    style = int(elem.get("s") or 0)
    return Cell(row, col, "number", raw.strip(), formula_text, style in dates)
