"""What every command shares: exit codes, common options, output helpers, the error boundary."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from parcli.meter import Meter

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

Paths = Annotated[
    list[Path] | None,
    typer.Argument(
        readable=False,
        help="Tệp hoặc thư mục; mặc định là criteria/ và submissions/ của thư mục làm việc.",
    ),
]
Today = Annotated[
    str | None,
    typer.Option("--today", help="Ngày coi là hôm nay (YYYY-MM-DD), cho các kiểm tra về hạn."),
]


def parse_day(value: str | None, *, option: str = "--today") -> dt.date:
    """A day given on the command line (`--today`, `--as-of`); today when not given."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from parcli.errors import UsageError

        raise UsageError(f"{option} {value!r} không phải ngày; hãy viết YYYY-MM-DD") from None


def meter_for(*, machine: bool, stream: IO[str] | None = None) -> Meter:
    """A progress bar on standard error when a person watches it (an interactive terminal)
    and the output is for people; silence in pipes, files, CI logs and machine formats."""
    from parcli.meter import SILENT

    stream = sys.stderr if stream is None else stream
    if machine or not stream.isatty() or os.environ.get("TERM") == "dumb":
        return SILENT
    from parcli.cli.streams import verbatim
    from parcli.cli.terminal import ProgressBar

    return ProgressBar(verbatim(stream))  # it draws with its own escape sequences


def emit(data: str | bytes, out: Path | None, *, verbatim: bool = False) -> None:
    """Text to standard output, or text or bytes to the file named by `--output`.

    `verbatim` text (CSV for Excel: a BOM, CRLF line ends) bypasses the escaping of invisible
    characters; it holds only validated data.
    """
    if out is not None:
        write_output(out, data.encode("utf-8") if isinstance(data, str) else data)
    elif isinstance(data, str):
        from parcli.cli.streams import SafeStream

        if verbatim and isinstance(sys.stdout, SafeStream):
            sys.stdout.write_verbatim(data)
        else:
            sys.stdout.write(data)
    else:
        from parcli.errors import UsageError

        raise UsageError("định dạng này là tệp nhị phân; hãy ghi ra tệp bằng --output <tệp>")


def write_output(path: Path, data: bytes) -> None:
    write_outputs([(path, data)])


def write_outputs(outputs: list[tuple[Path, bytes]]) -> None:
    """Write a command's files, all or none, and say so."""
    from parcli import writes

    writes.write_outputs(outputs)
    with listing_written(len(outputs)):
        for path, _ in outputs:
            sys.stderr.write(f"Đã ghi {path}\n")


@contextmanager
def listing_written(count: int) -> Iterator[None]:
    """Ctrl-C while the files just written are listed: the message says they all were."""
    try:
        yield
    except KeyboardInterrupt:
        from parcli.errors import Interrupted

        raise Interrupted(f"đã dừng theo yêu cầu, sau khi ghi xong cả {count} tệp") from None


# The suffixes each output format is written under; a file named with another of these
# suffixes would get contents that do not match its name (`-o x.xlsx --format json`).
SUFFIXES = {
    "table": (".txt",),
    "json": (".json",),
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "md": (".md", ".markdown", ".txt"),
    "docx": (".docx",),
    "pdf": (".pdf",),
    "png": (".png",),
}
KNOWN_SUFFIXES = {s for group in SUFFIXES.values() for s in group} | {
    ".yaml",
    ".yml",
    ".j2",
    ".doc",
    ".xls",
    ".xlsm",
    ".ods",
    ".odt",
    ".html",
    ".htm",
    ".jpg",
    ".jpeg",
    ".svg",
}


def format_from_suffix(out: Path | None) -> str | None:
    """The format an output file's suffix names, when it names exactly one."""
    suffix = out.suffix.lower() if out is not None else ""
    found = [name for name, group in SUFFIXES.items() if suffix in group]
    return found[0] if len(found) == 1 else None


def check_suffix(out: Path | None, format: str, *, option: str = "--output") -> None:
    """Refuse an output file whose suffix names another kind of file than what is written."""
    if out is None:
        return
    suffix = out.suffix.lower()
    if suffix in KNOWN_SUFFIXES and suffix not in SUFFIXES[format]:
        from parcli.errors import UsageError

        wanted = " hoặc ".join(SUFFIXES[format])
        other = ", hoặc chọn --format khớp với đuôi tệp" if option == "--output" else ""
        raise UsageError(
            f"{option} {out}: tệp đuôi {suffix} nhưng nội dung ghi ra là {format}; hãy đặt tên "
            f"tệp đuôi {wanted}{other}"
        )


@contextmanager
def locked(where: Path) -> Iterator[None]:
    """The write lock of the workspace around `where`, from reading its files to replacing
    them: a command that writes holds it, so two runs at once cannot lose a change.
    Ctrl-C that reaches it came before any file was written (the writes say their own)."""
    from parcli.errors import Interrupted
    from parcli.locks import workspace_lock
    from parcli.workspace import find_root

    try:
        with workspace_lock(find_root(where)):
            yield
    except KeyboardInterrupt:
        raise Interrupted("đã dừng theo yêu cầu; chưa ghi tệp nào") from None


@contextmanager
def boundary() -> Iterator[None]:
    """Map every way a command can end to an exit code; no traceback reaches a user."""
    from parcli.errors import ParcliError
    from parcli.files import forget_reads

    forget_reads()
    try:
        yield
    except typer.Exit:
        raise
    except ParcliError as exc:
        sys.stderr.write(f"parcli: {exc.message}\n")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        sys.stderr.write("parcli: đã dừng theo yêu cầu\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:  # the boundary: anything else is our bug, reported as such
        internal_error(exc)


def internal_error(exc: BaseException) -> NoReturn:
    import traceback

    sys.stderr.write(
        "parcli: lỗi nội bộ (không phải lỗi của dữ liệu). Hãy báo lỗi kèm nội dung dưới đây.\n"
    )
    sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
    raise typer.Exit(EXIT_INTERNAL)


# Click's usage messages, said in Vietnamese; the names it quotes are kept as they are.
def _not_one_of(found: re.Match[str]) -> str:
    """`'nope' is not one of 'table', 'json'.` → “nope” is none of: table, json."""
    choices = found.group(2).replace("'", "")
    return f"“{found.group(1)}” không phải một trong: {choices}"


def _invalid_value(found: re.Match[str]) -> str:
    """`Invalid value for '--format' / '-f': ` names the option without Click's quotes."""
    option = found.group(1).replace("'", "")
    return f"giá trị không hợp lệ cho {option}: "


USAGE_VI: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"No such command '(.+?)'\.?", r"không có lệnh “\1”;"),
    (r"No such option: (\S+?)\.?(?= |$)", r"không có tùy chọn \1"),
    (r"Did you mean '?([^'?\s]+)'?\?", r"có phải ý bạn là “\1”?"),
    (r"\(Possible options: (.+?)\)", r"(có phải: \1?)"),
    (r"Missing argument '(.+?)'\.?", r"thiếu đối số \1"),
    (r"Missing option '(.+?)'\.?", r"thiếu tùy chọn \1"),
    (r"Invalid value for ((?:'[^']+'(?: / )?)+): ", _invalid_value),
    (r"Got unexpected extra arguments? \((.+?)\)", r"thừa đối số (\1)"),
    (r"Option '(.+?)' requires an argument\.?", r"tùy chọn \1 cần một giá trị"),
    (r"Value error, ", ""),
    (r"'([^']*)' is not one of (.+?)\.$", _not_one_of),
    (r"'(.+?)' is not a valid integer( range)?\.?", r"“\1” không phải số nguyên"),
    (r"'(.+?)' is not a valid float( range)?\.?", r"“\1” không phải số"),
    (r"Input should be less than or equal to (\S+)", r"phải ≤ \1"),
    (r"Input should be greater than or equal to (\S+)", r"phải ≥ \1"),
    (
        r"Input should be a valid integer(, unable to parse string as an integer)?",
        "cần một số nguyên",
    ),
    (r"Input should be a valid number(, unable to parse string as a number)?", "cần một số"),
)


def usage_in_vietnamese(message: str) -> str:
    for pattern, replacement in USAGE_VI:
        message = re.sub(pattern, replacement, message)
    return message
