"""The `parcli` command: one short function per command, the error boundary and exit codes.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage error, 3 internal error,
130 interrupted. Heavy modules are imported inside the commands so `parcli --help` is quick.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    name="parcli",
    help="Chỉ số cải cách hành chính (PAR INDEX) từ các tệp YAML: kiểm tra, chấm điểm, báo cáo.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class By(StrEnum):
    area = "area"


Paths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Tệp hoặc thư mục; mặc định là criteria/ và submissions/ của thư mục làm việc."
    ),
]
Today = Annotated[
    str | None,
    typer.Option("--today", help="Ngày coi là hôm nay (YYYY-MM-DD), cho các kiểm tra về hạn."),
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"parcli {version('parcli')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản.")
    ] = False,
) -> None:
    """Chỉ số cải cách hành chính (PAR INDEX) từ các tệp YAML: kiểm tra, chấm điểm, báo cáo."""


@app.command()
def validate(
    paths: Paths = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Dạng kết quả.")
    ] = ValidateFormat.text,
    today: Today = None,
) -> None:
    """Kiểm tra bộ tiêu chí và hồ sơ; báo mọi lỗi cùng lúc (tệp:dòng:cột)."""
    with _boundary():
        from parcli import api, output

        result = api.validate(paths or [], cwd=Path.cwd(), today=_parse_today(today))
        if format is ValidateFormat.json:
            sys.stdout.write(output.problems_json(result.problems, result.files))
        elif format is ValidateFormat.github:
            sys.stdout.write(output.problems_github(result.problems))
        else:
            lines, summary = output.problems_text(result.problems, result.files)
            for line in lines:
                sys.stdout.write(line + "\n")
            sys.stderr.write(summary + "\n")
        raise typer.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)


@app.command()
def score(
    paths: Paths = None,
    by: Annotated[By | None, typer.Option("--by", help="Thêm tỷ lệ % theo từng lĩnh vực.")] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Bảng chấm điểm từng mục.")] = False,
    format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="Dạng kết quả.")
    ] = ScoreFormat.table,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="Ghi ra tệp thay vì màn hình.")
    ] = None,
    today: Today = None,
) -> None:
    """Chấm điểm và xếp hạng các hồ sơ (mặc định: thư mục submissions/)."""
    with _boundary():
        from parcli import api, output
        from parcli.errors import UsageError
        from parcli.problems import has_errors

        result = api.score(paths or [], cwd=Path.cwd(), today=_parse_today(today), detail=detail)
        for problem in result.problems:
            sys.stderr.write(problem.format_line() + "\n")
        failed = has_errors(result.problems)
        if result.criteria is None:
            sys.stderr.write("Không có hồ sơ hợp lệ để chấm điểm; hãy sửa các lỗi ở trên.\n")
            raise typer.Exit(EXIT_PROBLEMS)
        if failed:
            sys.stderr.write("Các hồ sơ có lỗi ở trên không được tính vào bảng xếp hạng.\n")
        cs = result.criteria
        if format is ScoreFormat.xlsx:
            if out is None:
                raise UsageError("định dạng xlsx cần --output <tệp.xlsx>")
            _write(out, output.score_xlsx(result.ranked, cs))
        elif format in (ScoreFormat.json, ScoreFormat.csv):
            text = (
                output.score_json(result.ranked, cs, detail=detail)
                if format is ScoreFormat.json
                else output.score_csv(result.ranked, cs)
            )
            _emit(text, out)
        else:
            console = _console(out)
            if detail:
                for entry in result.ranked:
                    console.print(output.detail_table(entry.card, cs))
            else:
                console.print(output.ranking_table(result.ranked, cs, by_area=by is By.area))
            if out is not None:
                _write(out, console.export_text().encode("utf-8"))
        raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


# ---------------------------------------------------------------- helpers


def _parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from parcli.errors import UsageError

        raise UsageError(f"--today {value!r} không phải ngày; hãy viết YYYY-MM-DD") from None


def _console(out: Path | None) -> Console:
    """The terminal, or a recording console of fixed width whose text goes to `--output`."""
    import io

    from rich.console import Console

    if out is not None:
        return Console(record=True, file=io.StringIO(), width=120, highlight=False)
    return Console(highlight=False)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        _write(out, text.encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    from parcli.files import write_atomic

    write_atomic(path, data)
    sys.stderr.write(f"Đã ghi {path}\n")


@contextmanager
def _boundary() -> Iterator[None]:
    """Map every way a command can end to an exit code; no traceback reaches a user."""
    from parcli.errors import ParcliError

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
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    except Exception as exc:  # the boundary: anything else is our bug, reported as such
        _internal_error(exc)


def _internal_error(exc: BaseException) -> NoReturn:
    import traceback

    sys.stderr.write(
        "parcli: lỗi nội bộ (không phải lỗi của dữ liệu). Hãy báo lỗi kèm nội dung dưới đây.\n"
    )
    sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
    raise typer.Exit(EXIT_INTERNAL)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code instead of raising SystemExit."""
    try:
        app(args=argv, prog_name="parcli")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return EXIT_OK
