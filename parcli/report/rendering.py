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
from itertools import permutations
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from parcli.errors import ParcliError
from parcli.problems import Problem
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
    _layout_tables(tpl.docx)
    props = tpl.docx.core_properties
    props.title = req.title
    props.author = req.author
    props.last_modified_by = "parcli"
    props.created = props.modified = req.when
    props.revision = 1
    out = io.BytesIO()
    tpl.save(out)
    return fixed_zip(out.getvalue(), req.when)


# Times New Roman 13 pt: about 120 twips (1/20 pt) per character on average; each cell also
# has its margins and a little slack.
_CHAR = 125
_PAD = 240
_KEEP_WHOLE = 4  # a table of at most this many rows (header included) stays on one page


def _layout_tables(document: Any) -> None:
    """Fit every data table (one with a header row) to its content and keep its end together.

    Column widths come from the text actually rendered: each column gets room for its
    longest word, and the rest of the page goes to the columns with the most text, so a
    "Lý do" column is not 2 cm wide while a code column takes 3. A short table stays on
    one page, and a long one never leaves its last row alone on the next page.
    """
    from docx.oxml.ns import qn

    section = document.sections[-1]
    page = int(section.page_width - section.left_margin - section.right_margin) // 635  # twips
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if not rows or rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            continue  # the letterhead and the signature: laid out by hand
        cells = [r.findall(qn("w:tc")) for r in rows]
        count = len(cells[0])
        grid = tbl.find(qn("w:tblGrid"))
        if (
            grid is None
            or any(len(c) != count for c in cells)
            or any(
                tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None for c in cells for tc in c
            )
        ):
            continue
        texts = [["\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                             for p in tc.iter(qn("w:p"))) for tc in c] for c in cells]  # fmt: skip
        widths = fit_widths(texts, page)
        for col in grid.findall(qn("w:gridCol")):
            grid.remove(col)
        for width in widths:
            grid.append(grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(width)}))
        for row_cells in cells:
            for tc, width in zip(row_cells, widths, strict=True):
                tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if tcw is not None:
                    tcw.set(qn("w:w"), str(width))
                    tcw.set(qn("w:type"), "dxa")
        _keep_end_together(rows, whole=len(rows) <= _KEEP_WHOLE)


def fit_widths(texts: Sequence[Sequence[str]], page: int) -> list[int]:
    """Column widths in twips for rows of cell texts (the first row is the header), as short a
    table as the page allows: no word broken, then width moved between columns while that
    lowers the table's estimated height (each row as tall as its fullest cell)."""
    columns = list(zip(*texts, strict=True))
    mins = []
    for column in columns:
        header = max((len(w) * 1.15 for w in column[0].split()), default=1)  # bold
        body = max((len(w) for text in column[1:] for w in text.split()), default=1)
        mins.append(_PAD + _CHAR * max(header, body, 2))
    if sum(mins) >= page:
        return [int(m * page / sum(mins)) for m in mins]
    lengths = [[[len(line) for line in cell.split("\n")] for cell in row] for row in texts]
    means = [
        sum(sum(cell) for cell in col) / max(len(col), 1)
        for col in zip(*(lengths[1:] or lengths), strict=True)
    ]
    weights = [max(m * _CHAR + _PAD - w, 0.0) for m, w in zip(means, mins, strict=True)]
    extra = page - sum(mins)
    widths = [w + extra * (k / sum(weights) if sum(weights) else 1 / len(mins))
              for w, k in zip(mins, weights, strict=True)]  # fmt: skip
    step = _CHAR * 2
    height = _height(lengths, widths)
    for _ in range(200):
        best = None
        for give, take in permutations(range(len(widths)), 2):
            if widths[give] - step < mins[give]:
                continue
            trial = list(widths)
            trial[give] -= step
            trial[take] += step
            h = _height(lengths, trial)
            if h < height and (best is None or h < best[0]):
                best = (h, trial)
        if best is None:
            break
        height, widths = best
    return [int(w) for w in widths]


def _height(lengths: Sequence[Sequence[Sequence[int]]], widths: Sequence[float]) -> float:
    """About how many lines the table needs: each row as tall as its fullest cell. A soft
    maximum keeps the measure smooth, so a small move of width always shows its effect."""
    caps = [max((w - _PAD) / _CHAR * 0.92, 1.0) for w in widths]  # words do not fill lines
    total = 0.0
    for row in lengths:
        lines = [sum(max(n / cap, 1.0) for n in cell) for cell, cap in zip(row, caps, strict=True)]
        total += sum(n**6 for n in lines) ** (1 / 6)
    return total


def _keep_end_together(rows: Sequence[Any], *, whole: bool) -> None:
    """Keep-with-next on the rows that must not be parted from the row below them: the
    header with the first row, the last row with the one before it (or a tiny table whole)."""
    from docx.oxml.ns import qn

    for tr in rows[:-1] if whole else [*rows[:1], *rows[-2:-1]]:
        for p in tr.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = p.makeelement(qn("w:pPr"), {})
                p.insert(0, ppr)
            if ppr.find(qn("w:keepNext")) is None:  # after pStyle: the schema's order
                at = 1 if ppr.find(qn("w:pStyle")) is not None else 0
                ppr.insert(at, ppr.makeelement(qn("w:keepNext"), {}))


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
