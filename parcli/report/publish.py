"""`parcli report`: check the files, build a report, render it as Markdown, DOCX or XLSX.

Returns what to print and which files to write; the CLI does the printing and the writing.
A report is never made from a file with errors: its problems come back instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from parcli.check.driver import check_paths, resolve_paths, score_paths
from parcli.check.planfile import check_sections, plan_file_path, read_plan_file
from parcli.check.settings import Settings, read_settings
from parcli.errors import UsageError
from parcli.models import CriteriaSet, PlanFile, Submission
from parcli.numbers import NOTATIONS, Display
from parcli.problems import Problem, Severity, has_errors, sort_problems
from parcli.report import context, data, planning
from parcli.report.letterhead import Header, resolve_header
from parcli.report.rendering import (
    DocxRequest,
    TemplateFailed,
    find_template,
    render_docx,
    render_markdown,
    template_folders,
)
from parcli.report.tasks import group_tasks, plan_sections, task_row
from parcli.scoring import ScoreCard, score_submission
from parcli.workspace import display_name, find_root

Format = Literal["md", "docx", "xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "docx", "xlsx", "pdf")
CHART_WIDTH_MM = 160
# Named periods of the province's periodic reports: the last day and the words of the title.
PERIODS = {
    "q1": ((3, 31), "quý I năm {year}"),
    "6m": ((6, 30), "6 tháng đầu năm {year}"),
    "9m": ((9, 30), "9 tháng năm {year}"),
    "year": ((12, 31), "năm {year}"),
}


@dataclass(frozen=True)
class Report:
    problems: list[Problem]  # warnings to show, or the errors that stopped the report
    text: str | None = None  # Markdown for standard output, when no file was named
    files: list[tuple[Path, bytes]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass(frozen=True)
class Request:
    """What the user asked for: the format, the output file, the report's day and period."""

    format: Format
    out: Path | None
    as_of: dt.date | None  # None: the period's last day, else today
    cwd: Path
    charts: bool = True
    period: str | None = None  # q1, 6m, 9m, year

    def day(self, cs: CriteriaSet | None = None) -> dt.date:
        """The report's day: --as-of, else the end of --period in the set's year, else today."""
        if self.as_of is not None:
            return self.as_of
        if self.period is not None and cs is not None:
            (month, last), _ = PERIODS[self.period]
            return dt.date(cs.period.start.year, month, last)
        return dt.date.today()

    def period_words(self, cs: CriteriaSet) -> str:
        """ "6 tháng đầu năm 2026" for --period 6m; "" without a period."""
        if self.period is None:
            return ""
        return PERIODS[self.period][1].format(year=cs.period.start.year)

    @property
    def checked_on(self) -> dt.date:
        """The day files are checked against: today's file may hold what happened after the
        report's day (a task done since), which is no error."""
        return max(self.as_of or dt.date.today(), dt.date.today())


def when(day: dt.date) -> dt.datetime:
    """Reports are dated by their day, never by the clock: same inputs, same bytes."""
    return dt.datetime.combine(day, dt.time(0, 0))


def resolve_format(asked: str | None, out: Path | None) -> Format:
    """The format asked for, else the output file's suffix, else Markdown."""
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    chosen = asked or (suffix if suffix in FORMATS else "md")
    if chosen not in FORMATS:
        raise UsageError(f"định dạng {chosen!r} không có; hãy chọn md, docx, xlsx hoặc pdf")
    if asked and suffix in FORMATS and suffix != asked:
        raise UsageError(f"--format {asked} nhưng tệp ra có đuôi .{suffix}; hãy sửa một trong hai")
    if chosen != "md" and out is None:
        raise UsageError(f"định dạng {chosen} cần --output <tệp.{chosen}>")
    return chosen


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
    if path.is_dir():
        raise UsageError(
            f"{path} là thư mục; báo cáo này cần một tệp hồ sơ, ví dụ {path}/so-a.yaml"
        )
    problems: list[Problem] = []
    found = None
    for checked in check_paths([path], cwd=req.cwd, today=req.checked_on):
        problems.extend(checked.problems)
        if checked.kind in ("criteria", "plan"):
            what = "bộ tiêu chí" if checked.kind == "criteria" else "tệp kế hoạch"
            raise UsageError(f"{checked.file} là {what}; hãy chỉ tệp hồ sơ của một cơ quan")
        found = checked
    root = find_root(path.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems.extend(settings_problems)
    if found is None or found.submission is None or found.criteria_set is None:
        return None, problems
    if has_errors(problems):
        return None, problems
    sub, cs = found.submission, found.criteria_set
    card = score_submission(cs, sub, file=found.file)
    header = resolve_header(settings, agency_id=sub.agency.id, agency_name=sub.agency.name)
    return _Loaded(path, sub, cs, card, root, header, display_of(settings, cs)), problems


def _plan_texts(loaded: _Loaded, req: Request) -> tuple[PlanFile | None, list[Problem]]:
    """The plan file beside the submission's workspace, checked against the submission."""
    where = plan_file_path(loaded.root, loaded.sub.agency.id)
    texts, problems = read_plan_file(where, cwd=req.cwd, sub=loaded.sub, cs=loaded.cs)
    if texts is not None:
        problems += check_sections(loaded.path, loaded.sub, texts, cwd=req.cwd)
    return texts, problems


def progress(path: Path, req: Request) -> Report:
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return Report(sort_problems(problems))
    texts, more = _plan_texts(loaded, req)
    problems += more
    if has_errors(problems):
        return Report(sort_problems(problems))
    if not loaded.sub.plan:
        problems.append(_no_plan(loaded, req))
    day = req.day(loaded.cs)
    sections = texts.sections if texts is not None else []
    built = data.build_progress(loaded.sub, loaded.card, loaded.cs, as_of=day, sections=sections)

    def chart() -> bytes:
        from parcli.report.charts import area_chart

        mark = " (tạm tính)" if loaded.card.provisional else ""
        title = f"Tỷ lệ điểm đạt theo lĩnh vực — {loaded.card.agency_name}{mark}"
        return area_chart(loaded.card.areas, loaded.cs, title=title)

    def workbook() -> bytes:
        from parcli.report.spreadsheets import progress_xlsx

        return progress_xlsx(built, loaded.cs, loaded.display, when=when(day))

    values = planning.progress(
        built, loaded.cs, loaded.header, loaded.display, period=req.period_words(loaded.cs)
    )
    rendering = _Rendering("progress", values, loaded.root, problems, workbook, chart, "linh-vuc")
    return _render(rendering, req, day)


def _no_plan(loaded: _Loaded, req: Request) -> Problem:
    return Problem(
        display_name(loaded.path, req.cwd),
        1,
        1,
        "plan-missing",
        "hồ sơ chưa có nhiệm vụ kế hoạch (plan:): báo cáo chỉ có phần điểm; hãy ghi các "
        "nhiệm vụ của Kế hoạch cải thiện Chỉ số CCHC vào plan:",
        severity=Severity.WARNING,
    )


def plan(path: Path, req: Request) -> Report:
    """The Kế hoạch document: the plan file's texts and the submission's tasks by section."""
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return Report(sort_problems(problems))
    texts, more = _plan_texts(loaded, req)
    problems += more
    if has_errors(problems):
        return Report(sort_problems(problems))
    day = req.day(loaded.cs)
    rows = [task_row(t, day) for t in loaded.sub.plan]
    declared = plan_sections(loaded.cs, texts.sections if texts is not None else [])
    groups = group_tasks(rows, declared)
    values = planning.plan(groups, texts, loaded.cs, loaded.header, loaded.display,
                           agency_name=loaded.sub.agency.name, as_of=day)  # fmt: skip

    def workbook() -> bytes:
        from parcli.report.spreadsheets import plan_xlsx

        return plan_xlsx(groups, loaded.cs, loaded.display, when=when(day),
                         title=values["doc"]["subtitle"])  # fmt: skip

    return _render(_Rendering("plan", values, loaded.root, problems, workbook), req, day)


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
    return _render(_Rendering("sheet", values, loaded.root, problems, workbook), req, day)


# ---------------------------------------------------------------- all agencies


def ranking(paths: Sequence[Path], req: Request) -> Report:
    resolved = resolve_paths(paths, cwd=req.cwd, default="submissions")
    result = score_paths(resolved, cwd=req.cwd, today=req.checked_on)
    first = resolved[0]
    root = find_root(first if first.is_dir() else first.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems = [*result.problems, *settings_problems]
    cs = result.criteria_set
    if cs is None or has_errors(problems):
        return Report(sort_problems(problems))
    built = data.build_ranking(cs, result.ranked)
    day = req.day(cs)
    display = display_of(settings, cs)

    def chart() -> bytes:
        from parcli.report.charts import ranking_chart

        mark = " (tạm tính)" if built.provisional else ""
        title = f"Chỉ số CCHC năm {cs.period.start.year} — xếp hạng{mark}"
        return ranking_chart(result.ranked, cs, title=title)

    def workbook() -> bytes:
        from parcli.report.spreadsheets import ranking_xlsx

        return ranking_xlsx(built, cs, display, when=when(day))

    values = context.ranking(built, cs, resolve_header(settings), display, as_of=day)
    rendering = _Rendering("ranking", values, root, problems, workbook, chart, "xep-hang")
    return _render(rendering, req, day)


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class _Rendering:
    """One report ready to render: its template name, context, and how to draw its parts."""

    name: str
    context: dict[str, Any]
    root: Path
    problems: list[Problem]
    workbook: Callable[[], bytes]
    chart: Callable[[], bytes] | None = None
    chart_suffix: str = ""


def _render(r: _Rendering, req: Request, day: dt.date) -> Report:
    """The chosen format; a chart where it has somewhere to go (a DOCX, a file beside the .md)."""
    warnings = sort_problems(r.problems)
    if req.format != "md" and req.out is None:
        raise UsageError(f"định dạng {req.format} cần --output <tệp.{req.format}>")
    if req.format == "xlsx" and req.out is not None:
        return Report(warnings, files=[(req.out, r.workbook())])
    folders = template_folders(r.root)
    chart = r.chart if req.charts else None
    try:
        if req.format in ("docx", "pdf") and req.out is not None:
            document = DocxRequest(
                template=find_template(f"{r.name}.docx", folders),
                context={**r.context, "chart": ""},
                images={"chart": chart()} if chart is not None else {},
                image_width_mm=CHART_WIDTH_MM,
                when=when(day),
                title=f"{r.context['doc']['title']} {r.context['doc']['subtitle']}",
                author=r.context["doc"]["name"],
                cwd=req.cwd,
            )
            made = render_docx(document)
            if req.format == "pdf":
                from parcli.report.pdf import docx_to_pdf

                made = docx_to_pdf(made)
            return Report(warnings, files=[(req.out, made)])
        files: list[tuple[Path, bytes]] = []
        chart_name = ""
        if req.out is not None and chart is not None:
            chart_path = req.out.with_name(f"{req.out.stem}-{r.chart_suffix}.png")
            chart_name = chart_path.name
            files.append((chart_path, chart()))
        text = render_markdown(
            f"{r.name}.md.j2", {**r.context, "chart": chart_name}, folders=folders, cwd=req.cwd
        )
    except TemplateFailed as failed:
        return Report(sort_problems([*r.problems, failed.problem]))
    if req.out is None:
        return Report(warnings, text=text)
    return Report(warnings, files=[(req.out, text.encode("utf-8")), *files])
