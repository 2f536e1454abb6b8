"""Files read safely: regular files only, bounded by a size, each read remembered; and every
reason a path cannot be read or written said in Vietnamese (`os_reason`), so that no English
`strerror` reaches a user."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_CHUNK = 1 << 20
# A submission is ~25 KB; a criteria set ~60 KB. Anything near this is not a hand-edited file.
MAX_FILE_BYTES = 8 * 1024 * 1024


class Unreadable(Exception):
    """A path that cannot be read as a file; `reason` says why, in Vietnamese."""

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large


_ERRNO_VI = {
    errno.ENOENT: "không tồn tại",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép truy cập",
    errno.ELOOP: "là vòng liên kết tượng trưng (symlink trỏ vòng về chính nó)",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EISDIR: "là thư mục, không phải tệp",
    errno.EIO: "lỗi đọc/ghi thiết bị lưu trữ",
    errno.ENOSPC: "đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENXIO: "là ống dẫn hoặc thiết bị không có chương trình nào ở đầu kia",
    errno.EEXIST: "đã có một tệp hoặc thư mục cùng tên",
    errno.EBUSY: "đang được chương trình khác dùng",
    errno.EPIPE: "đầu nhận đã đóng",
    errno.EBADF: "đã bị đóng",
}


def os_reason(exc: OSError | ValueError, path: Path | None = None) -> str:
    """Why a path could not be used, in Vietnamese, from the error the system gave."""
    if isinstance(exc, ValueError):  # a NUL byte in the name
        return "tên tệp có ký tự không hợp lệ"
    if exc.errno == errno.ENOENT and path is not None and os.path.lexists(path):
        return "là liên kết tượng trưng (symlink) trỏ tới tệp không còn tồn tại"
    known = _ERRNO_VI.get(exc.errno or 0)
    if known is not None:
        return known
    return f"lỗi hệ thống {errno.errorcode.get(exc.errno or 0, exc.errno)}"


def kind_reason(mode: int) -> str | None:
    """Why a path of this kind is not a file parcli reads; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "là thư mục, không phải tệp"
    if stat.S_ISFIFO(mode):
        return "là ống dẫn có tên (FIFO), không phải tệp"
    if stat.S_ISSOCK(mode):
        return "là socket, không phải tệp"
    return "là thiết bị (như /dev/zero), không phải tệp"


# Files read in this run, by identity, so that an output never replaces one of its inputs.
_READ: set[tuple[int, int]] = set()


def forget_reads() -> None:
    """A new run starts: no file has been read yet."""
    _READ.clear()


def note_used(path: Path) -> None:
    """The run relies on this file without reading it (an evidence document the submission
    cites): an output must not replace it either."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return
    _READ.add((info.st_dev, info.st_ino))


def was_read(path: Path) -> bool:
    """Whether this run read the file `path` names (through any link or other name)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return (info.st_dev, info.st_ino) in _READ


def read_regular(path: Path, *, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    A FIFO is opened without waiting for a writer, a device is refused before it is read,
    and the size is what was read (limit + 1 bytes at most), never what `stat` claims.
    """
    try:
        mode = os.stat(path).st_mode
        reason = kind_reason(mode)
        if reason is not None:
            raise Unreadable(reason)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError) as exc:
        raise Unreadable(os_reason(exc, path)) from None
    try:
        info = os.fstat(fd)
        reason = kind_reason(info.st_mode)
        if reason is not None:  # replaced between the two looks
            raise Unreadable(reason)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Unreadable(os_reason(exc, path)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise Unreadable(f"lớn hơn giới hạn {_megabytes(limit)} MB parcli nhận", too_large=True)
    _READ.add((info.st_dev, info.st_ino))
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g}"
