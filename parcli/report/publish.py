"""`parcli report`: check the files, build a report, render it as Markdown, DOCX or XLSX.

Returns what to print and which files to write; the CLI does the printing and the writing.
A report is never made from a file with errors: its problems come back instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parcli.check.driver import (
    GroupRanking,
    check_one,
    previous_year,
    resolve_paths,
    rival_cards,
    score_paths,
)
from parcli.check.planfile import check_sections, plan_file_path, read_plan_file
from parcli.check.settings import Settings, read_settings
from parcli.models import CriteriaSet, PlanFile, Submission
from parcli.numbers import NOTATIONS, Display
from parcli.planning import Analysis, Previous, analyse, plan_missing
from parcli.problems import Problem, has_errors, sort_problems
from parcli.report import context, data, planning
from parcli.report.letterhead import Header, resolve_header
from parcli.report.output import Rendering, Report, Request, render, resolve_format, when
from parcli.report.progress import build_progress
from parcli.report.tasks import group_tasks, plan_sections, task_rows
from parcli.scoring import ScoreCard, score_submission
from parcli.workspace import display_name, find_root, is_folder

__all__ = ["Report", "Request", "plan", "progress", "ranking", "resolve_format", "sheet"]


def display_of(settings: Settings, cs: CriteriaSet) -> Display:
    """How documents write numbers: the `numbers:` setting, Vietnamese by default."""
    return context.display_for(cs, NOTATIONS[settings.numbers or "vi"])


# ---------------------------------------------------------------- one agency


@dataclass(frozen=True)
class _Loaded:
    path: Path
    sub: Submission
    cs: CriteriaSet
    card: ScoreCard
    root: Path
    header: Header
    display: Display


def _load_one(path: Path, req: Request) -> tuple[_Loaded | None, list[Problem]]:
    found = check_one(path, cwd=req.cwd, today=req.checked_on, what="báo cáo này")
    problems = list(found.problems)
    root = find_root(path.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems.extend(settings_problems)
    if found.submission is None or found.criteria_set is None or has_errors(problems):
        return None, problems
    sub, cs = found.submission, found.criteria_set
    card = score_submission(cs, sub, file=found.file)
    header = resolve_header(settings, agency_id=sub.agency.id, agency_name=sub.agency.name)
    return _Loaded(path, sub, cs, card, root, header, display_of(settings, cs)), problems


def _load_with_plan(
    path: Path, req: Request, *, without_plan: str
) -> tuple[_Loaded | None, PlanFile | None, list[Problem]]:
    """The submission and the plan file in its workspace, checked against each other; no
    submission when either has errors. A submission with no plan tasks is warned of, with
    what the document then lacks (`without_plan`)."""
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return None, None, problems
    if not loaded.sub.plan:
        problems.append(plan_missing(display_name(loaded.path, req.cwd), without_plan))
    where = plan_file_path(loaded.root, loaded.sub.agency.id)
    texts, more = read_plan_file(where, cwd=req.cwd, sub=loaded.sub, cs=loaded.cs)
    if texts is not None:
        more += check_sections(loaded.path, loaded.sub, texts, cwd=req.cwd)
    problems += more
    return (None if has_errors(problems) else loaded), texts, problems


def progress(path: Path, req: Request) -> Report:
    loaded, texts, problems = _load_with_plan(path, req, without_plan="báo cáo chỉ có phần điểm")
    if loaded is None:
        return Report(sort_problems(problems))
    day = req.day(loaded.cs)
    sections = texts.sections if texts is not None else []
    plan, more = _analysis(loaded, req, day)
    if plan is None:
        return Report(sort_problems([*problems, *more]))
    problems += more
    built = build_progress(
        loaded.sub, loaded.card, loaded.cs, as_of=day, plan=plan, sections=sections
    )

    def chart() -> bytes:
        from parcli.report.charts import area_chart

        mark = " (tạm tính)" if loaded.card.provisional else ""
        title = f"Tỷ lệ điểm đạt theo lĩnh vực — {loaded.card.agency_name}{mark}"
        notation = loaded.display.notation
        return area_chart(loaded.card.areas, loaded.cs, title=title, notation=notation)

    def workbook() -> bytes:
        from parcli.report.progress_sheets import progress_xlsx

        return progress_xlsx(built, loaded.cs, loaded.display, when=when(day))

    values = planning.progress(
        built,
        loaded.cs,
        loaded.header,
        loaded.display,
        period=req.period_words(loaded.cs),
        previous=_last_year(loaded, req),
    )
    rendering = Rendering("progress", values, loaded.root, problems, workbook, chart, "linh-vuc")
    return render(rendering, req, day)


def _last_year(loaded: _Loaded, req: Request) -> dict[str, Any]:
    """ "So với năm trước": the agency's submission in the workspace's archive, compared."""
    from parcli.check.library import Library
    from parcli.check.previous import compare_with_previous, find_previous, rank_beside
    from parcli.report.comparison import previous_section

    library = Library(root=loaded.root, cwd=req.cwd)
    found = find_previous(
        loaded.sub.agency.id, loaded.cs, library=library, cwd=req.cwd, today=req.checked_on
    )
    comparison = None
    if found is not None and found.ok:
        ranking = rank_beside(
            loaded.path, loaded.cs.id, cwd=req.cwd, today=req.checked_on, work=req.work
        )
        comparison = compare_with_previous(loaded.card, loaded.cs, found, ranking=ranking)
    return previous_section(found, comparison, notation=loaded.display.notation)


def _analysis(loaded: _Loaded, req: Request, day: dt.date) -> tuple[Analysis | None, list[Problem]]:
    """The plan against the scores, with last year's results (`--previous`) for the items
    not scored yet; a rank target is counted among the files beside the submission."""
    previous: Previous | None = None
    problems: list[Problem] = []
    if req.previous is not None:
        previous, problems = previous_year(req.previous, loaded.sub, loaded.cs, cwd=req.cwd,
                                           today=req.checked_on)  # fmt: skip
        if previous is None:
            return None, problems
    else:
        from parcli.check.previous import previous_results

        previous = previous_results(
            loaded.sub, loaded.cs, root=loaded.root, cwd=req.cwd, today=req.checked_on
        )
    target = loaded.sub.plan_target
    others: list[ScoreCard] = []
    if target is not None and target.rank is not None:
        folder = [loaded.path.parent]
        others, _ = rival_cards(folder, loaded.cs.id, cwd=req.cwd, today=req.checked_on)
    analysis = analyse(loaded.cs, loaded.sub, previous=previous, others=others, as_of=day,
                       file=loaded.card.file)  # fmt: skip
    return analysis, problems


def plan(path: Path, req: Request) -> Report:
    """The Kế hoạch document: the plan file's texts and the submission's tasks by section."""
    loaded, texts, problems = _load_with_plan(
        path, req, without_plan="văn bản kế hoạch chưa có nhiệm vụ nào ở Mục II"
    )
    if loaded is None:
        return Report(sort_problems(problems))
    day = req.day(loaded.cs)
    analysis, more = _analysis(loaded, req, day)
    if analysis is None:
        return Report(sort_problems([*problems, *more]))
    problems += more
    rows = task_rows(analysis, day)
    declared = plan_sections(loaded.cs, texts.sections if texts is not None else [])
    groups = group_tasks(rows, declared)
    values = planning.plan(groups, texts, loaded.cs, loaded.header, loaded.display,
                           agency_name=loaded.sub.agency.name, as_of=day)  # fmt: skip

    def workbook() -> bytes:
        from parcli.report.progress_sheets import plan_xlsx

        return plan_xlsx(groups, loaded.cs, loaded.display, when=when(day),
                         title=values["doc"]["subtitle"])  # fmt: skip

    return render(Rendering("plan", values, loaded.root, problems, workbook), req, day)


def sheet(path: Path, req: Request) -> Report:
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return Report(sort_problems(problems))
    built = data.build_sheet(loaded.cs, loaded.card)
    day = req.day(loaded.cs)

    def workbook() -> bytes:
        from parcli.report.spreadsheets import sheet_xlsx

        return sheet_xlsx(built, loaded.cs, loaded.display, when=when(day))

    values = context.sheet(built, loaded.cs, loaded.header, loaded.display, as_of=day)
    return render(Rendering("sheet", values, loaded.root, problems, workbook), req, day)


# ---------------------------------------------------------------- all agencies


def ranking(paths: Sequence[Path], req: Request, *, group: str | None = None) -> Report:
    """Every agency group ranked on its own, a section each (`group`: that group only)."""
    resolved = resolve_paths(paths, cwd=req.cwd, default="submissions")
    result = score_paths(resolved, cwd=req.cwd, today=req.checked_on, work=req.work)
    first = resolved[0]
    root = find_root(first if is_folder(first) else first.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems = [*result.problems, *settings_problems]
    if not result.groups or has_errors(problems):
        return Report(sort_problems(problems))
    groups = [result.group(group)] if group is not None else result.groups
    built = [
        (
            g.criteria_set,
            data.build_ranking(g.criteria_set, g.ranked),
            display_of(settings, g.criteria_set),
        )
        for g in groups
    ]
    day = req.day(groups[0].criteria_set)

    def workbook() -> bytes:
        from parcli.report.spreadsheets import ranking_xlsx

        return ranking_xlsx(built, when=when(day))

    values = context.ranking(built, resolve_header(settings), as_of=day)
    several = len(groups) > 1
    charts = tuple(
        (f"xep-hang-{g.id or i + 1}" if several else "xep-hang", _ranking_chart(g, r, d))
        for i, (g, (_, r, d)) in enumerate(zip(groups, built, strict=True))
    )
    rendering = Rendering("ranking", values, root, problems, workbook, charts=charts)
    return render(rendering, req, day)


def _ranking_chart(group: GroupRanking, r: data.Ranking, d: Display) -> Callable[[], bytes]:
    def chart() -> bytes:
        from parcli.report.charts import ranking_chart

        cs = group.criteria_set
        mark = " (tạm tính)" if r.provisional else ""
        title = f"Chỉ số CCHC năm {cs.assessed_year} — {group.title}{mark}"
        return ranking_chart(group.ranked, cs, title=title, notation=d.notation)

    return chart
