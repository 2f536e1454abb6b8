"""Commands that write into the workspace: init, appraise, survey import, schema.

They are top-level commands; `app.py` merges this Typer app into the main one.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from parcli.cli.common import EXIT_OK, EXIT_PROBLEMS, boundary, listing_written, locked, meter_for

if TYPE_CHECKING:
    from parcli.edit.changeset import Change

edit_app = typer.Typer(rich_markup_mode=None)

DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Chỉ in phần thay đổi (dạng diff), không ghi tệp.")
]


@edit_app.command()
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
    with boundary(), locked(Path.cwd()):
        from parcli.edit.scaffold import scaffold

        today = dt.date.today()
        change = scaffold(agency, name=name, criteria_id=criteria, cwd=Path.cwd(), today=today)
        apply_change(change, dry_run=dry_run)


@edit_app.command()
def appraise(
    file: Annotated[
        Path,
        typer.Argument(
            readable=False, help="Hồ sơ của cơ quan; hoặc bảng .csv/.xlsx nhiều quyết định."
        ),
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
    table = file.suffix.lower() in (".csv", ".xlsx")
    with boundary(), locked(Path.cwd() if table else file.parent):
        from parcli.errors import UsageError

        cwd, today = Path.cwd(), dt.date.today()
        if table:
            if item is not None or any(v is not None for v in (round_, score, note, explanation)):
                raise UsageError(
                    "khi nhập bảng quyết định, mọi thông tin nằm trong bảng (cột agency, item, "
                    "round, score, note); không ghi thêm mã mục hay --round, --score"
                )
            from parcli.edit.imports import import_appraisal

            change = import_appraisal(file, cwd=cwd, today=today, meter=meter_for(machine=False))
            apply_change(change, dry_run=dry_run)
        if item is None:
            raise UsageError(
                "thiếu mã mục; ví dụ: parcli appraise <hồ sơ> 1.1.1 --round 1 --score 0.5"
            )
        from parcli.edit.appraise import appraise as record
        from parcli.edit.tables import parse_number

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
        apply_change(change, dry_run=dry_run)


survey_app = typer.Typer(
    help="Kết quả điều tra xã hội học (ĐTXHH) do tỉnh cung cấp.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
edit_app.add_typer(survey_app, name="survey")


@survey_app.command("import")
def survey_import(
    table: Annotated[
        Path,
        typer.Argument(
            readable=False, help="Bảng .xlsx/.csv: cột agency, rồi mỗi mục điều tra một cột."
        ),
    ],
    dry_run: DryRun = False,
) -> None:
    """Ghi kết quả điều tra vào mục survey: của từng hồ sơ; có lỗi thì không ghi tệp nào."""
    with boundary(), locked(Path.cwd()):
        from parcli.edit.imports import import_survey

        change = import_survey(
            table, cwd=Path.cwd(), today=dt.date.today(), meter=meter_for(machine=False)
        )
        apply_change(change, dry_run=dry_run)


@edit_app.command()
def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            readable=False,
            help="Thư mục ghi; mặc định schemas/ của thư mục làm việc.",
        ),
    ] = None,
) -> None:
    """Ghi JSON Schema của bộ tiêu chí và hồ sơ, cho trình soạn thảo (VS Code) kiểm tra khi gõ."""
    with boundary():
        from parcli.edit.schemas import write_schemas
        from parcli.workspace import display_name, find_root

        cwd = Path.cwd()
        for path in write_schemas(out if out is not None else find_root(cwd) / "schemas"):
            sys.stderr.write(f"Đã ghi {display_name(path, cwd)}\n")
        raise typer.Exit(EXIT_OK)


def apply_change(
    change: Change, *, dry_run: bool, format: str = "text", files: int = 1
) -> NoReturn:
    """Print the problems that stop a change (as text, JSON or GitHub annotations, `files`
    read), or its diff (dry run), or write it."""
    from parcli.check import reporter
    from parcli.edit.changeset import diff_edits, write_edits
    from parcli.workspace import display_name

    cwd = Path.cwd()
    if not change.ok:
        if format == "json":
            sys.stdout.write(reporter.problems_json(change.problems, files))
        elif format == "github":
            sys.stdout.write(reporter.problems_github(change.problems))
        else:
            for line in reporter.problem_lines(change.problems):
                sys.stdout.write(line + "\n")
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
    with listing_written(len(change.edits)):
        for edit in change.edits:
            sys.stderr.write(f"Đã ghi {display_name(edit.path, cwd)}\n")
    raise typer.Exit(EXIT_OK)
