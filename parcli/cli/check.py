"""`parcli validate`, `parcli score`, `parcli rounds`: problems, rankings and appraisal rounds,
for people and for machines."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parcli.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Paths,
    Today,
    boundary,
    check_suffix,
    emit,
    format_from_suffix,
    parse_day,
    write_output,
)

if TYPE_CHECKING:
    from parcli.check.batch import Work
    from parcli.check.driver import GroupRanking

check_app = typer.Typer(rich_markup_mode=None)


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


Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Số tiến trình kiểm tra song song; mặc định bằng số lõi CPU (chỉ dùng nhiều "
        "tiến trình khi có đủ nhiều tệp).",
        show_default=False,
    ),
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Kiểm tra lại mọi tệp, không dùng bộ nhớ đệm các tệp đã kiểm tra "
        "(thư mục đặt bằng biến môi trường PARCLI_CACHE_DIR).",
    ),
]


def work_for(jobs: int | None, no_cache: bool, *, machine: bool) -> Work:
    """Processes, cache and progress bar of a run over many files, as the options ask."""
    from parcli.check.batch import Work
    from parcli.check.cache import default_folder
    from parcli.check.pool import default_jobs
    from parcli.cli.common import meter_for

    return Work(
        jobs=jobs if jobs is not None else default_jobs(),
        cache=None if no_cache else default_folder(),
        meter=meter_for(machine=machine),
    )


@check_app.command()
def validate(
    paths: Paths = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Dạng kết quả.")
    ] = ValidateFormat.text,
    today: Today = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """Kiểm tra bộ tiêu chí và hồ sơ; báo mọi lỗi cùng lúc (tệp:dòng:cột)."""
    with boundary():
        from parcli import api
        from parcli.check import reporter

        work = work_for(jobs, no_cache, machine=format is not ValidateFormat.text)
        result = api.validate(paths or [], cwd=Path.cwd(), today=parse_day(today), work=work)
        if format is ValidateFormat.json:
            sys.stdout.write(reporter.problems_json(result.problems, result.files))
        elif format is ValidateFormat.github:
            sys.stdout.write(reporter.problems_github(result.problems))
        else:
            lines, summary = reporter.problems_text(result.problems, result.files)
            for line in lines:
                sys.stdout.write(line + "\n")
            sys.stderr.write(summary + "\n")
        raise typer.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)


@dataclass(frozen=True)
class ScoreView:
    """What `parcli score` shows, whatever the format."""

    groups: list[GroupRanking]
    detail: bool
    by_area: bool
    today: dt.date


def _json(view: ScoreView) -> str:
    from parcli.report.scores import score_json

    return score_json(view.groups, detail=view.detail)


def _csv(view: ScoreView) -> str:
    from parcli.report.scores import score_csv

    return score_csv(view.groups, detail=view.detail)


def _xlsx(view: ScoreView) -> bytes:
    from parcli.report.spreadsheets import score_xlsx

    when = dt.datetime.combine(view.today, dt.time(0, 0))  # same inputs, same bytes
    return score_xlsx(view.groups, when=when)


WRITERS: dict[ScoreFormat, Callable[[ScoreView], str | bytes]] = {
    ScoreFormat.json: _json,
    ScoreFormat.csv: _csv,
    ScoreFormat.xlsx: _xlsx,
}


def _print_tables(view: ScoreView, out: Path | None) -> None:
    from parcli.cli.terminal import console_for, detail_table, ranking_table

    console = console_for(out)
    for i, group in enumerate(view.groups):
        cs = group.criteria_set
        if i:
            console.print()
        if view.detail:
            for entry in group.ranked:
                console.print(detail_table(entry.card, cs))
        else:
            console.print(ranking_table(group.ranked, cs, by_area=view.by_area))
    if out is not None:
        write_output(out, console.export_text().encode("utf-8"))


@check_app.command()
def score(
    paths: Paths = None,
    by: Annotated[By | None, typer.Option("--by", help="Thêm tỷ lệ % theo từng lĩnh vực.")] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Bảng chấm điểm từng mục.")] = False,
    format: Annotated[
        ScoreFormat | None,
        typer.Option(
            "--format", "-f", help="Dạng kết quả; mặc định theo đuôi tệp -o, hoặc bảng (table)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--output", "-o", readable=False, help="Ghi ra tệp thay vì màn hình."),
    ] = None,
    today: Today = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """Chấm điểm và xếp hạng các hồ sơ, mỗi nhóm cơ quan một bảng (mặc định: submissions/)."""
    with boundary():
        from parcli import api
        from parcli.check import reporter
        from parcli.errors import UsageError
        from parcli.problems import has_errors

        day = parse_day(today)
        format = format or ScoreFormat(format_from_suffix(out) or ScoreFormat.table)
        check_suffix(out, format.value)
        if format is ScoreFormat.xlsx and out is None:
            raise UsageError("định dạng xlsx cần --output <tệp.xlsx>")
        work = work_for(jobs, no_cache, machine=format is not ScoreFormat.table)
        result = api.score(paths or [], cwd=Path.cwd(), today=day, detail=detail, work=work)
        for line in reporter.problem_lines(result.problems):
            sys.stderr.write(line + "\n")
        failed = has_errors(result.problems)
        if not result.groups:
            sys.stderr.write("Không có hồ sơ hợp lệ để chấm điểm; hãy sửa các lỗi ở trên.\n")
            raise typer.Exit(EXIT_PROBLEMS)
        if failed:
            sys.stderr.write("Các hồ sơ có lỗi ở trên không được tính vào bảng xếp hạng.\n")
        view = ScoreView(result.groups, detail, by is By.area, day)
        if format is ScoreFormat.table:
            _print_tables(view, out)
        else:
            emit(WRITERS[format](view), out, verbatim=format is ScoreFormat.csv)
        raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


@check_app.command()
def rounds(
    paths: Paths = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Dạng kết quả: text hoặc json.")
    ] = ValidateFormat.text,
    today: Today = None,
) -> None:
    """Thẩm định vòng 1 so với vòng 2 từng mục, nhận xét, giải trình và kết quả giải trình."""
    with boundary():
        from parcli import api
        from parcli.check import reporter
        from parcli.errors import UsageError
        from parcli.problems import has_errors
        from parcli.report.rounds import rounds_json, rounds_text

        if format is ValidateFormat.github:
            raise UsageError("--format của rounds là text hoặc json")
        found, problems = api.rounds(paths or [], cwd=Path.cwd(), today=parse_day(today))
        for line in reporter.problem_lines(problems):
            sys.stderr.write(line + "\n")
        sys.stdout.write(
            rounds_json(found) if format is ValidateFormat.json else rounds_text(found)
        )
        raise typer.Exit(EXIT_PROBLEMS if has_errors(problems) else EXIT_OK)
