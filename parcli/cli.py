"""The `parcli` command: validate and score, and the app that gathers every command.

Reports live in cli_report.py, the git workflow in cli_git.py, what they share (exit codes,
the error boundary, output helpers) in cli_common.py.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage error, 3 internal error,
130 interrupted. Heavy modules are imported inside the commands so `parcli --help` is quick.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parcli.cli_common import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Paths,
    Today,
    boundary,
    console_for,
    emit,
    parse_day,
    usage_in_vietnamese,
    write_output,
)
from parcli.cli_git import git_app
from parcli.cli_report import report_app

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "app",
    "main",
]

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
    with boundary():
        from parcli import api, output

        result = api.validate(paths or [], cwd=Path.cwd(), today=parse_day(today))
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
    with boundary():
        from parcli import api, output
        from parcli.errors import UsageError
        from parcli.problems import has_errors

        result = api.score(paths or [], cwd=Path.cwd(), today=parse_day(today), detail=detail)
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
            write_output(out, output.score_xlsx(result.ranked, cs))
        elif format in (ScoreFormat.json, ScoreFormat.csv):
            text = (
                output.score_json(result.ranked, cs, detail=detail)
                if format is ScoreFormat.json
                else output.score_csv(result.ranked, cs)
            )
            emit(text, out)
        else:
            console = console_for(out)
            if detail:
                for entry in result.ranked:
                    console.print(output.detail_table(entry.card, cs))
            else:
                console.print(output.ranking_table(result.ranked, cs, by_area=by is By.area))
            if out is not None:
                write_output(out, console.export_text().encode("utf-8"))
        raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


app.add_typer(git_app)  # init, appraise, diff, history, schema, survey: top-level commands
app.add_typer(report_app, name="report")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code instead of raising SystemExit."""
    try:
        code = app(args=argv, prog_name="parcli", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # Click's usage errors: said in Vietnamese, exit 2
        if type(exc).__name__ == "Abort":
            return EXIT_INTERRUPTED
        if not hasattr(exc, "format_message"):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":
            sys.stdout.write(exc.format_message() + "\n")
            return EXIT_OK
        context = getattr(exc, "ctx", None)
        where = context.command_path if context is not None else "parcli"
        sys.stderr.write(
            f"parcli: lệnh chưa đúng: {usage_in_vietnamese(exc.format_message())}\n"
            f"Xem hướng dẫn: {where} --help\n"
        )
        return int(getattr(exc, "exit_code", EXIT_USAGE))
    return code if isinstance(code, int) else EXIT_OK
