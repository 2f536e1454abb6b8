"""Files read and written safely: regular files only, reads bounded by a size, writes that are
atomic and all or nothing, and one writer at a time in a workspace.

Every reason a path cannot be read or written is said in Vietnamese (`os_reason`): no English
`strerror` reaches a user.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.errors import Interrupted, UsageError

_CHUNK = 1 << 20


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


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class Write:
    """New contents for a file; `old` is what it must still hold (None: must not exist),
    `any_old` lets an output replace whatever is there."""

    path: Path
    data: bytes
    old: bytes | None = None
    any_old: bool = False


# Temporary files are `.<name>.<8 random characters>.tmp` beside the file they replace.
LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def is_stream(path: Path) -> bool:
    """A device or pipe (`/dev/null`, `/dev/stdout`, a FIFO): written into, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_outputs(outputs: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write what a command produced to the files the user named, never onto a file this
    run read (`-o` naming a submission or the criteria set), all or none of them.

    One output may be a device or a pipe the user named (`-o /dev/null`): it is written
    into, never renamed over; every other output is a regular file, replaced atomically.
    """
    for path, _ in outputs:
        if was_read(path):
            raise UsageError(
                f"{path} là tệp lệnh này vừa đọc vào; ghi đè sẽ làm mất nó: hãy chọn tên tệp khác"
            )
    if len(outputs) == 1 and is_stream(outputs[0][0]):
        _write_stream(*outputs[0])
        return [outputs[0][0]]
    return replace_files([Write(path, data, any_old=True) for path, data in outputs])


def _write_stream(path: Path, data: bytes) -> None:
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # a FIFO with no reader: refused, not waited on
    try:
        fd = os.open(path, os.O_WRONLY | nonblocking | getattr(os, "O_BINARY", 0))
        try:
            if nonblocking:
                os.set_blocking(fd, True)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise UsageError(f"không ghi được {path}: {os_reason(exc, path)}") from None


def replace_files(writes: Sequence[Write]) -> list[Path]:
    """Write every file or none: all temporary files first, then the renames in one tight
    loop with Ctrl-C and SIGTERM held until it ends. A symlink keeps pointing at the file it
    names, which gets the new contents. Returns the paths written (links resolved)."""
    targets = [_regular_target(w.path) for w in writes]
    for target in targets:
        remove_leftovers(target)
    for w, target in zip(writes, targets, strict=True):
        if not w.any_old and _current(target) != w.old:
            raise UsageError(
                f"{w.path} vừa bị thay đổi trong lúc parcli chạy; chưa ghi tệp nào, hãy chạy lại lệnh"
            )
    temps: list[str] = []
    try:
        try:
            for w, target in zip(writes, targets, strict=True):
                temps.append(_write_temporary(target, w.data))
        except KeyboardInterrupt:
            raise Interrupted("đã dừng theo yêu cầu; chưa ghi tệp nào") from None
        except OSError as exc:
            where = targets[len(temps)]
            raise UsageError(
                f"không ghi được {where}: {os_reason(exc, where)}; chưa ghi tệp nào"
            ) from None
        _rename_all(temps, targets)
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return targets


def _regular_target(path: Path) -> Path:
    """The file a write replaces: a symlink's target; a regular file or nothing yet."""
    real = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError) as exc:
            raise UsageError(f"không tạo được thư mục {real.parent}: {os_reason(exc)}") from None
        return real
    except (OSError, ValueError) as exc:
        raise UsageError(f"không ghi được {path}: {os_reason(exc, path)}") from None
    reason = kind_reason(mode)
    if reason is not None:
        raise UsageError(f"không ghi được {path}: {reason}; hãy ghi tên một tệp")
    return real


def _current(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"không đọc được {path}: {os_reason(exc, path)}") from None


def _write_temporary(target: Path, data: bytes) -> str:
    import tempfile  # imported here: `parcli --help` stays quick

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = os.stat(target).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _rename_all(temps: list[str], targets: list[Path]) -> None:
    done: list[Path] = []
    with _signals_held() as caught:
        for tmp, target in zip(temps, targets, strict=True):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise UsageError(_partial(done, targets, target, exc)) from None
            done.append(target)
        temps.clear()
        _sync_folders(targets)
    if caught:
        if caught[0] == signal.SIGINT:
            raise Interrupted(f"đã dừng theo yêu cầu, sau khi ghi xong cả {len(done)} tệp")
        signal.raise_signal(caught[0])


def _partial(done: list[Path], targets: list[Path], failed: Path, exc: OSError) -> str:
    """Which files now hold the new contents and which still hold the old."""
    reason = f"không ghi được {failed}: {os_reason(exc, failed)}"
    if not done:
        return f"{reason}; chưa ghi tệp nào, các tệp cũ vẫn nguyên vẹn"
    written = ", ".join(str(p) for p in done)
    left = ", ".join(str(p) for p in targets[len(done) :])
    return (
        f"{reason}. Đã ghi: {written}; chưa ghi (vẫn như cũ): {left}. Hãy khắc phục rồi "
        "chạy lại lệnh (các tệp đã ghi sẽ không thay đổi lần nữa)"
    )


@contextlib.contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold Ctrl-C and SIGTERM while files are renamed; the caller acts on them after."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    held = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
    before = {sig: signal.signal(sig, lambda signum, _frame: caught.append(signum)) for sig in held}
    try:
        yield caught
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _sync_folders(targets: Sequence[Path]) -> None:
    """Make the renames durable (POSIX: a folder can be fsync'ed; Windows: nothing to do)."""
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened on Windows
        return
    for folder in {target.parent for target in targets}:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def remove_leftovers(target: Path) -> list[Path]:
    """Delete the temporary files an interrupted write of `target` left beside it."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        found = LEFTOVER.match(entry.name)
        if found is not None and found.group("name") == target.name:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


# ---------------------------------------------------------------- one writer at a time

LOCK_WAIT = 60.0  # seconds another parcli may take to finish its write


@contextlib.contextmanager
def workspace_lock(root: Path) -> Iterator[None]:
    """Only one parcli writes into a workspace at a time, from reading to replacing.

    The lock is an OS lock on a file in the system's temporary folder named after the
    workspace, so it is released when the process ends however it ends, and never
    appears in the workspace (where `git add -A` would commit it).
    """
    import hashlib
    import tempfile

    key = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:24]
    path = Path(tempfile.gettempdir()) / f"parcli-{key}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:  # made by another user of this machine: a lock reads as well
        fd = _open_existing(path)
    except OSError as exc:
        raise UsageError(f"không tạo được khóa ghi {path}: {os_reason(exc, path)}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise UsageError(
                    "một lệnh parcli khác đang ghi vào thư mục làm việc này; hãy chờ nó "
                    "xong rồi chạy lại"
                )
            time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _open_existing(path: Path) -> int:
    try:
        return os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise UsageError(f"không mở được khóa ghi {path}: {os_reason(exc, path)}") from None


if sys.platform == "win32":  # pragma: no cover - tested on Windows only

    def _try_lock(fd: int) -> bool:
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:

    def _try_lock(fd: int) -> bool:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
