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

    from parcli.writing import Change

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


# ---------------------------------------------------------------- report (issue 3)

report_app = typer.Typer(
    help="Báo cáo: tiến độ kế hoạch, bảng chấm điểm, xếp hạng — Markdown, DOCX hoặc XLSX.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(report_app, name="report")


class ReportFormat(StrEnum):
    md = "md"
    docx = "docx"
    xlsx = "xlsx"


ReportFile = Annotated[Path, typer.Argument(help="Tệp hồ sơ của một cơ quan.")]
ReportFormatOption = Annotated[
    ReportFormat | None,
    typer.Option("--format", "-f", help="md, docx hoặc xlsx; mặc định theo đuôi tệp -o, hoặc md."),
]
ReportOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Tệp ra (bắt buộc với docx, xlsx). Với md, biểu đồ được ghi thành tệp .png bên "
        "cạnh; không có -o thì Markdown in ra màn hình, không kèm biểu đồ.",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Ngày của báo cáo (YYYY-MM-DD), mặc định hôm nay; nhiệm vụ chưa xong có hạn "
        "trước ngày này là chậm tiến độ.",
    ),
]
NoChart = Annotated[bool, typer.Option("--no-chart", help="Không vẽ biểu đồ.")]


@report_app.command("progress")
def report_progress(
    file: ReportFile,
    format: ReportFormatOption = None,
    out: ReportOutput = None,
    as_of: AsOf = None,
    no_chart: NoChart = False,
) -> None:
    """Báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số CCHC của một cơ quan."""
    _report("progress", [file], format, out, as_of, charts=not no_chart)


@report_app.command("sheet")
def report_sheet(
    file: ReportFile,
    format: ReportFormatOption = None,
    out: ReportOutput = None,
    as_of: AsOf = None,
) -> None:
    """Bảng chấm điểm Chỉ số CCHC của một cơ quan: từng mục, cộng theo tiêu chí, lĩnh vực."""
    _report("sheet", [file], format, out, as_of, charts=False)


@report_app.command("ranking")
def report_ranking(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Tệp hoặc thư mục hồ sơ; mặc định submissions/.")
    ] = None,
    format: ReportFormatOption = None,
    out: ReportOutput = None,
    as_of: AsOf = None,
    no_chart: NoChart = False,
) -> None:
    """Xếp hạng các cơ quan: tổng điểm, chỉ số, xếp loại, tỷ lệ theo lĩnh vực, phân bố."""
    _report("ranking", paths or [], format, out, as_of, charts=not no_chart)


def _report(
    kind: str,
    paths: list[Path],
    format: ReportFormat | None,
    out: Path | None,
    as_of: str | None,
    *,
    charts: bool,
) -> None:
    with _boundary():
        from parcli import publish

        request = publish.Request(
            fmt=publish.resolve_format(format.value if format else None, out),
            out=out,
            as_of=publish.parse_as_of(as_of),
            cwd=Path.cwd(),
            charts=charts,
        )
        if kind == "ranking":
            result = publish.ranking(paths, request)
        else:
            make = publish.progress if kind == "progress" else publish.sheet
            result = make(paths[0], request)
        for problem in result.problems:
            sys.stderr.write(problem.format_line() + "\n")
        if not result.ok:
            sys.stderr.write("Chưa lập báo cáo: hãy sửa các lỗi ở trên.\n")
            raise typer.Exit(EXIT_PROBLEMS)
        if result.text is not None:
            sys.stdout.write(result.text)
        for path, data in result.files:
            _write(path, data)
        raise typer.Exit(EXIT_OK)


# ---------------------------------------------------------------- working in git (issue 4)

DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Chỉ in phần thay đổi (dạng diff), không ghi tệp.")
]


class ChangeFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def init(
    agency: Annotated[
        str, typer.Argument(help="Mã cơ quan, ví dụ so-tu-phap; tệp là submissions/<mã>.yaml.")
    ],
    name: Annotated[str, typer.Option("--name", help="Tên cơ quan, ví dụ “Sở Tư pháp”.")],
    criteria: Annotated[
        str | None,
        typer.Option("--criteria", help="Mã bộ tiêu chí; mặc định là bộ mới nhất tìm thấy."),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Tạo hồ sơ tự chấm mới: mọi mục tự chấm của bộ tiêu chí, thang điểm ghi kèm."""
    with _boundary():
        from parcli.scaffold import scaffold

        today = dt.date.today()
        change = scaffold(agency, name=name, criteria_id=criteria, cwd=Path.cwd(), today=today)
        _apply(change, dry_run=dry_run)


@app.command()
def appraise(
    file: Annotated[
        Path,
        typer.Argument(help="Hồ sơ của cơ quan; hoặc bảng .csv/.xlsx nhiều quyết định."),
    ],
    item: Annotated[str | None, typer.Argument(help="Mã mục, ví dụ 1.1.1.")] = None,
    round_: Annotated[
        int | None, typer.Option("--round", min=1, max=2, help="Vòng thẩm định: 1 hoặc 2.")
    ] = None,
    score: Annotated[str | None, typer.Option("--score", help="Điểm thẩm định.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Nhận xét thẩm định.")] = None,
    explanation: Annotated[
        str | None, typer.Option("--explanation", help="Giải trình của đơn vị cho mục này.")
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Ghi quyết định thẩm định (và giải trình) vào hồ sơ; hoặc cả bảng quyết định."""
    with _boundary():
        from parcli.errors import UsageError

        cwd, today = Path.cwd(), dt.date.today()
        if file.suffix.lower() in (".csv", ".xlsx"):
            if item is not None or any(v is not None for v in (round_, score, note, explanation)):
                raise UsageError(
                    "khi nhập bảng quyết định, mọi thông tin nằm trong bảng (cột agency, item, "
                    "round, score, note); không ghi thêm mã mục hay --round, --score"
                )
            from parcli.importing import import_appraisal

            _apply(import_appraisal(file, cwd=cwd, today=today), dry_run=dry_run)
        if item is None:
            raise UsageError(
                "thiếu mã mục; ví dụ: parcli appraise <hồ sơ> 1.1.1 --round 1 --score 0.5"
            )
        from parcli.appraising import appraise as record
        from parcli.tables import parse_number

        value = parse_number(score) if score is not None else None
        if score is not None and value is None:
            raise UsageError(f"--score {score!r} không phải số; hãy viết ví dụ 0.5")
        change = record(
            file,
            item,
            round_=round_,
            score=value,
            note=note,
            explanation=explanation,
            cwd=cwd,
            today=today,
        )
        _apply(change, dry_run=dry_run)


survey_app = typer.Typer(
    help="Kết quả điều tra xã hội học (ĐTXHH) do tỉnh cung cấp.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(survey_app, name="survey")


@survey_app.command("import")
def survey_import(
    table: Annotated[
        Path, typer.Argument(help="Bảng .xlsx/.csv: cột agency, rồi mỗi mục điều tra một cột.")
    ],
    dry_run: DryRun = False,
) -> None:
    """Ghi kết quả điều tra vào mục survey: của từng hồ sơ; có lỗi thì không ghi tệp nào."""
    with _boundary():
        from parcli.importing import import_survey

        _apply(import_survey(table, cwd=Path.cwd(), today=dt.date.today()), dry_run=dry_run)


@app.command()
def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help="[PHIÊN_BẢN_A [PHIÊN_BẢN_B]] [TỆP…]; mặc định HEAD so với thư mục làm việc, "
            "các hồ sơ trong submissions/.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ChangeFormat, typer.Option("--format", "-f", help="Dạng kết quả.")
    ] = ChangeFormat.text,
) -> None:
    """Điểm thay đổi giữa hai phiên bản git: từng cơ quan, từng mục, ai sửa, khi nào."""
    with _boundary():
        from parcli import changes, changes_output
        from parcli.gitio import Repo

        cwd = Path.cwd()
        repo = Repo(cwd)
        revs, paths = changes.split_arguments(repo, args or [])
        result = changes.diff_scores(
            repo,
            rev_a=revs[0] if revs else "HEAD",
            rev_b=revs[1] if len(revs) > 1 else None,
            paths=paths,
            cwd=cwd,
        )
        text = (
            changes_output.diff_json(result)
            if format is ChangeFormat.json
            else changes_output.diff_text(result)
        )
        sys.stdout.write(text)
        raise typer.Exit(EXIT_OK)


@app.command()
def history(
    file: Annotated[Path, typer.Argument(help="Hồ sơ của một cơ quan.")],
    format: Annotated[
        ChangeFormat, typer.Option("--format", "-f", help="Dạng kết quả.")
    ] = ChangeFormat.text,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Ghi thêm biểu đồ chỉ số ra tệp .png.")
    ] = None,
) -> None:
    """Điểm và chỉ số của một cơ quan qua từng commit đã sửa hồ sơ (bảng và biểu đồ)."""
    with _boundary():
        from parcli import changes, changes_output
        from parcli.gitio import Repo

        cwd = Path.cwd()
        result = changes.score_history(Repo(cwd), file, cwd=cwd)
        text = (
            changes_output.history_json(result)
            if format is ChangeFormat.json
            else changes_output.history_text(result)
        )
        sys.stdout.write(text)
        if chart is not None:
            _write(chart, changes_output.history_chart(result))
        raise typer.Exit(EXIT_OK)


@app.command()
def schema(
    out: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Thư mục ghi; mặc định schemas/ của thư mục làm việc."),
    ] = None,
) -> None:
    """Ghi JSON Schema của bộ tiêu chí và hồ sơ, cho trình soạn thảo (VS Code) kiểm tra khi gõ."""
    with _boundary():
        from parcli.schemas import write_schemas
        from parcli.workspace import display_name, find_root

        cwd = Path.cwd()
        for path in write_schemas(out if out is not None else find_root(cwd) / "schemas"):
            sys.stderr.write(f"Đã ghi {display_name(path, cwd)}\n")
        raise typer.Exit(EXIT_OK)


def _apply(change: Change, *, dry_run: bool) -> NoReturn:
    """Print the problems that stop a change, or its diff (dry run), or write it."""
    from parcli.workspace import display_name
    from parcli.writing import diff_edits, write_edits

    cwd = Path.cwd()
    if not change.ok:
        for problem in change.problems:
            sys.stdout.write(problem.format_line() + "\n")
        sys.stderr.write("Không ghi tệp nào: hãy sửa các lỗi ở trên rồi chạy lại.\n")
        raise typer.Exit(EXIT_PROBLEMS)
    if not change.edits:
        sys.stderr.write("Không có gì thay đổi: các tệp đã đúng như vậy.\n")
        raise typer.Exit(EXIT_OK)
    if dry_run:
        sys.stdout.write(diff_edits(change.edits, cwd=cwd))
        sys.stderr.write("Chạy thử (--dry-run): chưa ghi tệp nào.\n")
        raise typer.Exit(EXIT_OK)
    write_edits(change.edits)
    for edit in change.edits:
        sys.stderr.write(f"Đã ghi {display_name(edit.path, cwd)}\n")
    raise typer.Exit(EXIT_OK)


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
            f"parcli: lệnh chưa đúng: {_usage_vi(exc.format_message())}\n"
            f"Xem hướng dẫn: {where} --help\n"
        )
        return int(getattr(exc, "exit_code", EXIT_USAGE))
    return code if isinstance(code, int) else EXIT_OK


# Click's usage messages, said in Vietnamese; the names it quotes are kept as they are.
_USAGE_VI = (
    (r"No such command '(.+?)'\.?", r"không có lệnh “\1”"),
    (r"No such option: (\S+?)\.?(?= |$)", r"không có tùy chọn \1"),
    (r"Did you mean (\S+?)\?", r"có phải ý bạn là \1?"),
    (r"\(Possible options: (.+?)\)", r"(có phải: \1?)"),
    (r"Missing argument '(.+?)'\.?", r"thiếu đối số \1"),
    (r"Missing option '(.+?)'\.?", r"thiếu tùy chọn \1"),
    (r"Invalid value for '(.+?)': ", r"giá trị không hợp lệ cho \1: "),
    (r"Got unexpected extra arguments? \((.+?)\)", r"thừa đối số (\1)"),
    (r"Option '(.+?)' requires an argument\.?", r"tùy chọn \1 cần một giá trị"),
    (r"Value error, ", ""),
    (r"'(.+?)' is not one of (.+?)\.", r"“\1” không thuộc \2."),
    (r"'(.+?)' is not a valid integer( range)?\.?", r"“\1” không phải số nguyên"),
    (r"'(.+?)' is not a valid float( range)?\.?", r"“\1” không phải số"),
    (r"Input should be less than or equal to (\S+)", r"phải ≤ \1"),
    (r"Input should be greater than or equal to (\S+)", r"phải ≥ \1"),
)


def _usage_vi(message: str) -> str:
    import re

    for pattern, replacement in _USAGE_VI:
        message = re.sub(pattern, replacement, message)
    return message
