"""`parcli report`: the progress report, the score sheet and the ranking (see docs/reports.md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parcli.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    boundary,
    check_suffix,
    parse_day,
    write_outputs,
)

report_app = typer.Typer(
    help="Báo cáo: tiến độ kế hoạch, kế hoạch, bảng chấm điểm, xếp hạng — Markdown, DOCX, "
    "XLSX hoặc PDF.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class ReportFormat(StrEnum):
    md = "md"
    docx = "docx"
    xlsx = "xlsx"
    pdf = "pdf"


class Period(StrEnum):
    q1 = "q1"
    m6 = "6m"
    m9 = "9m"
    year = "year"


ReportFile = Annotated[Path, typer.Argument(readable=False, help="Tệp hồ sơ của một cơ quan.")]
ReportFormatOption = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="md, docx, xlsx hoặc pdf (cần LibreOffice); mặc định theo đuôi tệp -o, hoặc md.",
    ),
]
ReportOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        readable=False,
        help="Tệp ra (bắt buộc với docx, xlsx, pdf). Với md, biểu đồ được ghi thành tệp .png bên "
        "cạnh; không có -o thì Markdown in ra màn hình, không kèm biểu đồ.",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Ngày của báo cáo (YYYY-MM-DD), mặc định hôm nay: tình hình tại ngày này — "
        "nhiệm vụ hoàn thành sau ngày này tính là chưa xong, có hạn trước ngày này là chậm.",
    ),
]
PeriodOption = Annotated[
    Period | None,
    typer.Option(
        "--period",
        help="Báo cáo định kỳ: q1 (quý I), 6m (6 tháng đầu năm), 9m (9 tháng), year (năm); "
        "ngày báo cáo mặc định là ngày cuối kỳ.",
    ),
]
NoChart = Annotated[bool, typer.Option("--no-chart", help="Không vẽ biểu đồ.")]
Previous = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        readable=False,
        help="Hồ sơ năm trước của cơ quan: mục chưa có điểm năm nay lấy kết quả năm trước "
        "khi tính điểm có thể lấy lại của các nhiệm vụ.",
    ),
]


@report_app.command("progress")
def report_progress(
    file: ReportFile,
    format: ReportFormatOption = None,
    out: ReportOutput = None,
    as_of: AsOf = None,
    no_chart: NoChart = False,
    period: PeriodOption = None,
    previous: Previous = None,
) -> None:
    """Báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số CCHC của một cơ quan."""
    _report(
        "progress", [file], format, out, as_of, charts=not no_chart, period=period,
        previous=previous,
    )  # fmt: skip


@report_app.command("plan")
def report_plan(
    file: ReportFile,
    format: ReportFormatOption = None,
    out: ReportOutput = None,
    as_of: AsOf = None,
    previous: Previous = None,
) -> None:
    """Kế hoạch cải thiện Chỉ số CCHC: văn bản kế hoạch từ nhiệm vụ trong hồ sơ và plans/<mã>.yaml."""
    _report("plan", [file], format, out, as_of, charts=False, previous=previous)


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
        list[Path] | None,
        typer.Argument(readable=False, help="Tệp hoặc thư mục hồ sơ; mặc định submissions/."),
    ] = None,
    format: ReportFormatOption = None,
    out: ReportOutput = None,
    as_of: AsOf = None,
    no_chart: NoChart = False,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            help="Chỉ một nhóm cơ quan (mã nhóm trong bộ tiêu chí, ví dụ so, xa); mặc định mỗi "
            "nhóm một phần.",
        ),
    ] = None,
) -> None:
    """Xếp hạng các cơ quan, mỗi nhóm một phần: điểm, chỉ số, hạng, xếp loại, bình quân,
    tỷ lệ theo lĩnh vực, phân bố."""
    _report("ranking", paths or [], format, out, as_of, charts=not no_chart, group=group)


def _report(
    kind: str,
    paths: list[Path],
    format: ReportFormat | None,
    out: Path | None,
    as_of: str | None,
    *,
    charts: bool,
    group: str | None = None,
    period: Period | None = None,
    previous: Path | None = None,
) -> None:
    with boundary():
        from parcli.cli.check import work_for
        from parcli.report import publish

        chosen = publish.resolve_format(format.value if format else None, out)
        check_suffix(out, chosen)
        request = publish.Request(
            format=chosen,
            out=out,
            as_of=parse_day(as_of, option="--as-of") if as_of is not None else None,
            cwd=Path.cwd(),
            charts=charts,
            work=work_for(None, False, machine=False),
            period=period.value if period is not None else None,
            previous=previous,
        )
        if kind == "ranking":
            result = publish.ranking(paths, request, group=group)
        else:
            make = {"progress": publish.progress, "plan": publish.plan, "sheet": publish.sheet}
            result = make[kind](paths[0], request)
        from parcli.check.reporter import problem_lines

        for line in problem_lines(result.problems):
            sys.stderr.write(line + "\n")
        if not result.ok:
            sys.stderr.write("Chưa lập báo cáo: hãy sửa các lỗi ở trên.\n")
            raise typer.Exit(EXIT_PROBLEMS)
        if result.text is not None:
            sys.stdout.write(result.text)
        if result.files:
            write_outputs(result.files)
        raise typer.Exit(EXIT_OK)
