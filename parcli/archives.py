"""Office files are zip containers of XML, opened here within bounds before any library
parses them: a zip entry can inflate a thousandfold, and an XML part can declare entities.

Every entry's declared size is bounded (Python's zipfile never inflates past it, and checks
the CRC), so is the compression ratio of a large entry (`is_bomb`, shared with the workbook
reader, edit/xlsx.py), and every XML part is read once with expat, which refuses any
DOCTYPE. DOCX templates are opened so; workbooks by edit/xlsx.py, with the same ratio.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What an Office file may hold; far above any real template."""

    entries: int = 2_000
    total_bytes: int = 64 * MB  # decompressed, all entries together


LIMITS = Limits()
# An entry over RATIO_FROM bytes that inflates more than BOMB_RATIO times is a zip bomb: real
# XML compresses some 5 to 30 times, deflate's most is about 1,000.
BOMB_RATIO = 100
RATIO_FROM = 1 * MB


def is_bomb(entry: zipfile.ZipInfo) -> bool:
    return entry.file_size > RATIO_FROM and entry.file_size > BOMB_RATIO * entry.compress_size


class Refused(Exception):
    """The container is not read; `reason` says why in Vietnamese."""

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large


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
    total = sum(entry.file_size for entry in entries)
    bomb = next((entry for entry in entries if is_bomb(entry)), None)
    if bomb is not None:
        raise Refused(
            f"phần {bomb.filename} nén hơn {BOMB_RATIO} lần (tệp “bom nén”); parcli không giải nén",
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


def check_xml(archive: zipfile.ZipFile, name: str) -> None:
    """Read one XML entry with expat, which refuses a DOCTYPE or an entity declaration."""
    parser = expat.ParserCreate()

    def doctype(*_args: object) -> None:
        raise Refused(
            f"phần {name} có khai báo DOCTYPE/ENTITY, điều Excel và Word không bao giờ tạo; "
            "parcli không đọc tệp này"
        )

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        with archive.open(name) as stream:
            _feed(parser, stream)
    except _BROKEN:
        raise Refused(f"phần {name} bị hỏng, không đọc được") from None


def _feed(parser: expat.XMLParserType, stream: IO[bytes]) -> None:
    while chunk := stream.read(1 << 20):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
