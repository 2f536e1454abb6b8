"""One writer at a time in a workspace: a system lock held from reading the files to
replacing them."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from parcli.errors import UsageError
from parcli.files import os_reason

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
