"""Office files (XLSX workbooks, DOCX templates) are zip containers of XML: opened here
within bounds, before any library parses them.

A 5 KB workbook can claim a cell at XFD1048576, a zip entry can inflate a thousandfold, and
an XML part can declare entities. Every entry's declared size is bounded (Python's zipfile
never inflates past it, and checks the CRC), so is the compression ratio of a large entry;
every XML part is read once with expat, which refuses any DOCTYPE; and a worksheet's cells
are measured where they are, never where its `<dimension>` says they are.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What an Office file may hold; far above any real form, survey table or template."""

    entries: int = 2_000
    total_bytes: int = 64 * MB  # decompressed, all entries together
    ratio: int = 100  # decompressed ÷ compressed, for entries over `ratio_from` bytes
    ratio_from: int = 1 * MB
    rows: int = 100_000  # a worksheet's rows and columns, as used, not as declared
    columns: int = 1_024
    cells: int = 2_000_000  # rows × columns of the used range: what a grid reader visits


LIMITS = Limits()


class Refused(Exception):
    """The container is not read; `reason` says why in Vietnamese, `at` the cell if any."""

    def __init__(
        self, reason: str, *, too_large: bool = False, at: tuple[int, int] = (1, 1)
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large
        self.at = at


@dataclass
class Sheet:
    """A worksheet as its cells are written: the used range and the formulas no program
    ever computed (a value Excel saves beside each formula is missing)."""

    rows: int = 0
    columns: int = 0
    uncomputed: list[tuple[int, int]] = field(default_factory=list)


def open_zip(raw: bytes, *, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """The container, once its entries fit the limits and its XML declares no DOCTYPE."""
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: a password-protected file, or .xls/.doc
        raise Refused(
            "tệp được đặt mật khẩu hoặc là định dạng cũ (.xls, .doc); hãy bỏ mật khẩu và lưu "
            "lại dạng mới (.xlsx, .docx)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refused(
            "không phải tệp .xlsx/.docx đúng chuẩn (có thể là tệp bị đổi đuôi) hoặc tệp đã "
            "hỏng; hãy mở bằng Excel/Word và lưu lại"
        ) from None
    if len(entries) > limits.entries:
        raise Refused(f"có {len(entries)} phần, quá {limits.entries} phần", too_large=True)
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ratio_from and ratio > limits.ratio:
            raise Refused(
                f"phần {entry.filename} nén {ratio:.0f} lần (tệp “bom nén”); parcli không giải nén",
                too_large=True,
            )
    if total > limits.total_bytes:
        raise Refused(
            f"giải nén ra {total / MB:.0f} MB, quá giới hạn {limits.total_bytes // MB} MB",
            too_large=True,
        )
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels", ".vml")) or entry.filename.startswith(
            "[Content_Types]"
        ):
            check_xml(archive, entry.filename)
    return archive


Handler = Callable[[str, dict[str, str]], None]
# How a damaged entry fails: bad XML, a bad CRC or header, a broken deflate stream, an
# encrypted entry (RuntimeError), a compression method Python lacks (NotImplementedError).
_BROKEN = (
    expat.ExpatError,
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    RuntimeError,
    EOFError,
    NotImplementedError,
    ValueError,
)


def check_xml(
    archive: zipfile.ZipFile,
    name: str,
    *,
    start: Handler | None = None,
    end: Callable[[str], None] | None = None,
) -> None:
    """Read one XML entry with expat: no DOCTYPE or entity; `start`/`end` see each element
    by its local name (namespaces dropped)."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_args: object) -> None:
        raise Refused(
            f"phần {name} có khai báo DOCTYPE/ENTITY, điều Excel và Word không bao giờ tạo; "
            "parcli không đọc tệp này"
        )

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    if start is not None:
        parser.StartElementHandler = lambda tag, attrs: start(tag.rpartition(" ")[2], attrs)
    if end is not None:
        parser.EndElementHandler = lambda tag: end(tag.rpartition(" ")[2])
    try:
        with archive.open(name) as stream:
            _feed(parser, stream)
    except _BROKEN:
        raise Refused(f"phần {name} bị hỏng, không đọc được") from None


def _feed(parser: expat.XMLParserType, stream: IO[bytes]) -> None:
    while chunk := stream.read(1 << 20):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def measure_sheet(archive: zipfile.ZipFile, name: str, *, limits: Limits = LIMITS) -> Sheet:
    """The used range of a worksheet entry, refused as soon as a cell lies beyond the limits."""
    sheet = Sheet()
    cursor = _Cursor()

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "row":
            cursor.next_row(attrs.get("r"))
        elif tag == "c":
            row, col = cursor.next_cell(attrs.get("r"))
            if row > limits.rows or col > limits.columns:
                raise Refused(
                    f"có ô ở dòng {row}, cột {col}, ngoài giới hạn {limits.rows} dòng × "
                    f"{limits.columns} cột; hãy xóa các dòng, cột thừa rồi lưu lại",
                    too_large=True,
                    at=(min(row, 10**9), min(col, 10**9)),
                )
            sheet.rows = max(sheet.rows, row)
            sheet.columns = max(sheet.columns, col)
        elif tag == "f":
            cursor.formula = True
        elif tag in ("v", "is"):
            cursor.value = True

    def end(tag: str) -> None:
        if tag == "c" and cursor.formula and not cursor.value:
            sheet.uncomputed.append((cursor.row, cursor.col))

    check_xml(archive, name, start=start, end=end)
    if sheet.rows * sheet.columns > limits.cells:
        raise Refused(
            f"vùng dữ liệu {sheet.rows} dòng × {sheet.columns} cột vượt giới hạn "
            f"{limits.cells} ô; hãy xóa các ô thừa ở xa rồi lưu lại",
            too_large=True,
            at=(sheet.rows, sheet.columns),
        )
    return sheet


_FAR = 10**10  # a reference no limit allows: too many letters or digits to be a real cell


@dataclass
class _Cursor:
    """Where the parser is: a row or cell without `r` follows the one before it."""

    row: int = 0
    col: int = 0
    formula: bool = False
    value: bool = False

    def next_row(self, ref: str | None) -> None:
        self.row = _whole(ref) if ref else self.row + 1
        self.col = 0

    def next_cell(self, ref: str | None) -> tuple[int, int]:
        self.formula = self.value = False
        if not ref:
            self.row, self.col = max(self.row, 1), self.col + 1
            return self.row, self.col
        letters = ref.rstrip("0123456789")
        digits = ref[len(letters) :]
        if len(letters) > 3 or not letters.isalpha() or not letters.isascii():
            self.col = _FAR
        else:
            self.col = 0
            for letter in letters.upper():
                self.col = self.col * 26 + ord(letter) - 64
        self.row = _whole(digits) if digits else max(self.row, 1)
        return self.row, self.col


def _whole(text: str) -> int:
    return int(text) if text.isdigit() and len(text) <= 10 else _FAR


# ---------------------------------------------------------------- which entry is which sheet

_OFFICE_DOCUMENT = "/officeDocument"


def sheet_entries(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet title → its entry in the container, as the workbook part lists them."""
    main = next(
        (
            target
            for kind, target in _relationships(archive, "").values()
            if kind.endswith(_OFFICE_DOCUMENT)
        ),
        None,
    )
    if main is None or main not in archive.namelist():
        raise Refused("tệp không có phần workbook của Excel; hãy mở bằng Excel và lưu lại")
    targets = _relationships(archive, main)
    sheets: dict[str, str] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            rel = next((v for k, v in attrs.items() if k.endswith(" id")), "")
            if rel in targets and "name" in attrs:
                sheets[attrs["name"]] = targets[rel][1]

    check_xml(archive, main, start=start)
    return sheets


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target entry) of a part's relationships (`""`: the package's own)."""
    folder, _, name = part.rpartition("/")
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, tuple[str, str]] = {}
    if rels not in archive.namelist():
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrs["Id"]] = (attrs.get("Type", ""), posixpath.normpath(path))

    check_xml(archive, rels, start=start)
    return found
