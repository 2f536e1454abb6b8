"""`parcli diff` and `parcli history`: scores across git history, and who changed them."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parcli.cli.common import EXIT_OK, boundary, meter_for, write_output

git_app = typer.Typer(rich_markup_mode=None)


class ChangeFormat(StrEnum):
    text = "text"
    json = "json"


@git_app.command()
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
    with boundary():
        from parcli.git import changes
        from parcli.git import text as git_text
        from parcli.git.repo import Repo

        cwd = Path.cwd()
        repo = Repo(cwd)
        revs, paths = changes.split_arguments(repo, args or [])
        json_out = format is ChangeFormat.json
        result = changes.diff_scores(
            repo,
            rev_a=revs[0] if revs else "HEAD",
            rev_b=revs[1] if len(revs) > 1 else None,
            paths=paths,
            cwd=cwd,
            meter=meter_for(machine=json_out),
        )
        sys.stdout.write(git_text.diff_json(result) if json_out else git_text.diff_text(result))
        raise typer.Exit(EXIT_OK)


@git_app.command()
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
    with boundary():
        from parcli.git import changes
        from parcli.git import text as git_text
        from parcli.git.repo import Repo

        cwd = Path.cwd()
        json_out = format is ChangeFormat.json
        result = changes.score_history(Repo(cwd), file, cwd=cwd, meter=meter_for(machine=json_out))
        sys.stdout.write(
            git_text.history_json(result) if json_out else git_text.history_text(result)
        )
        if chart is not None:
            from parcli.report.charts import index_chart

            points, title = git_text.chart_points(result)
            write_output(chart, index_chart(points, title=title))
        raise typer.Exit(EXIT_OK)
