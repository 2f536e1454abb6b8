"""The standard streams as parcli writes them: UTF-8 whatever the locale, every invisible
character made visible, and a closed standard output an error instead of a silent success.

A file name, a key, a commit message or a template can carry an escape sequence (a new
window title, a cleared screen, hidden text) or a bidi override: whatever parcli prints goes
through `SafeStream`, which writes such characters as `\\u001b`. The rich tables write
their own colours, so they write `verbatim`, with cells made printable first.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from parcli.characters import IN_TEXT, printable
from parcli.errors import ParcliError
from parcli.files import os_reason


class OutputClosed(ParcliError):
    """Standard output is closed or its reader went away: the results were not delivered."""

    exit_code = 2


class SafeStream:
    """A text stream that never lets an invisible character through."""

    encoding = "utf-8"
    errors = "backslashreplace"

    def __init__(self, inner: TextIO | None, *, name: str, fatal: bool) -> None:
        self.inner = inner
        self.name = name
        self.fatal = fatal  # stdout: results lost is an error; stderr: nowhere left to say it
        self.lost = False  # the loss was reported once: what follows goes nowhere

    def write(self, text: str) -> int:
        self._do("write", printable(text, pattern=IN_TEXT))
        return len(text)

    def write_verbatim(self, text: str) -> int:
        """Text written as it is: a machine format of validated data (CSV: BOM, CRLF)."""
        self._do("write", text)
        return len(text)

    def flush(self) -> None:
        self._do("flush")

    def isatty(self) -> bool:
        return self.inner is not None and self.inner.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _do(self, action: str, *args: str) -> None:
        if self.lost:
            return
        try:
            if self.inner is None:
                raise OSError(errno.EBADF, "closed")
            getattr(self.inner, action)(*args)
        except (OSError, ValueError) as exc:  # EPIPE, EBADF; ValueError: a closed file object
            self.lost = True
            if not self.fatal:
                return
            reason = os_reason(exc) if isinstance(exc, OSError) else "đã bị đóng"
            silence(self.inner)
            raise OutputClosed(
                f"không ghi được kết quả ra {self.name}: {reason}; kết quả chưa được giao "
                "(hãy để đầu ra mở, hoặc ghi ra tệp bằng -o nếu lệnh có)"
            ) from None


class _Verbatim:
    """A SafeStream seen by a writer that makes its own escape sequences (rich's colours):
    nothing is escaped, but a closed or abandoned output is still the stream's error."""

    def __init__(self, stream: SafeStream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write_verbatim(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream.inner, name)


def verbatim(stream: Any) -> Any:
    """The stream for a writer whose text is already printable and whose own escape
    sequences must pass (rich); any other stream as it is."""
    return _Verbatim(stream) if isinstance(stream, SafeStream) else stream


def silence(stream: TextIO | None) -> None:
    """Point a stream that lost its reader at the null device, so that the interpreter's
    last flush at exit does not fail a second time with an English message."""
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _utf8(stream: TextIO | None) -> None:
    """UTF-8 whatever the locale (`PYTHONIOENCODING=ascii`, a redirected Windows console),
    and a file name's undecodable byte written as `\\udcff`: strict, it was an internal
    error; under the C locale's surrogateescape, a raw byte that is not UTF-8."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    errors = getattr(stream, "errors", None)
    if (
        stream is not None
        and (encoding != "utf8" or errors != "backslashreplace")
        and hasattr(stream, "reconfigure")
    ):
        with contextlib.suppress(OSError, ValueError):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """sys.stdout and sys.stderr as SafeStreams for the length of a command."""
    out, err = sys.stdout, sys.stderr
    _utf8(out)
    _utf8(err)
    sys.stdout = SafeStream(out, name="stdout", fatal=True)
    sys.stderr = SafeStream(err, name="stderr", fatal=False)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
