"""Files written safely: outputs never onto an input or over a device, and writes that are
atomic and all or nothing across files, with Ctrl-C, SIGTERM and SIGHUP held while they land."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.errors import Interrupted, UsageError
from parcli.files import kind_reason, os_reason, was_read


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
    loop with Ctrl-C, SIGTERM and SIGHUP held until it ends. A symlink keeps pointing at the file it
    names, which gets the new contents. Returns the paths written (links resolved)."""
    targets = [_regular_target(w.path) for w in writes]
    _remove_leftovers_of(targets)
    for w, target in zip(writes, targets, strict=True):
        if not w.any_old and _current(target) != w.old:
            raise UsageError(
                f"{w.path} vừa bị thay đổi trong lúc parcli chạy; chưa ghi tệp nào, hãy chạy lại lệnh"
            )
    temps: list[str] = []
    renamed = False
    try:
        _write_temporaries(writes, targets, temps)
        _rename_all(temps, targets)
        renamed = True
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if not renamed:  # a temporary made just as the run was stopped has no name in `temps`
            _remove_leftovers_of(targets)
    return targets


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while the temporary files were written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _ending_signals() -> list[int]:
    """The signals that end a process unasked: `kill`, a closed terminal (POSIX only)."""
    return [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def _write_temporaries(writes: Sequence[Write], targets: list[Path], temps: list[str]) -> None:
    """Every new content in a temporary file beside its target. Ctrl-C, SIGTERM or SIGHUP
    here stops the run with nothing written and no temporary file left; the signal is then
    delivered again."""
    try:
        with _terminate_raises():
            for w, target in zip(writes, targets, strict=True):
                temps.append(_write_temporary(target, w.data))
    except KeyboardInterrupt:
        raise Interrupted("đã dừng theo yêu cầu; chưa ghi tệp nào") from None
    except _Terminated as stopped:
        for tmp in temps:  # the caller removes them too, but the process may end just below
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _remove_leftovers_of(targets)
        signal.raise_signal(stopped.signum)
        raise Interrupted("đã dừng theo tín hiệu của hệ thống; chưa ghi tệp nào") from None
    except OSError as exc:
        where = targets[len(temps)]
        raise UsageError(
            f"không ghi được {where}: {os_reason(exc, where)}; chưa ghi tệp nào"
        ) from None


@contextlib.contextmanager
def _terminate_raises() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `_Terminated` (as Ctrl-C raises KeyboardInterrupt), so that
    cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    before = {sig: signal.signal(sig, stop) for sig in _ending_signals()}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


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
    """Hold Ctrl-C, SIGTERM and SIGHUP while files are renamed; the caller acts on them after."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    held = [signal.SIGINT, *_ending_signals()]
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
    return _remove_leftovers_of([target])


def _remove_leftovers_of(targets: Sequence[Path]) -> list[Path]:
    """Delete the temporary files interrupted writes of `targets` left beside them; each
    folder is listed once (3,000 files in one folder would otherwise cost 9 million looks)."""
    names: dict[Path, set[str]] = {}
    for target in targets:
        names.setdefault(target.parent, set()).add(target.name)
    removed: list[Path] = []
    for folder, wanted in names.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            found = LEFTOVER.match(entry.name)
            if found is not None and found.group("name") in wanted:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed
