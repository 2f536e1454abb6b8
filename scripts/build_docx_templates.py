"""Build the bundled Word templates, templates/{progress,plan,sheet,ranking}.docx, with python-docx.

    python scripts/build_docx_templates.py            # rewrite templates/*.docx
    python scripts/build_docx_templates.py OUT_DIR    # write them elsewhere

The templates hold Jinja tags that docxtpl fills in (`{{ … }}`, and `{%p … %}`, `{%tr … %}`,
`{%tc … %}` for whole paragraphs, table rows and table cells). Their layout follows Nghị
định 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 13 pt, the two-column
letterhead, a bold centred title. A clerk may restyle a copy in Word and put it in the
workspace's templates/ folder. The output is byte-for-byte reproducible;
tests/test_docx_templates.py rebuilds the files and compares them with the committed ones.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from parcli.report.zips import fixed_zip

FONT = "Times New Roman"
SIZE = 13  # body and tables; NĐ 30/2020 allows 13–14
BUILT = dt.datetime(2026, 1, 1)
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15  # mm
CENTER, RIGHT_ALIGN, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
Run = tuple[str, str]  # (text, "b" / "i" / "bi" / "")


# ---------------------------------------------------------------- document and styles


def new_document(*, landscape: bool) -> Any:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = section.footer_distance = Mm(10)
    _fonts(doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    styles = doc.styles
    normal = styles["Normal"]
    _style(normal, SIZE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.widow_control = True  # off when no style says so: Word's is on
    body = _add(styles, "Body Text", SIZE)
    body.paragraph_format.first_line_indent = Mm(12.7)
    body.paragraph_format.space_before = Pt(6)
    body.paragraph_format.alignment = JUSTIFY
    for name, italic in (("Heading 1", False), ("Heading 2", False), ("Heading 3", True)):
        heading = _add(styles, name, SIZE, bold=True, italic=italic)
        heading.paragraph_format.first_line_indent = Mm(12.7)
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
    _add(styles, "Table Text", SIZE)
    _add(styles, "Table Heading", SIZE, bold=True).paragraph_format.alignment = CENTER
    title = _add(styles, "Document Title", 14, bold=True)
    title.paragraph_format.alignment = CENTER
    title.paragraph_format.keep_with_next = True
    _page_numbers(section)
    return doc


def _add(styles: Any, name: str, size: float, *, bold: bool = False, italic: bool = False) -> Any:
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    _style(style, size, bold=bold, italic=italic)
    return style


def _style(style: Any, size: float, *, bold: bool = False, italic: bool = False) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = None
    _fonts(style.element.get_or_add_rPr())
    pf = style.paragraph_format
    pf.space_before = Pt(0)


def _fonts(rpr: Any) -> None:
    """Times New Roman for Latin, East Asian and complex scripts alike, no theme fonts: Word
    otherwise substitutes its theme font for Vietnamese text in some locales."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        if key.endswith("Theme"):
            del fonts.attrib[key]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _page_numbers(section: Any) -> None:
    """Page numbers centred at the top from page 2 (NĐ 30/2020)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# ---------------------------------------------------------------- paragraphs and tables


def para(where: Any, runs: str | Sequence[Run], *, style: str = "Normal", align: Any = None,
         size: float | None = None) -> Any:  # fmt: skip
    paragraph = where.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    for text, look in [(runs, "")] if isinstance(runs, str) else runs:
        run = paragraph.add_run(text)
        run.bold = True if "b" in look else None
        run.italic = True if "i" in look else None
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def line(where: Any, width_mm: float, cell_mm: float) -> Any:
    """A short rule under a heading line: a bordered empty paragraph, indented to its width."""
    paragraph = where.add_paragraph(style="Normal")
    side = Mm((cell_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(6)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.insert(0, borders)
    paragraph.paragraph_format.line_spacing = Pt(4)
    return paragraph


def table(doc: Any, widths: Sequence[float], *, grid: bool = True) -> Any:
    t = doc.add_table(rows=0, cols=len(widths))
    t.style = doc.styles["Table Grid"] if grid else None
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")  # 1.2 mm each side: numbers fit narrow columns
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), "68")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    t._tbl.tblPr.append(margins)
    for column, width in zip(t.columns, widths, strict=True):
        column.width = Mm(width)
    t._widths = widths
    return t


class Lines(tuple[Any, ...]):
    """A cell of several paragraphs (text, runs or a `{%p … %}` tag each)."""


def row(t: Any, cells: Sequence[str | Sequence[Run] | Lines], *, look: str = "",
        header: bool = False, aligns: Sequence[Any] | None = None) -> Any:  # fmt: skip
    r = t.add_row()
    trpr = r._tr.get_or_add_trPr()
    if header:
        # Header rows stay whole and repeat on every page; body rows may split, so a long
        # cell never pushes its whole row to the next page and leaves a gap behind (the
        # report's layout keeps rows of a few lines whole).
        trpr.append(OxmlElement("w:cantSplit"))
        trpr.append(OxmlElement("w:tblHeader"))
    for i, (cell, content) in enumerate(zip(r.cells, cells, strict=True)):
        cell.width = Mm(t._widths[i])
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        style = "Table Heading" if header else "Table Text"
        align = aligns[i] if aligns is not None else None
        for runs in content if isinstance(content, Lines) else [content]:
            para(cell, [(runs, look)] if isinstance(runs, str) else runs, style=style, align=align)
        if header:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            shade = OxmlElement("w:shd")
            for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E7E6E6")):
                shade.set(qn(key), value)
            cell._tc.get_or_add_tcPr().append(shade)
    return r


def tag_row(t: Any, tag: str) -> None:
    """A row docxtpl replaces by its tag: `{%tr for … %}`, `{%tr endif %}`…"""
    row(t, [tag, *[""] * (len(t._widths) - 1)])


def area_table(doc: Any, widths: Sequence[float], header: Sequence[str], cells: Sequence[str],
               totals: Sequence[str]) -> None:  # fmt: skip
    """The areas' points and index, then the columns given (the plan's tasks), and a total."""
    aligns = (L, *[R] * (3 + len(header)))
    t = data_table(doc, widths, ("Lĩnh vực", "Điểm", "Tối đa", "Tỷ lệ điểm (%)", *header),
                   "a in areas", ("{{ a.id }}. {{ a.title }}", "{{ a.points }}", "{{ a.max }}",
                                  "{{ a.index }}", *cells), aligns)  # fmt: skip
    row(t, ("Tổng cộng", "{{ total.points }}", "{{ total.max }}", "{{ total.index }}", *totals),
        look="b", aligns=aligns)  # fmt: skip


def data_table(doc: Any, widths: Sequence[float], header: Sequence[str], loop: str,
               cells: Sequence[str], aligns: Sequence[Any]) -> Any:  # fmt: skip
    t = table(doc, widths)
    row(t, header, header=True)
    tag_row(t, f"{{%tr for {loop} %}}")
    row(t, cells, aligns=aligns)
    tag_row(t, "{%tr endfor %}")
    return t


# ---------------------------------------------------------------- shared blocks


def letterhead(doc: Any, left_mm: float, right_mm: float) -> None:
    """Agency on the left, national motto on the right; number and place, date below."""
    t = table(doc, (left_mm, right_mm), grid=False)
    top = t.add_row()
    left, right = top.cells
    for cell, width in ((left, left_mm), (right, right_mm)):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    para(left, "{%p if doc.parent %}", align=CENTER)
    para(left, "{{ doc.parent }}", align=CENTER, size=12)
    para(left, "{%p endif %}", align=CENTER)
    para(left, [("{{ doc.name }}", "b")], align=CENTER, size=12)
    line(left, 25, left_mm)
    para(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b")], align=CENTER, size=12)
    para(right, [("Độc lập - Tự do - Hạnh phúc", "b")], align=CENTER)
    line(right, 62, right_mm)
    bottom = t.add_row()
    left, right = bottom.cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    para(left, "{% if doc.symbol %}{{ doc.number }}{% endif %}", align=CENTER)
    para(right, [("{{ doc.place_date }}", "i")], align=CENTER)


def title(doc: Any, *, when: bool = True) -> None:
    para(doc, "", style="Normal")
    para(doc, "{{ doc.title }}", style="Document Title")
    para(doc, "{{ doc.subtitle }}", style="Document Title")
    if when:
        para(doc, [("(Tính đến ngày {{ as_of }})", "i")], align=CENTER)
    line(doc, 40, doc.sections[0].page_width.mm - LEFT - RIGHT)


def closing(doc: Any, *, widths: tuple[float, float]) -> None:
    """Nơi nhận on the left (12 pt bold italic heading, 11 pt list), the signer on the right:
    the title always, the name when the settings give it (else signed and written by hand)."""
    para(doc, "", style="Normal")
    t = table(doc, widths, grid=False)
    r = t.add_row()
    left, right = r.cells
    for cell, width in ((left, widths[0]), (right, widths[1])):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    para(left, [("Nơi nhận:", "bi")], size=12)
    para(left, "{%p for r in doc.recipients %}", size=11)
    para(left, "- {{ r }}", size=11)
    para(left, "{%p endfor %}", size=11)
    para(right, "{%p for t in doc.signer_title %}", align=CENTER)
    para(right, [("{{ t }}", "b")], align=CENTER)
    para(right, "{%p endfor %}", align=CENTER)
    for _ in range(4):
        para(right, "", align=CENTER)
    para(right, [("{{ doc.signer_name }}", "b")], align=CENTER)


def save(doc: Any, path: Path, name: str) -> None:
    props = doc.core_properties
    props.title = f"Mẫu {name} của parcli"
    props.author = props.last_modified_by = "parcli"
    props.created = props.modified = BUILT
    props.revision = 1
    props.comments = "Mẫu Word cho docxtpl; xem docs/reports.md"
    out = io.BytesIO()
    doc.save(out)
    path.write_bytes(fixed_zip(out.getvalue(), BUILT))


# ---------------------------------------------------------------- the documents

L, C, R = None, CENTER, RIGHT_ALIGN  # cell alignments: text left, codes centred, numbers right
# A task, then the items it targets and the points lost on them, when it names any.
TASK_WITH_TARGETS = ("{{ t.task }}{% if t.targets %} (mục {{ t.targets }}{% if t.stake %}; "
                     "mất {{ t.stake }} điểm{% endif %}){% endif %}")  # fmt: skip


def progress(doc: Any) -> None:
    """Báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số CCHC (A4 portrait, 165 mm wide).

    Column widths here are starting points: rendering fits every table to its content.
    """
    letterhead(doc, 70, 95)
    title(doc)
    intro = ("báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số cải cách hành chính "
             "{{ period }} như sau:")  # fmt: skip
    para(doc, "{%p if criteria.basis %}")
    para(doc, "Thực hiện {{ criteria.basis }} về xác định Chỉ số cải cách hành chính, "
         "{{ agency.name }} " + intro, style="Body Text")  # fmt: skip
    para(doc, "{%p else %}")
    para(doc, "{{ agency.name }} " + intro, style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "{%p if has_plan %}")
    para(doc, "{{ headings.plan }}. KẾT QUẢ THỰC HIỆN KẾ HOẠCH", style="Heading 1")
    para(doc, [("- Nhiệm vụ trong kế hoạch: ", ""), ("{{ counts.total }}", "b"),
               ("; đã hoàn thành ", ""), ("{{ counts.done }} ({{ counts.rate }}%)", "b"),
               ("; đang thực hiện ", ""), ("{{ counts.in_progress }}", "b"),
               ("; chậm tiến độ ", ""), ("{{ counts.late }}", "b"),
               ("; chưa triển khai ", ""), ("{{ counts.not_started }}", "b"),
               ("{% if counts.cancelled %}; dừng thực hiện {{ counts.cancelled }} (không tính "
                "vào tỷ lệ){% endif %}.", "")], style="Body Text")  # fmt: skip
    t = data_table(doc, (60, 17, 19, 17, 18, 17, 17),
                   ("Nhóm nhiệm vụ", "Số nhiệm vụ", "Hoàn thành", "Tỷ lệ (%)", "Đang thực hiện",
                    "Chậm tiến độ", "Chưa triển khai"), "g in groups",
                   ("{{ g.id }}. {{ g.title }}", "{{ g.counts.total }}", "{{ g.counts.done }}",
                    "{{ g.counts.rate }}", "{{ g.counts.in_progress }}", "{{ g.counts.late }}",
                    "{{ g.counts.not_started }}"), (L, R, R, R, R, R, R))  # fmt: skip
    row(t, ("Tổng cộng", "{{ counts.total }}", "{{ counts.done }}", "{{ counts.rate }}",
            "{{ counts.in_progress }}", "{{ counts.late }}", "{{ counts.not_started }}"),
        look="b", aligns=(L, R, R, R, R, R, R))  # fmt: skip
    para(doc, "{%p for g in groups %}")
    para(doc, "{{ g.id }}. {{ g.title }}", style="Heading 2")
    result = Lines((
        [("{{ t.result }}", "b")],
        "{%p if t.note %}", "{{ t.note }}", "{%p endif %}",
        "{%p if t.evidence %}", [("Văn bản: ", "i"), ("{{ t.evidence }}", "")], "{%p endif %}",
    ))  # fmt: skip
    data_table(doc, (10, 62, 30, 21, 42), ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Kết quả"),
               "t in g.tasks",
               ("{{ t.stt }}", TASK_WITH_TARGETS, "{{ t.owner }}", "{{ t.due }}", result),
               (C, L, L, C, L))  # fmt: skip
    para(doc, "{%p endfor %}")
    para(doc, "Kết quả theo đơn vị chủ trì", style="Heading 3")
    data_table(doc, (59, 20, 21, 21, 21, 23),
               ("Đơn vị", "Nhiệm vụ", "Hoàn thành", "Tỷ lệ (%)", "Chậm tiến độ", "Điểm bị mất"),
               "o in owners",
               ("{{ o.owner }}", "{{ o.counts.total }}", "{{ o.counts.done }}",
                "{{ o.counts.rate }}", "{{ o.counts.late }}", "{{ o.lost }}"),
               (L, R, R, R, R, R))  # fmt: skip
    para(doc, "{%p endif %}")
    scores(doc)
    para(doc, "{%p if has_plan %}")
    stake(doc)
    para(doc, "{%p endif %}")
    previous_year(doc)
    issues(doc)
    para(doc, "{%p if recommendations %}")
    para(doc, "{{ headings.recommendations }}. ĐỀ XUẤT, KIẾN NGHỊ", style="Heading 1")
    para(doc, "{%p for r in recommendations %}")
    para(doc, "- {{ r }}", style="Body Text")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    closing(doc, widths=(75, 90))


def scores(doc: Any) -> None:
    """Section II of the progress report: points, lost items, appraisal and explanations."""
    para(doc, "{{ headings.scores }}. KẾT QUẢ TỰ ĐÁNH GIÁ, THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
         style="Heading 1")  # fmt: skip
    para(doc, [("- Điểm đạt: ", ""), ("{{ total.points }}/{{ total.max }}", "b"),
               (" điểm; Chỉ số ", ""), ("{{ total.index }}%", "b"),
               ("{% if total.provisional %} ({{ total.provisional_note }}){% endif %}", "i"),
               ("; xếp loại ", ""), ("{{ total.class_name }}", "b"), (".", "")],
         style="Body Text")  # fmt: skip
    para(doc, "{%p if total.has_adjustments %}")
    para(doc, "- Trong đó{% if total.has_bonus %} điểm thưởng +{{ total.bonus }}{% endif %}"
         "{% if total.has_bonus and total.has_penalty %},{% endif %}"
         "{% if total.has_penalty %} điểm trừ −{{ total.penalty }}{% endif %}.",
         style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")
    para(doc, "{%p if total.unscored %}")
    para(doc, "- Còn {{ total.unscored }} mục tự chấm chưa có điểm (đang tính 0 điểm).",
         style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")
    # The picture first: it cannot split, the table after it can, so no page is left half
    # empty when the chart does not fit below the table.
    para(doc, "{%p if chart %}")
    para(doc, "{{ chart }}", align=CENTER).paragraph_format.space_before = Pt(12)
    para(doc, [("Biểu đồ: Tỷ lệ điểm đạt theo lĩnh vực", "i")], align=CENTER)
    para(doc, "{%p endif %}")
    # Without a plan the task columns would read 0/0 and —: the table leaves them out.
    para(doc, "{%p if has_plan %}")
    area_table(doc, (61, 17, 15, 21, 25, 26),
               ("Nhiệm vụ hoàn thành", "Tỷ lệ hoàn thành (%)"),
               ("{{ a.counts.done }}/{{ a.counts.total }}", "{{ a.counts.rate }}"),
               ("{{ counts.done }}/{{ counts.total }}", "{{ counts.rate }}"))  # fmt: skip
    para(doc, "{%p else %}")
    area_table(doc, (91, 24, 20, 30), (), (), ())
    para(doc, "{%p endif %}")
    section(doc, "Các mục bị mất điểm", "lost", "Không có mục nào bị mất điểm.",
            (12, 40, 13, 16, 16, 22, 46),
            ("Mã", "Nội dung", "Tối đa", "Điểm", "Mất", "Đơn vị", "Lý do"), "i in lost",
            ("{{ i.id }}", "{{ i.title }}", "{{ i.max }}", "{{ i.final }}", "{{ i.lost }}",
             "{{ i.owner }}", "{{ i.reason }}"), (L, L, R, R, R, L, L))  # fmt: skip
    para(doc, "Thẩm định và giải trình", style="Heading 3")
    para(doc, "{%p if appraisal.rows %}")
    para(doc, "Hội đồng thẩm định điều chỉnh {{ appraisal.adjusted }} mục; đơn vị giải trình "
         "{{ appraisal.explained }} mục: chấp nhận {{ appraisal.accepted }}, chấp nhận một phần "
         "{{ appraisal.partly }}, không chấp nhận {{ appraisal.rejected }}{% if appraisal.pending "
         "%}, chờ thẩm định vòng 2 {{ appraisal.pending }}{% endif %}.", style="Body Text")  # fmt: skip
    data_table(doc, (12, 30, 30, 37, 32, 24),
               ("Mã", "Nội dung", "Điểm qua các vòng", "Giải trình", "Ý kiến thẩm định",
                "Kết quả"), "a in appraisal.rows",
               ("{{ a.id }}", "{{ a.title }}", "{{ a.history }}", "{{ a.explanation }}",
                "{{ a.note }}", "{{ a.outcome_label }}"), (L, L, L, L, L, L))  # fmt: skip
    para(doc, "{%p else %}")
    para(doc, "Không có mục nào được thẩm định khác điểm tự chấm.", style="Body Text")
    para(doc, "{%p endif %}")


def stake(doc: Any) -> None:
    """Điểm có thể lấy lại theo kế hoạch: the plan's targets against the scores."""
    para(doc, "{{ headings.stake }}. ĐIỂM CÓ THỂ LẤY LẠI THEO KẾ HOẠCH", style="Heading 1")
    para(doc, [("- Chỉ số hiện nay ", ""), ("{{ stake.now }}%", "b"),
               ("{% if stake.provisional %} (tạm tính){% endif %}"
                "{% if stake.estimated %} (ước tính: có mục lấy kết quả năm trước){% endif %}"
                "; nếu mọi mục có nhiệm vụ đạt điểm tối đa: ", ""), ("{{ stake.all_targets }}%", "b"),
               ("{% if stake.all_gain %} ({{ stake.all_gain }}){% endif %}; nếu chỉ các mục của "
                "nhiệm vụ đã hoàn thành đạt điểm tối đa: ", ""), ("{{ stake.done_targets }}%", "b"),
               ("{% if stake.done_gain %} ({{ stake.done_gain }}){% endif %}.", "")],
         style="Body Text")  # fmt: skip
    para(doc, "{%p if stake.target %}")
    para(doc, "- Mục tiêu của Kế hoạch: {{ stake.target.label }}{% if stake.target.note %} — "
         "{{ stake.target.note }}{% endif %}. {% if stake.target.reached %}Đã đạt mục tiêu."
         "{% else %}Còn thiếu {{ stake.target.gap }} điểm phần trăm{% if stake.target.rank %} "
         "(cần Chỉ số từ {{ stake.target.needed }}%){% endif %}.{% endif %}",
         style="Body Text")  # fmt: skip
    para(doc, "{%p if not stake.target.reached %}")
    para(doc, [("- Gợi ý ({{ stake.target.suggestion_note }}): ", "i"),
               ("{% if stake.target.suggestion_reached %}nếu các mục {{ stake.target.suggestion }} "
                "đạt điểm tối đa thì Chỉ số đạt {{ stake.target.suggestion_index }}%.{% else %}kể "
                "cả khi mọi mục tự chấm đạt điểm tối đa, Chỉ số chỉ đạt "
                "{{ stake.target.suggestion_index }}%.{% endif %}", "")],
         style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
    t = data_table(doc, (87, 26, 26, 26),
                   ("Lĩnh vực", "Hiện nay (%)", "Mọi nhiệm vụ đạt (%)", "Nhiệm vụ đã xong (%)"),
                   "a in stake.areas",
                   ("{{ a.id }}. {{ a.title }}", "{{ a.now }}", "{{ a.all_targets }}",
                    "{{ a.done_targets }}"), (L, R, R, R))  # fmt: skip
    row(t, ("Toàn bộ", "{{ stake.now }}", "{{ stake.all_targets }}", "{{ stake.done_targets }}"),
        look="b", aligns=(L, R, R, R))  # fmt: skip
    para(doc, "Điểm bị mất chưa có nhiệm vụ khắc phục", style="Heading 3")
    para(doc, "{%p if stake.uncovered %}")
    t = data_table(doc, (22, 73, 45, 25), ("Lĩnh vực", "Đơn vị", "Mục", "Điểm bị mất"),
                   "u in stake.uncovered",
                   ("{{ u.area }}", "{{ u.owner }}", "{{ u.ids }}", "{{ u.lost }}"), (C, L, L, R))  # fmt: skip
    row(t, ("", "Cộng", "", "{{ stake.uncovered_total }}"), look="b", aligns=(C, L, L, R))
    para(doc, "{%p if stake.outside_note %}")
    para(doc, [("* {{ stake.outside_note }}.", "i")], style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    para(doc, "Mọi mục bị mất điểm đều đã có nhiệm vụ khắc phục.", style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "{%p if stake.without_targets %}")
    para(doc, "Nhiệm vụ chưa gắn với mục chấm điểm nào: {{ stake.without_targets }}.",
         style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")
    para(doc, "{%p if stake.at_max %}")
    para(doc, "Nhiệm vụ chưa hoàn thành nhắm vào các mục đã đạt điểm tối đa (giữ điểm, không "
         "lấy thêm điểm): {{ stake.at_max }}.", style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")


def issues(doc: Any) -> None:
    """Tồn tại, hạn chế: late tasks with the way forward, the worst items, missing evidence."""
    para(doc, "{{ headings.issues }}. TỒN TẠI, HẠN CHẾ", style="Heading 1")
    para(doc, "1. Nhiệm vụ chậm tiến độ", style="Heading 3")
    para(doc, "{%p if late %}")
    data_table(doc, (10, 52, 30, 21, 17, 35),
               ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Quá hạn (ngày)", "Hướng khắc phục"),
               "t in late",
               ("{{ t.stt }}", "{{ t.task }}", "{{ t.owner }}", "{{ t.due }}", "{{ t.days_late }}",
                "{{ t.next_step }}"), (C, L, L, C, R, L))  # fmt: skip
    para(doc, "{%p elif has_plan %}")
    para(doc, "Không có nhiệm vụ chậm tiến độ tính đến ngày {{ as_of }}.", style="Body Text")
    para(doc, "{%p else %}")
    para(doc, "Hồ sơ chưa có nhiệm vụ kế hoạch để theo dõi tiến độ.", style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "2. Các mục mất nhiều điểm nhất", style="Heading 3")
    listed(doc, "i in worst",
           "- {{ i.id }}. {{ i.title }}: {{ i.said }}{% if i.owner %} ({{ i.owner }}){% endif %}"
           " — {{ i.reason }}.", "Không có mục nào bị mất điểm.")  # fmt: skip
    section(doc, "3. Các mục chưa có tài liệu kiểm chứng", "missing",
            "Các mục đều đã có tài liệu kiểm chứng.", (12, 75, 38, 40),
            ("Mã", "Nội dung", "Đơn vị", "Tình trạng"), "m in missing",
            ("{{ m.id }}", "{{ m.title }}", "{{ m.owner }}",
             "{{ m.status }}{% if m.required %}; bắt buộc có tài liệu{% endif %}"),
            (L, L, L, L))  # fmt: skip


def plan(doc: Any) -> None:
    """Kế hoạch cải thiện Chỉ số CCHC (A4 portrait): the shape of the department's own plan."""
    letterhead(doc, 70, 95)
    title(doc, when=False)
    para(doc, "{%p if basis %}")
    para(doc, "{{ basis }}", style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "I. MỤC ĐÍCH, YÊU CẦU", style="Heading 1")
    for number, name, key, fallback in (
        (1, "Mục đích", "purpose",
         "Cải thiện Chỉ số cải cách hành chính năm {{ criteria.year }} của {{ agency.name }}."),
        (2, "Yêu cầu", "requirements",
         "Các phòng, đơn vị thực hiện đúng nhiệm vụ, thời hạn được giao tại Mục II."),
    ):  # fmt: skip
        para(doc, f"{number}. {name}", style="Heading 2")
        listed(doc, f"p in {key}", "- {{ p }}", fallback)
    para(doc, "II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN", style="Heading 1")
    para(doc, "{%p for g in groups %}")
    para(doc, "{{ g.id }}. {{ g.title }}", style="Heading 2")
    para(doc, "{%p for p in g.text %}")
    para(doc, "{{ p }}", style="Body Text")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if g.tasks %}")
    data_table(doc, (10, 95, 37, 23), ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"),
               "t in g.tasks",
               ("{{ t.stt }}", TASK_WITH_TARGETS, "{{ t.owner }}", "{{ t.due }}"),
               (C, L, L, C))  # fmt: skip
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "III. TỔ CHỨC THỰC HIỆN", style="Heading 1")
    listed(doc, "p in organisation", "{{ loop.index }}. {{ p }}",
           "Văn phòng theo dõi, đôn đốc các phòng, đơn vị thực hiện Kế hoạch này và báo cáo "
           "kết quả theo quy định.")  # fmt: skip
    para(doc, "{%p if closing %}")
    para(doc, "{{ closing }}", style="Body Text")
    para(doc, "{%p endif %}")
    closing(doc, widths=(75, 90))


def previous_year(doc: Any) -> None:
    """So với năm trước: when last year's submission is in the workspace's archive."""
    p = "previous"
    para(doc, f"{{%p if {p} %}}")
    para(doc, "{{ headings.previous }}. SO VỚI NĂM TRƯỚC", style="Heading 1")
    para(doc, f"{{%p if {p}.error %}}")
    para(doc, f"{{{{ {p}.error }}}}", style="Body Text")
    para(doc, "{%p else %}")
    para(doc, f"So với năm {{{{ {p}.old_year }}}}:", style="Body Text")
    t = table(doc, (55, 35, 35, 40))
    row(t, ("", f"Năm {{{{ {p}.old_year }}}}", f"Năm {{{{ {p}.new_year }}}}", "Thay đổi"),
        header=True)  # fmt: skip
    total = f"{p}.total"
    for label, old, new, change in (
        ("Điểm đạt", f"{{{{ {total}.old_points }}}}/{{{{ {total}.old_max }}}}",
         f"{{{{ {total}.new_points }}}}/{{{{ {total}.new_max }}}}", ""),
        ("Chỉ số (%)", f"{{{{ {total}.old_index }}}}", f"{{{{ {total}.new_index }}}}",
         f"{{{{ {total}.change }}}}"),
        ("Xếp hạng", f"{{{{ {total}.old_rank }}}}", f"{{{{ {total}.new_rank }}}}",
         f"{{{{ {total}.rank_change }}}}"),
        ("Xếp loại", f"{{{{ {total}.old_class }}}}", f"{{{{ {total}.new_class }}}}", ""),
    ):  # fmt: skip
        row(t, (label, old, new, change), aligns=(L, R, R, R))
    para(doc, f"{{%p if {total}.provisional %}}")
    para(doc, [(f"* {{{{ {p}.provisional_note }}}}.", "i")], style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "a) Theo lĩnh vực (%)", style="Heading 3")
    data_table(doc, (80, 27, 27, 31),
               ("Lĩnh vực", f"Năm {{{{ {p}.old_year }}}}", f"Năm {{{{ {p}.new_year }}}}",
                "Thay đổi (điểm %)"), f"a in {p}.areas",
               ("{{ a.id }}. {{ a.title }}", "{{ a.old_index }}", "{{ a.new_index }}",
                "{{ a.change }}"), (L, R, R, R))  # fmt: skip
    code = f"{{{{ i.id }}}}{{% if i.old_id %}} (năm {{{{ {p}.old_year }}}}: {{{{ i.old_id }}}}){{% endif %}}"
    years = (f"Năm {{{{ {p}.old_year }}}}", f"Năm {{{{ {p}.new_year }}}}")
    section(doc, "b) Các mục thay đổi điểm", f"{p}.changed", "Không có mục nào thay đổi điểm.",
            (24, 62, 26, 26, 27), ("Mã", "Nội dung", *years, "Thay đổi"), f"i in {p}.changed",
            (code, "{{ i.title }}", "{{ i.old }}", "{{ i.new }}{{ i.max_changed }}",
             "{{ i.change }}"), (L, L, R, R, R))  # fmt: skip
    section(doc, "c) Các mục mất điểm hai năm liền", f"{p}.lost_both",
            "Không có mục tự đánh giá nào mất điểm cả hai năm.", (24, 55, 26, 26, 34),
            ("Mã", "Nội dung", *years, "Đơn vị"), f"i in {p}.lost_both",
            (code, "{{ i.title }}", "{{ i.old }}", "{{ i.new }}{{ i.max_changed }}",
             "{{ i.owner }}"), (L, L, R, R, L))  # fmt: skip
    para(doc, "d) Mục mới và mục không còn chấm", style="Heading 3")
    for label, items in ((f"Mục mới năm {{{{ {p}.new_year }}}}", f"{p}.new_items"),
                         (f"Mục năm {{{{ {p}.old_year }}}} không còn chấm", f"{p}.dropped_items")):  # fmt: skip
        para(doc, f"- {label}: {{% for i in {items} %}}{{{{ i.id }}}} {{{{ i.title }}}}"
             "{% if not loop.last %}; {% endif %}{% else %}không có{% endfor %}.",
             style="Body Text")  # fmt: skip
    para(doc, [("Điểm ghi dạng điểm đạt/điểm tối đa; † điểm tối đa của mục khác giữa hai năm.",
                "i")], style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")


def listed(doc: Any, loop: str, line: str, fallback: str) -> None:
    """A paragraph for each item of a Jinja loop (`p in organisation`), or the fallback
    sentence when there is none."""
    para(doc, f"{{%p for {loop} %}}")
    para(doc, line, style="Body Text")
    para(doc, "{%p else %}")
    para(doc, fallback, style="Body Text")
    para(doc, "{%p endfor %}")


def section(doc: Any, heading: str, test: str, empty: str, widths: Sequence[float],
            header: Sequence[str], loop: str, cells: Sequence[str], aligns: Sequence[Any]) -> None:  # fmt: skip
    para(doc, heading, style="Heading 3")
    para(doc, f"{{%p if {test} %}}")
    data_table(doc, widths, header, loop, cells, aligns)
    para(doc, "{%p else %}")
    para(doc, empty, style="Body Text")
    para(doc, "{%p endif %}")


def sheet(doc: Any) -> None:
    """Bảng chấm điểm (A4 landscape, 252 mm wide)."""
    letterhead(doc, 100, 152)
    title(doc, when=False)
    para(doc, [("({{ criteria.title }}{% if criteria.basis %}; {{ criteria.basis }}{% endif %})",
                "i")], align=CENTER)  # fmt: skip
    para(doc, "")
    widths = (18, 82, 18, 18, 20, 18, 39, 39)
    aligns = (L, L, R, R, R, R, L, L)
    cells = ("{{ r.id }}", "{{ r.title }}", "{{ r.max }}", "{{ r.self }}", "{{ r.appraised }}",
             "{{ r.final }}", "{{ r.note }}", "{{ r.appraisal_note }}")  # fmt: skip
    t = table(doc, widths)
    row(t, ("STT", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định", "Điểm đạt",
            "Ghi chú của đơn vị", "Ý kiến thẩm định"), header=True)  # fmt: skip
    tag_row(t, "{%tr for r in rows %}")
    tag_row(t, '{%tr if r.level == "area" %}')
    row(t, cells, look="b", aligns=aligns)
    tag_row(t, "{%tr elif r.subtotal %}")
    row(t, cells, look="bi", aligns=aligns)
    tag_row(t, "{%tr else %}")
    row(t, cells, aligns=aligns)
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")
    row(t, ("", "Cộng điểm các mục", "{{ total.max }}", "{{ total.self }}", "",
            "{{ total.leaf_points }}", "", ""), look="b", aligns=aligns)  # fmt: skip
    for flag, label, value in (("has_bonus", "Điểm thưởng", "+{{ total.bonus }}"),
                               ("has_penalty", "Điểm trừ", "−{{ total.penalty }}")):  # fmt: skip
        tag_row(t, f"{{%tr if total.{flag} %}}")
        row(t, ("", label, "", "", "", value, "", ""), aligns=aligns)
        tag_row(t, "{%tr endif %}")
    for label, value in (("Tổng điểm", "{{ total.points }}"),
                         ("Chỉ số (%){% if total.provisional %} (tạm tính){% endif %}",
                          "{{ total.index }}"),
                         ("Xếp loại", "{{ total.class_name }}")):  # fmt: skip
        row(t, ("", label, "", "", "", value, "", ""), look="b", aligns=aligns)
    para(doc, "{%p if total.provisional %}")
    para(doc, [("Chỉ số {{ total.provisional_note }}.", "i")], style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "{%p if total.unscored %}")
    para(doc, [("Còn {{ total.unscored }} mục tự chấm chưa có điểm, đang tính 0 điểm.", "i")],
         style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")
    closing(doc, widths=(120, 132))


def ranking(doc: Any) -> None:
    """Kết quả xếp hạng (A4 landscape), a section per agency group in the shape of a published
    decision: points, %, rank and class per agency, the group's average, per-area indices (one
    column per area, however many the set has) and the class distribution."""
    letterhead(doc, 100, 152)
    title(doc)
    para(doc, "{%p for g in groups %}")
    para(doc, "{%p if g.heading %}")
    para(doc, "{{ g.heading }}", style="Heading 1")
    para(doc, "{%p endif %}")
    para(doc, [("({{ g.criteria.title }}{% if g.criteria.basis %}; {{ g.criteria.basis }}"
                "{% endif %})", "i")], align=CENTER)  # fmt: skip
    para(doc, "")
    aligns = (C, L, R, R, R, C, L)
    t = table(doc, (14, 100, 24, 24, 26, 22, 32))
    row(t, ("STT", "Cơ quan, đơn vị", "Điểm đạt", "Tối đa", "Chỉ số (%)", "Xếp hạng", "Xếp loại"),
        header=True)  # fmt: skip
    tag_row(t, "{%tr for r in g.rows %}")
    row(t, ("{{ r.stt }}", "{{ r.name }}", "{{ r.points }}", "{{ r.max }}",
            "{{ r.index }}{% if r.provisional %}*{% endif %}", "{{ r.rank }}",
            "{{ r.class_name }}"), aligns=aligns)  # fmt: skip
    tag_row(t, "{%tr endfor %}")
    row(t, ("", "Bình quân của nhóm", "", "", "{{ g.average }}", "", ""), look="b", aligns=aligns)
    para(doc, "{%p if g.provisional %}")
    para(doc, [("* {{ g.provisional_note }}.", "i")], style="Body Text")
    para(doc, "{%p endif %}")
    para(doc, "Chỉ số theo lĩnh vực (%)", style="Heading 2")
    # The area cell is 16 mm; a {%tc for %} loop repeats it, and rendering rebuilds the grid
    # from the cells' widths (parcli.report.rendering), scaling the table to the page when needed.
    t = table(doc, (14, 75, 3, 16, 3))
    row(t, ("STT", "Cơ quan, đơn vị", "{%tc for a in g.areas %}", "LV{{ a.id }}",
            "{%tc endfor %}"), header=True)  # fmt: skip
    tag_row(t, "{%tr for r in g.rows %}")
    row(t, ("{{ r.stt }}", "{{ r.name }}", "{%tc for v in r.areas %}", "{{ v }}",
            "{%tc endfor %}"), aligns=(C, L, R, R, R))  # fmt: skip
    tag_row(t, "{%tr endfor %}")
    para(doc, style="Body Text", runs=[("Lĩnh vực: ", "i"), ("{% for a in g.areas %}LV{{ a.id }} — "
                "{{ a.title }}{% if not loop.last %}; {% endif %}{% endfor %}.", "i")])  # fmt: skip
    para(doc, "Phân bố theo xếp loại", style="Heading 2")
    t = data_table(doc, (80, 40, 40), ("Xếp loại", "Số cơ quan", "Tỷ lệ (%)"),
                   "c in g.distribution", ("{{ c.name }}", "{{ c.count }}", "{{ c.share }}"),
                   (L, R, R))  # fmt: skip
    tag_row(t, "{%tr if g.unranked %}")
    row(t, ("Không xếp hạng (không có mục nào được đánh giá)", "{{ g.unranked }}", ""),
        aligns=(L, R, R))  # fmt: skip
    tag_row(t, "{%tr endif %}")
    para(doc, "Số cơ quan: {{ g.count }}; chỉ số bình quân: {{ g.average }}%.", style="Body Text")
    para(doc, "{%p if charts[g.index] %}")
    para(doc, "{{ charts[g.index] }}", align=CENTER).paragraph_format.space_before = Pt(12)
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    closing(doc, widths=(120, 132))


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body, landscape in (("progress", progress, False), ("plan", plan, False),
                                  ("sheet", sheet, True), ("ranking", ranking, True)):  # fmt: skip
        doc = new_document(landscape=landscape)
        body(doc)
        path = folder / f"{name}.docx"
        save(doc, path, name)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "templates"
    for written in build(target):
        print(f"wrote {written}")
