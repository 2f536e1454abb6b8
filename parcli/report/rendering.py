"""Templates → documents: the sandboxed Jinja environment, Markdown text and Word (docxtpl) bytes.

The bundled templates live in the repository's `templates/`; a workspace's own `templates/`
folder overrides them file by file. Templates run sandboxed with `StrictUndefined`, so a
misspelt name stops the run instead of printing an empty cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from parcli.errors import ParcliError
from parcli.problems import Problem
from parcli.report.layout import layout_tables
from parcli.report.zips import fixed_zip
from parcli.workspace import bundled_dir, display_name

TEMPLATES = "templates"


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
    return [folder for folder in folders if folder.is_dir()]


def find_template(name: str, folders: Sequence[Path]) -> Path:
    for folder in folders:
        if (folder / name).is_file():
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


def markdown_env(folders: Sequence[Path]) -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
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
    env = markdown_env(folders)
    try:
        text = env.get_template(name).render(context)
    except TemplateError as exc:
        raise TemplateFailed(_problem(exc, name, folders, cwd)) from None
    # Blank lines the template logic leaves behind never mean anything in Markdown.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# ---------------------------------------------------------------- Word


def docx_env() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


@dataclass(frozen=True)
class DocxRequest:
    """A Word document to render: its template, its context and pictures, its properties."""

    template: Path
    context: Mapping[str, Any]
    images: Mapping[str, bytes]  # context name → PNG bytes, placed `image_width_mm` wide
    image_width_mm: int
    when: dt.datetime  # the document's date: core properties and zip entries
    title: str
    author: str
    cwd: Path  # for the names shown in problems


def render_docx(req: DocxRequest) -> bytes:
    """A .docx from a Word template; core properties and zip entries dated `req.when`."""
    from docx.shared import Mm  # heavy: only when DOCX is asked for
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(req.template)
    try:
        tpl.init_docx()
    except Exception as exc:  # a clerk's file that Word saved oddly, or not a .docx at all
        raise TemplateFailed(
            _located(req.template, req.cwd, f"không mở được mẫu Word ({type(exc).__name__})")
        ) from None
    pictures = {
        key: InlineImage(tpl, io.BytesIO(png), width=Mm(req.image_width_mm))
        for key, png in req.images.items()
    }
    try:
        tpl.render({**req.context, **pictures}, jinja_env=docx_env())
    except TemplateError as exc:
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


def _problem(exc: TemplateError, name: str, folders: Sequence[Path], cwd: Path) -> Problem:
    source = name
    line = 1
    if isinstance(exc, TemplateSyntaxError):
        source = exc.name or name
        line = exc.lineno or 1
    found = next((f / source for f in folders if (f / source).is_file()), None)
    if not isinstance(exc, TemplateSyntaxError):
        # Jinja rewrites a render error's traceback so its frames are the template's lines.
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith((".j2", ".md", ".docx")) and Path(filename).is_file():
                found, line = Path(filename), tb.tb_lineno
            tb = tb.tb_next
    return _located(found or Path(source), cwd, exc.message or type(exc).__name__, line)


def _located(path: Path, cwd: Path, what: str, line: int = 1) -> Problem:
    return Problem(
        display_name(path, cwd) if path.is_absolute() else str(path),
        line,
        1,
        "template-error",
        f"mẫu báo cáo lỗi: {what}; hãy sửa mẫu hoặc xóa nó để dùng mẫu có sẵn",
    )
