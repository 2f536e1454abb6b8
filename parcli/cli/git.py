"""`parcli diff`, `parcli history`, `parcli tag`: scores across git history, who changed
them, and the phases of the year as tags."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from parcli.cli.common import EXIT_OK, boundary, check_suffix, parse_day, write_output

if TYPE_CHECKING:
    from parcli.git.repo import Repo

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
            help="[PHIÊN_BẢN_A [PHIÊN_BẢN_B] | A..B | A...B] [TỆP…]; A...B: B so với commit "
            "chung của A và B. Mặc định HEAD so với thư mục "
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
    """Mọi thay đổi làm điểm khác đi giữa hai phiên bản git: từng cơ quan, ai sửa, khi nào."""
    with boundary():
        from parcli.git import changes
        from parcli.git import diff_text as git_text
        from parcli.git.repo import Repo

        cwd = Path.cwd()
        repo = Repo(cwd)
        _shallow_note(repo)
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
    file: Annotated[
        Path | None, typer.Argument(readable=False, help="Hồ sơ của một cơ quan.")
    ] = None,
    item: Annotated[
        str | None,
        typer.Option("--item", help="Mọi thay đổi của một mục (ví dụ 2.1.1): ai sửa, khi nào."),
    ] = None,
    all_agencies: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Chỉ số và thứ hạng của mọi cơ quan ở từng thẻ giai đoạn (hoặc từng commit).",
        ),
    ] = False,
    commits: Annotated[
        bool, typer.Option("--commits", help="Với --all: ở từng commit thay vì từng thẻ.")
    ] = False,
    all_parents: Annotated[
        bool,
        typer.Option("--all-parents", help="Cả các commit trên nhánh đã hợp nhất, từng nhánh một."),
    ] = False,
    format: Format = ChangeFormat.text,
    chart: Annotated[
        Path | None, typer.Option("--chart", readable=False, help="Ghi thêm biểu đồ ra tệp .png.")
    ] = None,
) -> None:
    """Điểm và chỉ số của một cơ quan qua từng commit đã đổi điểm; một mục (--item); hoặc
    thứ hạng của mọi cơ quan qua năm (--all)."""
    with boundary():
        from parcli.git.repo import Repo

        check_suffix(chart, "png", option="--chart")
        cwd = Path.cwd()
        json_out = format is ChangeFormat.json
        _check_history_options(
            file, item, all_agencies=all_agencies, commits=commits, all_parents=all_parents,
            chart=chart,
        )  # fmt: skip
        repo = Repo(cwd)
        _shallow_note(repo)
        if all_agencies:
            _ranking(repo, cwd, commits=commits, json_out=json_out, chart=chart)
        assert file is not None
        if item is not None:
            _item(repo, cwd, file, item, json_out=json_out)
        from parcli.git import history as git_history
        from parcli.git import history_text

        result = git_history.score_history(repo, file, cwd=cwd, all_parents=all_parents)
        sys.stdout.write(
            history_text.history_json(result) if json_out else history_text.history_text(result)
        )
        if chart is not None:
            from parcli.report.charts import index_chart

            points, title = history_text.chart_points(result)
            write_output(chart, index_chart(points, title=title))
        raise typer.Exit(EXIT_OK)


def _check_history_options(
    file: Path | None,
    item: str | None,
    *,
    all_agencies: bool,
    commits: bool,
    all_parents: bool,
    chart: Path | None,
) -> None:
    """Options that go together, or a usage error saying which do not."""
    from parcli.errors import UsageError

    if all_agencies:
        if file is not None or item is not None or all_parents:
            raise UsageError("--all là thứ hạng của mọi cơ quan: không ghi thêm tệp, --item")
        return
    if file is None:
        raise UsageError(
            "thiếu tệp hồ sơ; ví dụ: parcli history submissions/so-khcn.yaml, "
            "hoặc parcli history --all cho mọi cơ quan"
        )
    if commits:
        raise UsageError("--commits đi cùng --all")
    if item is not None and (all_parents or chart is not None):
        raise UsageError(
            "--item là mọi thay đổi của một mục trên nhánh chính: không đi cùng "
            "--all-parents, --chart"
        )


def _shallow_note(repo: Repo) -> None:
    """A shallow clone has only the newest commits: say so before any history is read."""
    if repo.shallow:
        sys.stderr.write(
            "parcli: kho git là bản sao nông (shallow clone): chỉ có các commit gần đây, nên "
            "ai sửa gì trước đó không biết được; hãy chạy git fetch --unshallow (trong CI: "
            "fetch-depth: 0)\n"
        )


def _item(repo: Repo, cwd: Path, file: Path, item: str, *, json_out: bool) -> NoReturn:
    from parcli.git import history_text
    from parcli.git.items import item_history

    found = item_history(repo, file, item, cwd=cwd)
    sys.stdout.write(history_text.item_json(found) if json_out else history_text.item_text(found))
    raise typer.Exit(EXIT_OK)


def _ranking(
    repo: Repo, cwd: Path, *, commits: bool, json_out: bool, chart: Path | None
) -> NoReturn:
    from parcli.git import ranking_text
    from parcli.git.ranking import ranking_history

    result = ranking_history(repo, cwd=cwd, every_commit=commits)
    sys.stdout.write(
        ranking_text.ranking_json(result) if json_out else ranking_text.ranking_text(result)
    )
    if chart is not None:
        from parcli.report.charts import rank_chart

        labels, series, title = ranking_text.chart_series(result)
        write_output(chart, rank_chart(labels, series, title=title))
    raise typer.Exit(EXIT_OK)


@git_app.command()
def tag(
    phase: Annotated[
        str | None,
        typer.Argument(
            help="Giai đoạn vừa kết thúc: tu-cham, vong-1, giai-trinh, vong-2, cong-bo; bỏ trống "
            "để xem các thẻ đã gắn.",
            show_default=False,
        ),
    ] = None,
    rev: Annotated[
        str | None, typer.Argument(help="Commit cần gắn thẻ; mặc định HEAD.", show_default=False)
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Năm; mặc định năm của bộ tiêu chí mới nhất.", min=2000),
    ] = None,
    message: Annotated[str | None, typer.Option("--message", "-m", help="Nội dung thẻ.")] = None,
) -> None:
    """Gắn thẻ git (có chú thích) đánh dấu kết thúc một giai đoạn trong năm: năm/giai-đoạn."""
    with boundary():
        from parcli.edit.changeset import visible_text
        from parcli.git import phases
        from parcli.git.repo import Repo
        from parcli.workspace import find_root

        if message is not None:  # it goes into the tag object, and to `git tag -n` as it is
            message = visible_text(message, option="--message", into="thẻ git")
        cwd = Path.cwd()
        repo = Repo(cwd)
        root = find_root(cwd)
        year = year or phases.default_year(root, cwd)
        if phase is None:
            sys.stdout.write(_phase_list(repo, year))
            raise typer.Exit(EXIT_OK)
        specs = [repo.relative(root / name) for name in ("criteria", "submissions")]
        name, sha = phases.create_phase_tag(
            repo, phase, year=year, rev=rev, message=message, specs=specs
        )
        subject = repo.commit(sha).subject
        sys.stderr.write(
            f"Đã gắn thẻ {name} vào commit {sha[:7]} ({subject}).\n"
            f"Gửi thẻ lên kho chung: git push origin {name}\n"
        )
        raise typer.Exit(EXIT_OK)


def _phase_list(repo: Repo, year: int) -> str:
    from parcli.git import phases

    lines = [f"Các giai đoạn năm {year} (thẻ git):"]
    for found in phases.phase_tags(repo, year):
        if found.commit is None:
            where = "chưa gắn"
        elif repo.commit_id(found.commit) is None:  # a tag may name a file or a folder
            where = f"{found.commit[:7]}  không phải commit: hãy xóa bằng git tag -d"
        else:
            commit = repo.commit(found.commit)
            where = f"{commit.short}  {commit.date.date().isoformat()}  {commit.subject}"
        line = f"  {found.name:<16}  {where}"
        lines.append(line if len(line) <= 80 else line[:79] + "…")
    return "\n".join(lines) + "\n"
