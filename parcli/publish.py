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

from parcli import reports, views
from parcli.errors import UsageError
from parcli.models import CriteriaSet, Submission
from parcli.problems import Problem, has_errors, sort_problems
from parcli.rendering import (
    TemplateFailed,
    find_template,
    render_docx,
    render_markdown,
    template_folders,
)
from parcli.scoring import ScoreCard, score_submission
from parcli.settings import Header, read_settings, resolve_header
from parcli.workspace import check_paths, find_root

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
    fmt: Format
    out: Path | None
    as_of: dt.date
    cwd: Path
    charts: bool = True


def resolve_format(fmt: str | None, out: Path | None) -> Format:
    """The format asked for, else the output file's suffix, else Markdown."""
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    chosen = fmt or (suffix if suffix in FORMATS else "md")
    if chosen not in FORMATS:
        raise UsageError(f"định dạng {chosen!r} không có; hãy chọn md, docx hoặc xlsx")
    if fmt and suffix in FORMATS and suffix != fmt:
        raise UsageError(f"--format {fmt} nhưng tệp ra có đuôi .{suffix}; hãy sửa một trong hai")
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
    data = reports.build_progress(loaded.sub, loaded.card, as_of=req.as_of)
    context = views.progress(data, loaded.cs, loaded.header)

    def chart() -> bytes:
        from parcli.charts import area_chart

        mark = " (tạm tính)" if loaded.card.provisional else ""
        title = f"Tỷ lệ điểm đạt theo lĩnh vực — {loaded.card.agency_name}{mark}"
        return area_chart(loaded.card.areas, loaded.cs, title=title)

    def workbook() -> bytes:
        from parcli.workbooks import progress_xlsx

        return progress_xlsx(data, loaded.cs, when=_when(req))

    return _render("progress", context, req, loaded.root, problems, chart, "linh-vuc", workbook)


def sheet(path: Path, req: Request) -> Report:
    loaded, problems = _load_one(path, req)
    if loaded is None:
        return Report(sort_problems(problems))
    data = reports.build_sheet(loaded.cs, loaded.card)
    context = views.sheet(data, loaded.cs, loaded.header, as_of=req.as_of)

    def workbook() -> bytes:
        from parcli.workbooks import sheet_xlsx

        return sheet_xlsx(data, loaded.cs, when=_when(req))

    return _render("sheet", context, req, loaded.root, problems, None, "", workbook)


# ---------------------------------------------------------------- all agencies


def ranking(paths: Sequence[Path], req: Request) -> Report:
    from parcli.api import resolve_paths, score

    resolved = resolve_paths(paths, cwd=req.cwd, default="submissions")
    result = score(resolved, cwd=req.cwd, today=req.as_of)
    first = resolved[0]
    root = find_root(first if first.is_dir() else first.parent)
    settings, settings_problems = read_settings(root, cwd=req.cwd)
    problems = [*result.problems, *settings_problems]
    cs = result.criteria
    if cs is None or has_errors(problems):
        return Report(sort_problems(problems))
    data = reports.build_ranking(cs, result.ranked)
    context = views.ranking(data, cs, resolve_header(settings), as_of=req.as_of)

    def chart() -> bytes:
        from parcli.charts import ranking_chart

        mark = " (tạm tính)" if data.provisional else ""
        title = f"Chỉ số CCHC năm {cs.period.start.year} — xếp hạng{mark}"
        return ranking_chart(result.ranked, cs, title=title)

    def workbook() -> bytes:
        from parcli.workbooks import ranking_xlsx

        return ranking_xlsx(data, cs, when=_when(req))

    return _render("ranking", context, req, root, problems, chart, "xep-hang", workbook)


# ---------------------------------------------------------------- rendering


def _render(
    name: str,
    context: dict[str, Any],
    req: Request,
    root: Path,
    problems: list[Problem],
    chart: Callable[[], bytes] | None,
    chart_suffix: str,
    workbook: Callable[[], bytes],
) -> Report:
    """The chosen format; a chart where it has somewhere to go (a DOCX, a file beside the .md)."""
    warnings = sort_problems(problems)
    if req.fmt == "xlsx":
        assert req.out is not None
        return Report(warnings, files=[(req.out, workbook())])
    folders = template_folders(root)
    want_chart = chart is not None and req.charts
    try:
        if req.fmt == "docx":
            assert req.out is not None
            images = {"chart": chart()} if chart is not None and want_chart else {}
            data = render_docx(
                find_template(f"{name}.docx", folders),
                {**context, "chart": ""},
                images=images,
                image_width_mm=CHART_WIDTH_MM,
                when=_when(req),
                title=f"{context['doc']['title']} {context['doc']['subtitle']}",
                author=context["doc"]["name"],
                cwd=req.cwd,
            )
            return Report(warnings, files=[(req.out, data)])
        files: list[tuple[Path, bytes]] = []
        chart_name = ""
        if req.out is not None and chart is not None and want_chart:
            chart_path = req.out.with_name(f"{req.out.stem}-{chart_suffix}.png")
            chart_name = chart_path.name
            files.append((chart_path, chart()))
        text = render_markdown(
            f"{name}.md.j2", {**context, "chart": chart_name}, folders=folders, cwd=req.cwd
        )
    except TemplateFailed as failed:
        return Report(sort_problems([*problems, failed.problem]))
    if req.out is None:
        return Report(warnings, text=text)
    return Report(warnings, files=[(req.out, text.encode("utf-8")), *files])


def _when(req: Request) -> dt.datetime:
    """Reports are dated by --as-of, never by the clock, so the same inputs give the same bytes."""
    return dt.datetime.combine(req.as_of, dt.time(0, 0))
