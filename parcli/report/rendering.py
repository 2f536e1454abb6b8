"""Templates → documents: the sandboxed Jinja environment, Markdown text and Word (docxtpl) bytes.

The bundled templates live in the repository's `templates/`; a workspace's own `templates/`
folder overrides them file by file. Templates run sandboxed with `StrictUndefined`, so a
misspelt name stops the run instead of printing an empty cell.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from markupsafe import Markup

from parcli.archives import Refused, open_zip
from parcli.errors import ParcliError
from parcli.files import Unreadable, read_regular
from parcli.problems import Problem
from parcli.report import budget as budgets
from parcli.report.budget import Budget, OutOfMemory, OverBudget, run_budgeted
from parcli.report.layout import layout_tables
from parcli.report.sandbox import BudgetedSandbox, TemplateFiles
from parcli.report.zips import fixed_zip
from parcli.workspace import bundled_dir, display_name

TEMPLATES = "templates"
MAX_DOCX_BYTES = 32 * 1024 * 1024


class TemplateFailed(ParcliError):
    """A template cannot be read, parsed or rendered; `problem` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def template_folders(root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the workspace's, then the bundled."""
    folders = [root / TEMPLATES]
    bundled = bundled_dir(TEMPLATES)
    if bundled is not None:
        folders.append(bundled)
    return [folder for folder in folders if os.path.isdir(folder)]


def find_template(name: str, folders: Sequence[Path]) -> Path:
    """The first folder's file of that name, whatever it is: one that is not a readable
    file is reported, never passed over for the bundled template."""
    for folder in folders:
        if os.path.lexists(folder / name):
            return folder / name
    raise ParcliError(f"không tìm thấy mẫu báo cáo {name} trong thư mục templates/")


# ---------------------------------------------------------------- Markdown

_START = re.compile(r"^(?:[#>]|[-+=](?!\d)|\d+[.)](?=\s|$))")


def escape_markdown(value: object) -> str:
    """Text from submissions made safe inside Markdown paragraphs and table cells."""
    text = str(value).replace("\\", "\\\\")
    text = re.sub(r"([|*_`\[\]])", r"\\\1", text).replace("<", "&lt;")
    lines = [line.strip() for line in re.split(r"\r\n|\r|\n", text)]
    return "<br>".join(_escape_start(line) for line in lines if line)


def _escape_start(line: str) -> str:
    found = _START.match(line)
    if found is None:
        return line
    if found.group().startswith(("#", ">", "-", "+", "=")):
        return "\\" + line
    end = found.end() - 1
    return line[:end] + "\\" + line[end:]


def _finalize(value: object) -> object:
    # Every `{{ … }}` is escaped for Markdown, unless a template marks it `| safe`.
    return value if isinstance(value, Markup) else escape_markdown(value)


def markdown_env(folders: Sequence[Path], budget: Budget) -> BudgetedSandbox:
    return BudgetedSandbox(
        budget=budget,
        loader=TemplateFiles(folders, budget=budget),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_markdown(
    name: str, context: Mapping[str, Any], *, folders: Sequence[Path], cwd: Path
) -> str:
    budget = budgets.BUDGET
    env = markdown_env(folders, budget)
    try:
        text = run_budgeted(lambda: env.get_template(name).render(context), budget)
    except Exception as exc:  # template code: anything it raises is the template's error
        raise TemplateFailed(_problem(exc, name, folders, cwd)) from None
    # Blank lines the template logic leaves behind never mean anything in Markdown.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# ---------------------------------------------------------------- Word


def docx_env(budget: Budget) -> BudgetedSandbox:
    return BudgetedSandbox(budget=budget, undefined=StrictUndefined, autoescape=True)


@dataclass(frozen=True)
class DocxRequest:
    """A Word document to render: its template, its context and pictures, its properties."""

    template: Path
    context: Mapping[str, Any]
    # context name → PNG bytes (or a list of them), placed `image_width_mm` wide
    images: Mapping[str, bytes | Sequence[bytes]]
    image_width_mm: int
    when: dt.datetime  # the document's date: core properties and zip entries
    title: str
    author: str
    cwd: Path  # for the names shown in problems


def render_docx(req: DocxRequest) -> bytes:
    """A .docx from a Word template; core properties and zip entries dated `req.when`."""
    from docx.shared import Mm  # heavy: only when DOCX is asked for
    from docxtpl import DocxTemplate, InlineImage

    budget = budgets.BUDGET
    try:
        raw = read_regular(req.template, limit=MAX_DOCX_BYTES)
        open_zip(raw)  # bounded like a workbook: sizes, ratio, no DOCTYPE
        tpl = DocxTemplate(io.BytesIO(raw))
        tpl.init_docx()
    except Unreadable as exc:
        raise TemplateFailed(_located(req.template, req.cwd, exc.reason)) from None
    except Refused as exc:
        raise TemplateFailed(_located(req.template, req.cwd, exc.reason)) from None
    except Exception as exc:  # a clerk's file that Word saved oddly, or not a .docx at all
        raise TemplateFailed(
            _located(req.template, req.cwd, f"không mở được mẫu Word ({type(exc).__name__})")
        ) from None

    def picture(png: bytes) -> InlineImage:
        return InlineImage(tpl, io.BytesIO(png), width=Mm(req.image_width_mm))

    pictures = {
        key: picture(png) if isinstance(png, bytes) else [picture(one) for one in png]
        for key, png in req.images.items()
    }
    try:
        run_budgeted(
            lambda: tpl.render({**req.context, **pictures}, jinja_env=docx_env(budget)), budget
        )
    except Exception as exc:  # template code: anything it raises is the template's error
        folders = [req.template.parent]
        raise TemplateFailed(_problem(exc, req.template.name, folders, req.cwd)) from None
    layout_tables(tpl.docx)
    props = tpl.docx.core_properties
    props.title = req.title
    props.author = req.author
    props.last_modified_by = "parcli"
    props.created = props.modified = req.when
    props.revision = 1
    out = io.BytesIO()
    tpl.save(out)
    return fixed_zip(out.getvalue(), req.when)


# ---------------------------------------------------------------- errors


def _problem(exc: Exception, name: str, folders: Sequence[Path], cwd: Path) -> Problem:
    source = name
    line = 1
    found: Path | None = None
    if isinstance(exc, TemplateSyntaxError):
        source = exc.name or name
        line = exc.lineno or 1
        found = Path(exc.filename) if exc.filename else None
    found = found or next((f / source for f in folders if os.path.lexists(f / source)), None)
    if not isinstance(exc, TemplateSyntaxError):
        # Jinja rewrites a render error's traceback so its frames are the template's lines.
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith((".j2", ".md", ".docx")) and Path(filename).is_file():
                found, line = Path(filename), tb.tb_lineno
            tb = tb.tb_next
    return _located(found or Path(source), cwd, _what(exc), line)


def _what(exc: Exception) -> str:
    """What went wrong, for the template's author."""
    if isinstance(exc, OverBudget):
        return exc.what
    if isinstance(exc, RecursionError):
        return "gọi lồng quá sâu (macro, include hoặc extends gọi lại chính nó?)"
    if isinstance(exc, MemoryError):
        return OutOfMemory.what
    if isinstance(exc, OverflowError):
        return "số hoặc range() quá lớn"
    if isinstance(exc, TemplateError):
        return exc.message or type(exc).__name__
    detail = str(exc)
    return f"{type(exc).__name__}: {detail[:200]}" if detail else type(exc).__name__


def _located(path: Path, cwd: Path, what: str, line: int = 1) -> Problem:
    return Problem(
        display_name(path, cwd) if path.is_absolute() else str(path),
        line,
        1,
        "template-error",
        f"mẫu báo cáo lỗi: {what}; hãy sửa mẫu hoặc xóa nó để dùng mẫu có sẵn",
    )
