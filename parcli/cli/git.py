"""`parcli diff`, `parcli history`, `parcli tag`: scores across git history, who changed
them, and the phases of the year."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parcli.cli.common import EXIT_OK, boundary, parse_day, write_output

git_app = typer.Typer(rich_markup_mode=None)


class ChangeFormat(StrEnum):
    text = "text"
    json = "json"


Format = Annotated[ChangeFormat, typer.Option("--format", "-f", help="Dạng kết quả.")]


@git_app.command()
def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help="[PHIÊN_BẢN_A [PHIÊN_BẢN_B] | A..B] [TỆP…]; mặc định HEAD so với thư mục "
            "làm việc, các hồ sơ trong submissions/. Phiên bản có thể là tên giai đoạn "
            "(tu-cham, vong-1, giai-trinh, vong-2, cong-bo).",
            show_default=False,
        ),
    ] = None,
    agency: Annotated[
        list[str] | None,
        typer.Option("--agency", help="Chỉ cơ quan có mã này (agency.id), dù tệp tên gì."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Từ ngày (YYYY-MM-DD, theo ngày commit).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Đến hết ngày (YYYY-MM-DD, theo ngày commit).")
    ] = None,
    format: Format = ChangeFormat.text,
) -> None:
    """Điểm thay đổi giữa hai phiên bản git: từng cơ quan, từng mục, ai sửa, khi nào."""
    with boundary():
        from parcli.git import changes
        from parcli.git import text as git_text
        from parcli.git.repo import Repo

        cwd = Path.cwd()
        repo = Repo(cwd)
        revs, paths = changes.split_arguments(repo, args or [])
        revs = changes.dated_revisions(
            repo,
            revs,
            parse_day(since, option="--since") if since else None,
            parse_day(until, option="--until") if until else None,
        )
        result = changes.diff_scores(
            repo,
            rev_a=revs[0] if revs else "HEAD",
            rev_b=revs[1] if len(revs) > 1 else None,
            paths=paths,
            agencies=agency or [],
            cwd=cwd,
        )
        json_out = format is ChangeFormat.json
        sys.stdout.write(git_text.diff_json(result) if json_out else git_text.diff_text(result))
        raise typer.Exit(EXIT_OK)


@git_app.command()
def history(
    file: Annotated[Path, typer.Argument(help="Hồ sơ của một cơ quan.")],
    all_parents: Annotated[
        bool,
        typer.Option("--all-parents", help="Cả các commit trên nhánh đã hợp nhất, từng nhánh một."),
    ] = False,
    format: Format = ChangeFormat.text,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Ghi thêm biểu đồ chỉ số ra tệp .png.")
    ] = None,
) -> None:
    """Điểm và chỉ số của một cơ quan qua từng commit đã đổi điểm (bảng và biểu đồ)."""
    with boundary():
        from parcli.git import history as git_history
        from parcli.git import history_text
        from parcli.git.repo import Repo

        cwd = Path.cwd()
        result = git_history.score_history(Repo(cwd), file, cwd=cwd, all_parents=all_parents)
        json_out = format is ChangeFormat.json
        sys.stdout.write(
            history_text.history_json(result) if json_out else history_text.history_text(result)
        )
        if chart is not None:
            from parcli.report.charts import index_chart

            points, title = history_text.chart_points(result)
            write_output(chart, index_chart(points, title=title))
        raise typer.Exit(EXIT_OK)
