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

from parcli.check.batch import SERIAL, Work
from parcli.check.driver import GroupRanking, check_paths, resolve_paths, score_paths
from parcli.check.settings import read_settings
from parcli.errors import UsageError
from parcli.models import CriteriaSet, Submission
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
    work: Work = SERIAL  # how many files are checked: processes, cache, progress

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
    if path.is_dir():
        raise UsageError(
            f"{path} là thư mục; báo cáo này cần một tệp hồ sơ, ví dụ {path}/so-a.yaml"
        )
    problems: list[Problem] = []
    found = None
    for checked in check_paths([path], cwd=req.cwd, today=req.as_of):
        problems.extend(checked.problems)
        if checked.kind == "criteria":
            raise UsageError(f"{checked.file} là bộ tiêu chí; hãy chỉ tệp hồ sơ của một cơ quan")
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
    return _Loaded(sub, cs, card, root, header), problems


def progress(path: Path, req: Request) -> Report:
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return Report(sort_problems(problems))
    built = data.build_progress(loaded.sub, loaded.card, as_of=req.as_of)
    last_year = _last_year(path, loaded, req)

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
            {**context.progress(built, loaded.cs, loaded.header), "previous": last_year},
            loaded.root,
            problems,
            workbook,
            chart,
            "linh-vuc",
        ),
        req,
    )


def _last_year(path: Path, loaded: _Loaded, req: Request) -> dict[str, Any]:
    """ "So với năm trước": the agency's submission in the workspace's archive, compared."""
    from parcli.check.files import Library
    from parcli.check.previous import compare_with_previous, find_previous, rank_beside
    from parcli.report.comparison import previous_section

    library = Library(root=loaded.root, cwd=req.cwd)
    found = find_previous(
        loaded.sub.agency.id, loaded.cs, library=library, cwd=req.cwd, today=req.as_of
    )
    comparison = None
    if found is not None and found.ok:
        ranking = rank_beside(path, loaded.cs.id, cwd=req.cwd, today=req.as_of, work=req.work)
        comparison = compare_with_previous(loaded.card, loaded.cs, found, ranking=ranking)
    return previous_section(found, comparison)


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


def ranking(paths: Sequence[Path], req: Request, *, group: str | None = None) -> Report:
    """Every agency group ranked on its own, a section each (`group`: that group only)."""
    resolved = resolve_paths(paths, cwd=req.cwd, default="submissions")
    result = score_paths(resolved, cwd=req.cwd, today=req.as_of, work=req.work)
    first = resolved[0]
    root = find_root(first if first.is_dir() else first.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems = [*result.problems, *settings_problems]
    if not result.groups or has_errors(problems):
        return Report(sort_problems(problems))
    groups = [result.group(group)] if group is not None else result.groups
    built = [(g.criteria_set, data.build_ranking(g.criteria_set, g.ranked)) for g in groups]

    def workbook() -> bytes:
        from parcli.report.spreadsheets import ranking_xlsx

        return ranking_xlsx(built, when=req.when)

    values = context.ranking(built, resolve_header(settings), as_of=req.as_of)
    several = len(groups) > 1
    charts = tuple(
        (f"xep-hang-{g.id or i + 1}" if several else "xep-hang", _ranking_chart(g, r.provisional))
        for i, (g, (_, r)) in enumerate(zip(groups, built, strict=True))
    )
    return _render(_Rendering("ranking", values, root, problems, workbook, charts=charts), req)


def _ranking_chart(group: GroupRanking, provisional: bool) -> Callable[[], bytes]:
    def chart() -> bytes:
        from parcli.report.charts import ranking_chart

        cs = group.criteria_set
        mark = " (tạm tính)" if provisional else ""
        title = f"Chỉ số CCHC năm {cs.assessed_year} — {group.title}{mark}"
        return ranking_chart(group.ranked, cs, title=title)

    return chart


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
    # One chart per section (the ranking's groups): `charts[i]` in the template.
    charts: tuple[tuple[str, Callable[[], bytes]], ...] = ()


def _render(r: _Rendering, req: Request) -> Report:
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
        if req.format == "docx" and req.out is not None:
            images: dict[str, bytes | list[bytes]] = {"charts": [draw() for _, draw in sections]}
            if chart is not None:
                images["chart"] = chart()
            document = DocxRequest(
                template=find_template(f"{r.name}.docx", folders),
                context={**r.context, "chart": "", "charts": ["" for _ in r.charts]},
                images=images,
                image_width_mm=CHART_WIDTH_MM,
                when=req.when,
                title=f"{r.context['doc']['title']} {r.context['doc']['subtitle']}",
                author=r.context["doc"]["name"],
                cwd=req.cwd,
            )
            return Report(warnings, files=[(req.out, render_docx(document))])
        files: list[tuple[Path, bytes]] = []
        chart_name = ""
        names = ["" for _ in r.charts]
        if req.out is not None and chart is not None:
            chart_path = req.out.with_name(f"{req.out.stem}-{r.chart_suffix}.png")
            chart_name = chart_path.name
            files.append((chart_path, chart()))
        for i, (suffix, draw) in enumerate(sections):
            if req.out is not None:
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
