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

from parcli.check.driver import check_one, resolve_paths, rival_cards, score_paths
from parcli.check.settings import read_settings
from parcli.errors import UsageError
from parcli.models import CriteriaSet, Submission
from parcli.planning import Analysis, analyse
from parcli.problems import Problem, has_errors, sort_problems
from parcli.report import context, data
from parcli.report.letterhead import Header, resolve_header
from parcli.report.rendering import (
    DocxRequest,
    TemplateFailed,
    find_template,
    render_docx,
    render_markdown,
    template_folders,
)
from parcli.scoring import ScoreCard, score_submission
from parcli.workspace import find_root

Format = Literal["md", "docx", "xlsx"]
FORMATS: tuple[Format, ...] = ("md", "docx", "xlsx")
CHART_WIDTH_MM = 160


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
    """What the user asked for: the format, the output file, the report's day."""

    format: Format
    out: Path | None
    as_of: dt.date
    cwd: Path
    charts: bool = True

    @property
    def when(self) -> dt.datetime:
        """Reports are dated by --as-of, never by the clock: same inputs, same bytes."""
        return dt.datetime.combine(self.as_of, dt.time(0, 0))


def resolve_format(asked: str | None, out: Path | None) -> Format:
    """The format asked for, else the output file's suffix, else Markdown."""
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    chosen = asked or (suffix if suffix in FORMATS else "md")
    if chosen not in FORMATS:
        raise UsageError(f"định dạng {chosen!r} không có; hãy chọn md, docx hoặc xlsx")
    if asked and suffix in FORMATS and suffix != asked:
        raise UsageError(f"--format {asked} nhưng tệp ra có đuôi .{suffix}; hãy sửa một trong hai")
    if chosen != "md" and out is None:
        raise UsageError(f"định dạng {chosen} cần --output <tệp.{chosen}>")
    return chosen


# ---------------------------------------------------------------- one agency


@dataclass(frozen=True)
class _Loaded:
    sub: Submission
    cs: CriteriaSet
    card: ScoreCard
    root: Path
    header: Header


def _load_one(path: Path, req: Request) -> tuple[_Loaded | None, list[Problem]]:
    found = check_one(path, cwd=req.cwd, today=req.as_of, what="báo cáo này")
    problems = list(found.problems)
    root = find_root(path.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems.extend(settings_problems)
    if found.submission is None or found.criteria_set is None or has_errors(problems):
        return None, problems
    sub, cs = found.submission, found.criteria_set
    card = score_submission(cs, sub, file=found.file)
    header = resolve_header(settings, agency_id=sub.agency.id, agency_name=sub.agency.name)
    return _Loaded(sub, cs, card, root, header), problems


def progress(path: Path, req: Request) -> Report:
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return Report(sort_problems(problems))
    plan = _plan(loaded, path, req)
    built = data.build_progress(loaded.sub, loaded.card, as_of=req.as_of, plan=plan)

    def chart() -> bytes:
        from parcli.report.charts import area_chart

        mark = " (tạm tính)" if loaded.card.provisional else ""
        title = f"Tỷ lệ điểm đạt theo lĩnh vực — {loaded.card.agency_name}{mark}"
        return area_chart(loaded.card.areas, loaded.cs, title=title)

    def workbook() -> bytes:
        from parcli.report.spreadsheets import progress_xlsx

        return progress_xlsx(built, loaded.cs, when=req.when)

    return _render(
        _Rendering(
            "progress",
            context.progress(built, loaded.cs, loaded.header),
            loaded.root,
            problems,
            workbook,
            chart,
            "linh-vuc",
        ),
        req,
    )


def _plan(loaded: _Loaded, path: Path, req: Request) -> Analysis:
    """The plan against the scores; a rank target is counted among the files beside `path`."""
    target = loaded.sub.plan_target
    others: list[ScoreCard] = []
    if target is not None and target.rank is not None:
        others, _ = rival_cards([path.parent], loaded.cs.id, cwd=req.cwd, today=req.as_of)
    return analyse(loaded.cs, loaded.sub, others=others, as_of=req.as_of, file=loaded.card.file)


def sheet(path: Path, req: Request) -> Report:
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return Report(sort_problems(problems))
    built = data.build_sheet(loaded.cs, loaded.card)

    def workbook() -> bytes:
        from parcli.report.spreadsheets import sheet_xlsx

        return sheet_xlsx(built, loaded.cs, when=req.when)

    values = context.sheet(built, loaded.cs, loaded.header, as_of=req.as_of)
    return _render(_Rendering("sheet", values, loaded.root, problems, workbook), req)


# ---------------------------------------------------------------- all agencies


def ranking(paths: Sequence[Path], req: Request) -> Report:
    resolved = resolve_paths(paths, cwd=req.cwd, default="submissions")
    result = score_paths(resolved, cwd=req.cwd, today=req.as_of)
    first = resolved[0]
    root = find_root(first if first.is_dir() else first.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems = [*result.problems, *settings_problems]
    cs = result.criteria_set
    if cs is None or has_errors(problems):
        return Report(sort_problems(problems))
    built = data.build_ranking(cs, result.ranked)

    def chart() -> bytes:
        from parcli.report.charts import ranking_chart

        mark = " (tạm tính)" if built.provisional else ""
        title = f"Chỉ số CCHC năm {cs.period.start.year} — xếp hạng{mark}"
        return ranking_chart(result.ranked, cs, title=title)

    def workbook() -> bytes:
        from parcli.report.spreadsheets import ranking_xlsx

        return ranking_xlsx(built, cs, when=req.when)

    values = context.ranking(built, cs, resolve_header(settings), as_of=req.as_of)
    return _render(_Rendering("ranking", values, root, problems, workbook, chart, "xep-hang"), req)


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


def _render(r: _Rendering, req: Request) -> Report:
    """The chosen format; a chart where it has somewhere to go (a DOCX, a file beside the .md)."""
    warnings = sort_problems(r.problems)
    if req.format != "md" and req.out is None:
        raise UsageError(f"định dạng {req.format} cần --output <tệp.{req.format}>")
    if req.format == "xlsx" and req.out is not None:
        return Report(warnings, files=[(req.out, r.workbook())])
    folders = template_folders(r.root)
    chart = r.chart if req.charts else None
    try:
        if req.format == "docx" and req.out is not None:
            document = DocxRequest(
                template=find_template(f"{r.name}.docx", folders),
                context={**r.context, "chart": ""},
                images={"chart": chart()} if chart is not None else {},
                image_width_mm=CHART_WIDTH_MM,
                when=req.when,
                title=f"{r.context['doc']['title']} {r.context['doc']['subtitle']}",
                author=r.context["doc"]["name"],
                cwd=req.cwd,
            )
            return Report(warnings, files=[(req.out, render_docx(document))])
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
