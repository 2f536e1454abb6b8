"""The XML parts of an XLSX workbook, streamed: relationships, sheets, shared strings,
number formats, and the cells of a sheet with their values, formulas and merged ranges.

Read with the standard library's pull parser in chunks: a part that declares a DOCTYPE or
entities is refused before it is parsed (no entity expansion), rows are dropped once read
(a sheet of a million empty rows stays small), and the cells kept are counted against a
budget. The bounds of the zip itself are `xlsx.open_workbook`'s.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO
from xml.etree.ElementTree import Element, XMLPullParser

from parcli.edit.xlsx_cells import Cell, Sheet, SheetInfo, parse_area, parse_ref

_CHUNK = 64 * 1024
_FORBIDDEN = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"  # Excel's "Strict Open XML" saving
_DATE_IDS = frozenset((*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)))
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_NOT_CODE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


# How a damaged entry fails while it is inflated: a bad CRC or header, a broken deflate
# stream, an encrypted entry (RuntimeError), a compression method Python lacks.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


class Unreadable(Exception):
    """A part cannot be read: (problem code, Vietnamese message)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------- the parts


def stream(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, Element]]:
    """(event, element) of one XML part, read in chunks; a DOCTYPE stops the reading."""
    try:
        handle: IO[bytes] = archive.open(part)
    except _DAMAGED:
        raise Unreadable(
            "file-unreadable", f"phần {part} của tệp Excel bị hỏng hoặc đặt mật khẩu"
        ) from None
    except KeyError:
        raise Unreadable(
            "file-unreadable", f"tệp Excel thiếu phần {part}; hãy mở bằng Excel và lưu lại"
        ) from None
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    tail = b""
    with handle:
        while True:
            try:
                chunk = handle.read(_CHUNK)
            except _DAMAGED:
                raise Unreadable(
                    "file-unreadable",
                    f"phần {part} của tệp Excel bị hỏng; hãy mở bằng Excel và lưu lại",
                ) from None
            if not chunk:
                break
            window = tail + chunk
            if any(word in window for word in _FORBIDDEN):
                raise Unreadable(
                    "file-unreadable",
                    f"phần {part} của tệp có khai báo DOCTYPE/ENTITY, điều mà Excel không bao "
                    "giờ ghi; parcli không đọc tệp này",
                )
            tail = window[-32:]
            parser.feed(chunk)
            yield from _events(parser, part)
    try:
        parser.close()
    except SyntaxError:
        raise Unreadable("file-unreadable", f"phần {part} không phải XML hợp lệ") from None
    yield from _events(parser, part)


def _events(parser: XMLPullParser[Element], part: str) -> Iterator[tuple[str, Element]]:
    """The parsed events; the parser keeps its errors (`&#x1b;`, a tag left open) until
    they are read, so they are caught here."""
    try:
        events = list(parser.read_events())
    except SyntaxError:
        raise Unreadable("file-unreadable", f"phần {part} không phải XML hợp lệ") from None
    yield from events  # type: ignore[misc]


def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → the part it targets, for `part`'s .rels (paths inside the zip)."""
    folder = PurePosixPath(part).parent
    rels = str(folder / "_rels" / (PurePosixPath(part).name + ".rels"))
    found: dict[str, str] = {}
    for event, elem in stream(archive, rels):
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


def workbook_parts(archive: zipfile.ZipFile) -> tuple[list[SheetInfo], dict[str, str], bool]:
    rels = relationships(archive, "xl/workbook.xml")
    sheets: list[SheetInfo] = []
    names: dict[str, str] = {}
    date1904 = False
    for event, elem in stream(archive, "xl/workbook.xml"):
        if event != "end":
            continue
        if elem.tag.startswith(_STRICT):
            raise Unreadable(
                "file-unreadable",
                "tệp được lưu dạng “Strict Open XML Spreadsheet”; hãy mở bằng Excel và lưu lại "
                "dạng “Excel Workbook (*.xlsx)”",
            )
        if elem.tag == _NS + "workbookPr":
            date1904 = elem.get("date1904", "0").lower() in ("1", "true")
        elif elem.tag == _NS + "sheet":
            part = rels.get(elem.get(_REL, ""), "")
            sheets.append(SheetInfo(elem.get("name", ""), elem.get("state", "visible"), part))
        elif elem.tag == _NS + "definedName" and elem.get("localSheetId") is None:
            names[elem.get("name", "")] = elem.text or ""
    return sheets, names, date1904


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    for event, elem in stream(archive, "xl/sharedStrings.xml"):
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
    text = "".join(pieces)
    return _ESCAPED.sub(_unescape, text) if "_x" in text else text


# Excel writes a character XML cannot hold as _xHHHH_ (ESC is _x001B_), and a literal
# "_x0041_" typed in a cell as _x005F_x0041_ (the underscore escaped).
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(found: re.Match[str]) -> str:
    code = int(found.group(1), 16)
    return found.group() if 0xD800 <= code <= 0xDFFF else chr(code)  # half a pair: no text


def date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indices of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    codes: dict[int, str] = {}
    dates: set[int] = set()
    index = 0
    in_xfs = False
    for event, elem in stream(archive, "xl/styles.xml"):
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


class TooManyCells(Exception):
    """A sheet holds more cells than the reading may keep."""


def read_sheet(
    archive: zipfile.ZipFile,
    info: SheetInfo,
    *,
    strings: list[str],
    dates: frozenset[int],
    room: int,
) -> Sheet:
    """The cells of a sheet that hold something (at most `room` of them), and its merges."""
    sheet = Sheet(info.name, {}, [])
    row = 0
    col = 0
    skipped: str | None = None  # the address of the empty cell just passed, read if needed
    holder: Element | None = None
    for event, elem in stream(archive, info.part):
        tag = elem.tag
        if event == "start":
            if tag == _ROW:
                number = elem.get("r") or str(row + 1)
                if not number.isdigit() or len(number) > 7:
                    raise Unreadable("file-unreadable", f"trang “{info.name}” có dòng mang số lạ")
                row, col, skipped = int(number), 0, None
            elif tag == _SHEET_DATA:
                holder = elem
            continue
        if tag == _C:
            ref = elem.get("r")
            if ref is None and skipped is not None:  # it follows the empty cell before it
                row, col = parse_ref(skipped) or (row, col)
                skipped = None
            if not len(elem):  # a cell with a style and nothing in it, the most frequent
                col, skipped = (col + 1, None) if ref is None else (col, ref)
                continue
            skipped = None
            where = parse_ref(ref) if ref else (row, col + 1)
            if where is None:
                raise Unreadable("file-unreadable", f"trang “{info.name}” có ô mang địa chỉ lạ")
            row, col = where
            cell = _cell(elem, where, strings, dates)
            if cell is not None:
                if len(sheet.cells) >= room:
                    raise TooManyCells
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
    style_text = elem.get("s") or "0"
    style = int(style_text) if style_text.isdigit() and len(style_text) < 9 else 0
    return Cell(row, col, "number", raw.strip(), formula_text, style in dates)
