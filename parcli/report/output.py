"""What a report request asks for and how the document is written: Markdown (with its chart
beside it), DOCX, PDF through LibreOffice, or XLSX. Returns bytes; the CLI writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from parcli.check.batch import SERIAL, Work
from parcli.errors import UsageError
from parcli.models import CriteriaSet
from parcli.problems import Problem, has_errors, sort_problems
from parcli.report.rendering import (
    DocxRequest,
    TemplateFailed,
    find_template,
    render_docx,
    render_markdown,
    template_folders,
)
from parcli.writes import is_stream

Format = Literal["md", "docx", "xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "docx", "xlsx", "pdf")
CHART_WIDTH_MM = 150
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
    work: Work = SERIAL  # how many files are checked: processes, cache, progress
    previous: Path | None = None  # last year's submission: results for items not scored yet

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


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Rendering:
    """One report ready to render: its template name, context, and how to draw its parts."""

    name: str
    context: dict[str, Any]
    root: Path
    problems: list[Problem]
    workbook: Callable[[], bytes]
    chart: Callable[[], bytes] | None = None
    chart_suffix: str = ""
    # One chart per section (the ranking's groups): `charts[i]` in the template.
    charts: tuple[tuple[str, Callable[[], bytes]], ...] = ()


def render(r: Rendering, req: Request, day: dt.date) -> Report:
    """The chosen format; a chart where it has somewhere to go (a DOCX, a file beside the .md)."""
    warnings = sort_problems(r.problems)
    if req.format != "md" and req.out is None:
        raise UsageError(f"định dạng {req.format} cần --output <tệp.{req.format}>")
    if req.format == "xlsx" and req.out is not None:
        return Report(warnings, files=[(req.out, r.workbook())])
    folders = template_folders(r.root)
    chart = r.chart if req.charts else None
    sections = r.charts if req.charts else ()
    try:
        if req.format in ("docx", "pdf") and req.out is not None:
            images: dict[str, bytes | list[bytes]] = {"charts": [draw() for _, draw in sections]}
            if chart is not None:
                images["chart"] = chart()
            document = DocxRequest(
                template=find_template(f"{r.name}.docx", folders),
                context={**r.context, "chart": "", "charts": ["" for _ in r.charts]},
                images=images,
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
        names = ["" for _ in r.charts]
        beside = req.out is not None and not is_stream(req.out)
        if beside and req.out is not None and chart is not None:
            # a chart goes beside the Markdown file; `-o /dev/null` has no "beside"
            chart_path = req.out.with_name(f"{req.out.stem}-{r.chart_suffix}.png")
            chart_name = chart_path.name
            files.append((chart_path, chart()))
        for i, (suffix, draw) in enumerate(sections):
            if beside and req.out is not None:
                chart_path = req.out.with_name(f"{req.out.stem}-{suffix}.png")
                names[i] = chart_path.name
                files.append((chart_path, draw()))
        text = render_markdown(
            f"{r.name}.md.j2",
            {**r.context, "chart": chart_name, "charts": names},
            folders=folders,
            cwd=req.cwd,
        )
    except TemplateFailed as failed:
        return Report(sort_problems([*r.problems, failed.problem]))
    if req.out is None:
        return Report(warnings, text=text)
    return Report(warnings, files=[(req.out, text.encode("utf-8")), *files])
