"""`parcli form export` and `parcli form import`: Excel forms for the people who supply the
scores (the department's units, the appraisers), and their values back into the YAML."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parcli.cli.check import ValidateFormat
from parcli.cli.common import EXIT_PROBLEMS, Today, boundary, locked, parse_day, write_output
from parcli.cli.edit import DryRun, apply_change

if TYPE_CHECKING:
    from parcli.edit.forms import Mode

form_app = typer.Typer(
    help="Biểu mẫu Excel: xuất cho các đơn vị, Hội đồng thẩm định điền; nhập lại vào hồ sơ.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class Round(StrEnum):
    round1 = "round1"
    round2 = "round2"


@form_app.command("export")
def export(
    paths: Annotated[
        list[Path],
        typer.Argument(
            readable=False, help="Hồ sơ của cơ quan, hoặc thư mục (mỗi cơ quan một trang)."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            readable=False,
            help="Tệp .xlsx ghi ra; mặc định đặt tên theo cơ quan.",
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Chỉ các mục do đơn vị này chủ trì, ví dụ “Văn phòng”."),
    ] = None,
    appraisal: Annotated[
        Round | None,
        typer.Option("--appraisal", help="Biểu thẩm định vòng round1 hoặc round2."),
    ] = None,
    today: Today = None,
) -> None:
    """Xuất biểu mẫu Excel tự đánh giá (hoặc thẩm định) từ hồ sơ; có sẵn các giá trị đã ghi."""
    with boundary():
        from parcli.edit.form_export import export_forms
        from parcli.errors import UsageError
        from parcli.writes import is_stream

        if out is not None and out.suffix.lower() != ".xlsx" and not is_stream(out):
            raise UsageError(f"--output {out}: biểu mẫu là tệp Excel, hãy đặt tên đuôi .xlsx")
        mode: Mode = "self" if appraisal is None else appraisal.value
        result = export_forms(paths, mode=mode, owner=owner, cwd=Path.cwd(), today=parse_day(today))
        if result.problems:
            from parcli.check.reporter import problem_lines

            for line in problem_lines(result.problems):
                sys.stdout.write(line + "\n")
            sys.stderr.write(
                "Không xuất biểu mẫu: hãy sửa các lỗi của hồ sơ ở trên rồi chạy lại.\n"
            )
            raise typer.Exit(EXIT_PROBLEMS)
        write_output(out if out is not None else Path(result.name), result.data)


@form_app.command("import")
def import_(
    files: Annotated[
        list[Path], typer.Argument(readable=False, help="Các biểu mẫu .xlsx đã điền.")
    ],
    dry_run: DryRun = False,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Dạng báo lỗi.")
    ] = ValidateFormat.text,
    today: Today = None,
) -> None:
    """Ghi các giá trị đã điền vào hồ sơ; có lỗi (báo tại ô) thì không ghi tệp nào."""
    with boundary():
        from parcli.edit.form_import import import_forms
        from parcli.errors import UsageError

        for file in files:
            if file.suffix.lower() != ".xlsx":
                raise UsageError(f"{file}: chỉ nhập được biểu mẫu Excel .xlsx do parcli xuất ra")
            if not os.path.lexists(file):  # what is there but no file is said by the reader
                raise UsageError(f"không tìm thấy {file}; hãy kiểm tra đường dẫn")
        with locked(Path.cwd()):  # from reading the submissions to writing them
            change = import_forms(files, cwd=Path.cwd(), today=parse_day(today))
            apply_change(change, dry_run=dry_run, format=format.value, files=len(files))
