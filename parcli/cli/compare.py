"""`parcli compare`: an agency's index, areas and items this year against last year."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parcli.cli.check import Jobs, NoCache, work_for
from parcli.cli.common import EXIT_OK, EXIT_PROBLEMS, Today, boundary, parse_day

if TYPE_CHECKING:
    from parcli.git.years import YearOnYear

compare_app = typer.Typer(rich_markup_mode=None)


class CompareFormat(StrEnum):
    text = "text"
    json = "json"


@compare_app.command()
def compare(
    sides: Annotated[
        list[str] | None,
        typer.Argument(
            help="[CŨ] [MỚI]: hai tệp hồ sơ của một cơ quan, hai thư mục, hoặc "
            "PHIÊN_BẢN:đường/dẫn trong git. Chỉ MỚI (mặc định submissions/): hồ sơ năm trước "
            "tìm trong archive/<năm>/ của thư mục làm việc.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Dạng kết quả.")
    ] = CompareFormat.text,
    detail: Annotated[
        bool, typer.Option("--detail", help="Với nhiều cơ quan: in chi tiết từng cơ quan.")
    ] = False,
    today: Today = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """So sánh với năm trước: điểm, chỉ số, hạng, xếp loại; từng lĩnh vực, từng mục."""
    with boundary():
        from parcli.check import reporter
        from parcli.errors import UsageError
        from parcli.git.years import compare_paths

        given = sides or []
        if len(given) > 2:
            raise UsageError("parcli compare nhận nhiều nhất hai đối số: CŨ MỚI")
        old, new = (given[0], given[1]) if len(given) == 2 else (None, given[0] if given else None)
        machine = format is CompareFormat.json
        result = compare_paths(
            old,
            new,
            cwd=Path.cwd(),
            today=parse_day(today),
            work=work_for(jobs, no_cache, machine=machine),
        )
        for line in reporter.problem_lines(result.problems):
            sys.stderr.write(line + "\n")
        if machine:
            from parcli.report.comparison import comparisons_json

            sys.stdout.write(
                comparisons_json(
                    result.comparisons, only_new=result.only_new, only_old=result.only_old
                )
            )
        else:
            _print(result, detail=detail or len(result.comparisons) == 1)
        if not result.ok:
            sys.stderr.write("Các hồ sơ có lỗi ở trên không được so sánh.\n")
        raise typer.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)


def _print(result: YearOnYear, *, detail: bool) -> None:
    from parcli.cli.terminal import comparison_tables, comparisons_table, console_for
    from parcli.report.comparison import section

    console = console_for(None)
    if not result.comparisons:
        sys.stderr.write("Không có cơ quan nào có hồ sơ của cả hai năm để so sánh.\n")
    if len(result.comparisons) > 1:
        rows = []
        for c in result.comparisons:
            s = section(c)
            t = s["total"]
            rows.append(
                {
                    "name": c.agency_name,
                    "old": t["old_index"],
                    "new": t["new_index"],
                    "change": t["change"],
                    "rank": f"{t['old_rank']} → {t['new_rank']}",
                    "class": f"{t['old_class']} → {t['new_class']}",
                }
            )
        years = sorted({(c.old.year, c.new.year) for c in result.comparisons})
        shown = ", ".join(f"{a} – {b}" for a, b in years)
        console.print(comparisons_table(rows, title=f"So sánh Chỉ số CCHC {shown} (%)"))
    if detail:
        for c in result.comparisons:
            console.print()
            for table in comparison_tables(c.agency_name, section(c)):
                console.print(table)
    for card in result.only_new:
        sys.stderr.write(f"{card.file}: không tìm thấy hồ sơ năm trước của {card.agency_name}\n")
    for card in result.only_old:
        sys.stderr.write(f"{card.file}: {card.agency_name} không có hồ sơ năm nay\n")
