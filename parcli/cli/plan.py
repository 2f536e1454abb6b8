"""`parcli plan` and `parcli tasks`: the plan against the scores, a first plan to edit, and the
Văn phòng's đôn đốc list."""

from __future__ import annotations

import datetime as dt
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from parcli.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    boundary,
    check_suffix,
    emit,
    locked,
    parse_day,
    write_output,
)

if TYPE_CHECKING:
    from parcli.api import Planned
    from parcli.numbers import Notation
    from parcli.planning import Analysis
    from parcli.report.plans import AgencyTasks

plan_app = typer.Typer(rich_markup_mode=None)

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Ngày tính (YYYY-MM-DD), mặc định hôm nay: nhiệm vụ xong sau ngày này chưa tính là "
        "đã xong; hạn trước ngày này là chậm.",
    ),
]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", readable=False, help="Ghi ra tệp thay vì màn hình.")
]


class PlanFormat(StrEnum):
    text = "text"
    json = "json"


class TasksFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@plan_app.command()
def plan(
    file: Annotated[Path, typer.Argument(readable=False, help="Tệp hồ sơ của một cơ quan.")],
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            readable=False,
            help="Hồ sơ năm trước của cơ quan: mục chưa có điểm năm nay lấy kết quả năm trước.",
        ),
    ] = None,
    among: Annotated[
        list[Path] | None,
        typer.Option(
            "--among",
            readable=False,
            help="Tệp hoặc thư mục hồ sơ các cơ quan để so thứ hạng (mục tiêu rank); mặc định "
            "thư mục chứa hồ sơ.",
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Thêm vào plan: mỗi tiêu chí bị mất điểm chưa có nhiệm vụ một nhiệm vụ nháp.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Với --draft: chỉ in phần thay đổi, không ghi tệp.")
    ] = False,
    format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Dạng kết quả.")
    ] = PlanFormat.text,
    out: Output = None,
    as_of: AsOf = None,
) -> None:
    """Kế hoạch và điểm số: điểm bị mất, nhiệm vụ khắc phục, điểm có thể lấy lại, mục tiêu."""
    with boundary():
        from parcli import api

        _check_plan_options(draft=draft, dry_run=dry_run, format=format, out=out)
        day = parse_day(as_of, option="--as-of")
        result = api.plan(
            file, cwd=Path.cwd(), as_of=day, previous=previous, among=among or [], drafting=draft
        )
        _stop_on_errors([result])
        if draft:
            _draft(file, result, out=out, dry_run=dry_run, as_of=day)
        assert result.analysis is not None and result.criteria_set is not None
        if format is PlanFormat.json:
            from parcli.report.plans import plan_json

            emit(plan_json(result.analysis, result.criteria_set, left_out=result.left_out), out)
        else:
            from parcli.cli.plan_tables import plan_view

            _print(plan_view(result.analysis, result.criteria_set, left_out=result.left_out), out)
        raise typer.Exit(EXIT_OK)


def _check_plan_options(
    *, draft: bool, dry_run: bool, format: PlanFormat, out: Path | None
) -> None:
    """Refuse options that do not go together, and an output file of the wrong kind."""
    from parcli.errors import UsageError

    if dry_run and not draft:
        raise UsageError("--dry-run chỉ dùng cùng --draft")
    if draft and format is not PlanFormat.text:
        raise UsageError("--draft ghi nhiệm vụ vào hồ sơ; không dùng cùng --format")
    if not draft:  # with --draft, -o names the new submission file
        check_suffix(out, "json" if format is PlanFormat.json else "table")


@plan_app.command()
def tasks(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(readable=False, help="Tệp hoặc thư mục hồ sơ; mặc định submissions/."),
    ] = None,
    as_of: AsOf = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Chỉ nhiệm vụ của đơn vị này, ví dụ “Văn phòng”.")
    ] = None,
    within: Annotated[
        str, typer.Option("--within", help="Sắp đến hạn: trong bao nhiêu ngày (14d, 2w, 30).")
    ] = "14d",
    format: Annotated[
        TasksFormat,
        typer.Option("--format", "-f", help="Dạng kết quả; md để dán vào thư, công văn."),
    ] = TasksFormat.text,
    out: Output = None,
) -> None:
    """Danh sách đôn đốc: nhiệm vụ chậm, sắp đến hạn, chưa có hạn — theo đơn vị chủ trì."""
    with boundary():
        from parcli import api

        check_suffix(out, "table" if format is TasksFormat.text else format.value)
        day = parse_day(as_of, option="--as-of")
        days = parse_within(within)
        results = api.plans(paths or [], cwd=Path.cwd(), as_of=day)
        failed = _print_problems(results)
        lists = _follow_ups(results, as_of=day, within=days, owner=owner)
        if format is TasksFormat.json:
            from parcli.report.plans import tasks_json

            emit(tasks_json(lists, as_of=day, within=days, owner=owner), out)
        elif format is TasksFormat.md:
            from parcli.report.plans import tasks_markdown

            notation = _notation(paths or [])
            emit(tasks_markdown(lists, as_of=day, within=days, notation=notation), out)
        else:
            from parcli.cli.plan_tables import tasks_view

            _print(tasks_view(lists, as_of=day, within=days), out)
        raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _follow_ups(
    results: list[Planned], *, as_of: dt.date, within: int, owner: str | None
) -> list[AgencyTasks]:
    """The đôn đốc list of each valid submission that has tasks (of `owner`, when given)."""
    from parcli.errors import UsageError
    from parcli.planning import follow_up, owners
    from parcli.report.plans import AgencyTasks

    valid = [(r, r.analysis, r.criteria_set) for r in results if r.analysis and r.criteria_set]
    if not valid:
        sys.stderr.write("Không có hồ sơ hợp lệ; hãy sửa các lỗi ở trên.\n")
        raise typer.Exit(EXIT_PROBLEMS)
    if owner is not None and not any(_names(a, owner) for _, a, _ in valid):
        known = sorted({name for _, a, _ in valid for name in owners(a)})
        raise UsageError(
            f"không có nhiệm vụ nào của đơn vị “{owner}”; các đơn vị trong kế hoạch: "
            + (", ".join(known) or "(chưa có)")
        )
    without = [r.file for r, a, _ in valid if not a.tasks]
    if without:
        sys.stderr.write(
            f"Hồ sơ chưa có nhiệm vụ nào trong kế hoạch (plan:): {', '.join(without)}\n"
        )
    return [
        AgencyTasks(a, cs, follow_up(a, as_of=as_of, within=within, owner=owner))
        for _, a, cs in valid
        if (_names(a, owner) if owner is not None else a.tasks)
    ]


_WITHIN = re.compile(r"^\s*([0-9]{1,4})\s*(d|w|ngày|tuần)?\s*$", re.IGNORECASE)


def parse_within(value: str) -> int:
    """`14d`, `2w`, `30` (days) → days."""
    found = _WITHIN.match(value)
    if not found:
        from parcli.errors import UsageError

        raise UsageError(f"--within {value!r} không hợp lệ; hãy viết số ngày như 14d, 2w hoặc 30")
    n, unit = int(found.group(1)), (found.group(2) or "d").lower()
    return n * 7 if unit in ("w", "tuần") else n


def _notation(paths: list[Path]) -> Notation:
    """How the workspace's documents write numbers (`numbers:` in parcli.yaml, 88,11 by
    default): the Markdown list is pasted into one."""
    from parcli.check.settings import read_settings
    from parcli.numbers import NOTATIONS
    from parcli.workspace import find_root, is_folder

    first = paths[0] if paths else Path.cwd()
    root = find_root(first if is_folder(first) else first.parent)
    settings, _ = read_settings(root, cwd=Path.cwd())
    return NOTATIONS[settings.numbers or "vi"]


def _names(analysis: Analysis, owner: str) -> bool:
    from parcli.planning import same_owner

    return any(same_owner(t.task.owner, owner) for t in analysis.tasks)


def _draft(
    file: Path, result: Planned, *, out: Path | None, dry_run: bool, as_of: dt.date
) -> NoReturn:
    from parcli.api import checked_on
    from parcli.cli.edit import apply_change
    from parcli.edit.draft import draft_plan
    from parcli.planning import draft_tasks

    assert result.analysis is not None and result.criteria_set is not None
    notation = _notation([file])  # the notes are prose the documents print
    drafted = draft_tasks(result.criteria_set, result.analysis, notation=notation)
    covered = len(result.analysis.lost) - len(result.analysis.uncovered)
    sys.stderr.write(
        f"{len(drafted)} nhiệm vụ nháp cho các tiêu chí bị mất điểm chưa có nhiệm vụ"
        + (f" ({covered} mục mất điểm đã có nhiệm vụ)" if covered else "")
        + ".\n"
    )
    with locked(file.parent):  # from reading the submission to writing it
        change = draft_plan(file, drafted, out=out, cwd=Path.cwd(), today=checked_on(as_of))
        apply_change(change, dry_run=dry_run)


def _stop_on_errors(results: list[Planned]) -> None:
    if _print_problems(results) or any(r.analysis is None for r in results):
        sys.stderr.write("Chưa phân tích được kế hoạch: hãy sửa các lỗi ở trên.\n")
        raise typer.Exit(EXIT_PROBLEMS)


def _print_problems(results: list[Planned]) -> bool:
    from parcli.check.reporter import problem_lines
    from parcli.problems import has_errors

    failed = False
    for result in results:
        for line in problem_lines(result.problems):
            sys.stderr.write(line + "\n")
        failed = failed or has_errors(result.problems)
    return failed


def _print(view: object, out: Path | None) -> None:
    """A rich view (built in plan_tables, the module that imports rich) on the terminal."""
    from parcli.cli.terminal import console_for

    console = console_for(out)
    console.print(view)
    if out is not None:
        write_output(out, console.export_text().encode("utf-8"))
