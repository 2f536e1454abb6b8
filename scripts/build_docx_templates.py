"""Build the bundled Word templates, templates/{progress,sheet,ranking}.docx, with python-docx.

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


def row(t: Any, cells: Sequence[str | Sequence[Run]], *, look: str = "", header: bool = False,
        aligns: Sequence[Any] | None = None) -> Any:  # fmt: skip
    r = t.add_row()
    trpr = r._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
    for i, (cell, content) in enumerate(zip(r.cells, cells, strict=True)):
        cell.width = Mm(t._widths[i])
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        runs = [(content, look)] if isinstance(content, str) else content
        style = "Table Heading" if header else "Table Text"
        align = aligns[i] if aligns is not None else None
        para(cell, runs, style=style, align=align)
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


def closing(doc: Any, *, recipients: bool, widths: tuple[float, float]) -> None:
    """Nơi nhận on the left (12 pt bold italic heading, 11 pt list), the signer on the right."""
    para(doc, "", style="Normal")
    t = table(doc, widths, grid=False)
    r = t.add_row()
    left, right = r.cells
    for cell, width in ((left, widths[0]), (right, widths[1])):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    if recipients:
        para(left, [("Nơi nhận:", "bi")], size=12)
        para(left, "{%p for r in doc.recipients %}", size=11)
        para(left, "- {{ r }}", size=11)
        para(left, "{%p endfor %}", size=11)
    else:
        para(left, "")
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


# ---------------------------------------------------------------- the three documents

L, C, R = None, CENTER, RIGHT_ALIGN  # cell alignments: text left, codes centred, numbers right


def progress(doc: Any) -> None:
    """Báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số CCHC (A4 portrait, 165 mm wide)."""
    letterhead(doc, 70, 95)
    title(doc)
    para(doc, "{%p if criteria.basis %}")
    para(doc, "Thực hiện {{ criteria.basis }} về xác định Chỉ số cải cách hành chính, "
         "{{ agency.name }} báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số cải cách hành "
         "chính năm {{ criteria.year }} như sau:", style="Body Text")  # fmt: skip
    para(doc, "{%p else %}")
    para(doc, "{{ agency.name }} báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số cải cách "
         "hành chính năm {{ criteria.year }} như sau:", style="Body Text")  # fmt: skip
    para(doc, "{%p endif %}")
    para(doc, "I. KẾT QUẢ CHUNG", style="Heading 1")
    para(doc, [("- Nhiệm vụ trong kế hoạch: ", ""), ("{{ counts.total }}", "b"),
               ("; đã hoàn thành ", ""), ("{{ counts.done }}", "b"),
               ("; đang thực hiện ", ""), ("{{ counts.in_progress }}", "b"),
               ("; chậm tiến độ ", ""), ("{{ counts.late }}", "b"),
               ("; chưa triển khai ", ""), ("{{ counts.not_started }}", "b"),
               ("{% if counts.cancelled %}; dừng thực hiện {{ counts.cancelled }}{% endif %}.", "")],
         style="Body Text")  # fmt: skip
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
    t = data_table(doc, (66, 18, 18, 21, 24, 18),
                   ("Lĩnh vực", "Điểm", "Tối đa", "Tỷ lệ (%)", "Nhiệm vụ hoàn thành", "Chậm tiến độ"),
                   "a in areas",
                   ("{{ a.id }}. {{ a.title }}", "{{ a.points }}", "{{ a.max }}", "{{ a.index }}",
                    "{{ a.counts.done }}/{{ a.counts.total }}", "{{ a.counts.late }}"),
                   (L, R, R, R, R, R))  # fmt: skip
    row(t, ("Tổng cộng", "{{ total.points }}", "{{ total.max }}", "{{ total.index }}",
            "{{ counts.done }}/{{ counts.total }}", "{{ counts.late }}"), look="b",
        aligns=(L, R, R, R, R, R))  # fmt: skip
    para(doc, "{%p if chart %}")
    para(doc, "{{ chart }}", align=CENTER).paragraph_format.space_before = Pt(12)
    para(doc, [("Biểu đồ: Tỷ lệ điểm đạt theo lĩnh vực", "i")], align=CENTER)
    para(doc, "{%p endif %}")
    para(doc, "II. KẾT QUẢ THEO TỪNG LĨNH VỰC", style="Heading 1")
    para(doc, "{%p for a in areas %}")
    para(doc, "{{ a.id }}. {{ a.title }}", style="Heading 2")
    para(doc, "Điểm đạt {{ a.points }}/{{ a.max }}{% if a.index != '—' %} ({{ a.index }}%)"
         "{% else %} (không có mục nào được đánh giá){% endif %}. Nhiệm vụ: {{ a.counts.total }}; "
         "hoàn thành {{ a.counts.done }}; đang thực hiện {{ a.counts.in_progress }}; chậm tiến độ "
         "{{ a.counts.late }}; chưa triển khai {{ a.counts.not_started }}{% if a.counts.cancelled %}; "
         "dừng thực hiện {{ a.counts.cancelled }}{% endif %}.", style="Body Text")  # fmt: skip
    section(doc, "a) Tiến độ thực hiện nhiệm vụ", "a.tasks",
            "Không có nhiệm vụ nào của kế hoạch thuộc lĩnh vực này.",
            (12, 66, 34, 25, 28), ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tình trạng"),
            "t in a.tasks",
            ("{{ t.stt }}", "{{ t.task }}", "{{ t.owner }}", "{{ t.due }}", "{{ t.state_label }}"),
            (C, L, L, C, L))  # fmt: skip
    section(doc, "b) Các mục bị mất điểm", "a.lost", "Không có mục nào bị mất điểm.",
            (15, 42, 17, 19, 17, 23, 32),
            ("Mã", "Nội dung", "Tối đa", "Điểm", "Mất", "Đơn vị", "Lý do"), "i in a.lost",
            ("{{ i.id }}", "{{ i.title }}", "{{ i.max }}", "{{ i.final }}", "{{ i.lost }}",
             "{{ i.owner }}", "{{ i.reason }}"), (L, L, R, R, R, L, L))  # fmt: skip
    section(doc, "c) Các mục còn thiếu tài liệu kiểm chứng", "a.missing",
            "Các mục đều đã có tài liệu kiểm chứng.", (15, 75, 35, 40),
            ("Mã", "Nội dung", "Đơn vị", "Tình trạng"), "m in a.missing",
            ("{{ m.id }}", "{{ m.title }}", "{{ m.owner }}",
             "{{ m.status }}{% if m.required %}; bắt buộc có tài liệu{% endif %}"),
            (L, L, L, L))  # fmt: skip
    section(doc, "d) Chênh lệch giữa điểm tự chấm và điểm thẩm định", "a.differences",
            "Không có chênh lệch.", (14, 36, 18, 20, 21, 28, 28),
            ("Mã", "Nội dung", "Tự chấm", "Thẩm định", "Chênh lệch", "Ý kiến thẩm định",
             "Giải trình"), "d in a.differences",
            ("{{ d.id }}", "{{ d.title }}", "{{ d.self }}", "{{ d.appraised }}", "{{ d.delta }}",
             "{{ d.note }}", "{{ d.explanation }}"), (L, L, R, R, R, L, L))  # fmt: skip
    para(doc, "{%p endfor %}")
    para(doc, "III. NHIỆM VỤ CHẬM TIẾN ĐỘ VÀ HƯỚNG KHẮC PHỤC", style="Heading 1")
    para(doc, "{%p if late %}")
    data_table(doc, (13, 44, 13, 26, 24, 17, 28),
               ("STT", "Nhiệm vụ", "Lĩnh vực", "Đơn vị chủ trì", "Hạn", "Quá hạn (ngày)",
                "Hướng khắc phục"), "t in late",
               ("{{ t.stt }}", "{{ t.task }}", "{{ t.area }}", "{{ t.owner }}", "{{ t.due }}",
                "{{ t.days_late }}", "{{ t.next_step }}"), (C, L, C, L, C, R, L))  # fmt: skip
    para(doc, "Văn phòng tiếp tục theo dõi, đôn đốc các phòng, đơn vị hoàn thành các nhiệm vụ "
         "chậm tiến độ, cập nhật tài liệu kiểm chứng và báo cáo Lãnh đạo.", style="Body Text")  # fmt: skip
    para(doc, "{%p else %}")
    para(doc, "Không có nhiệm vụ chậm tiến độ tính đến ngày {{ as_of }}.", style="Body Text")
    para(doc, "{%p endif %}")
    previous_year(doc)
    closing(doc, recipients=True, widths=(75, 90))


def previous_year(doc: Any) -> None:
    """IV. So với năm trước: when last year's submission is in the workspace's archive."""
    p = "previous"
    para(doc, f"{{%p if {p} %}}")
    para(doc, "IV. SO VỚI NĂM TRƯỚC", style="Heading 1")
    para(doc, f"{{%p if {p}.error %}}")
    para(doc, f"{{{{ {p}.error }}}}", style="Body Text")
    para(doc, "{%p else %}")
    para(
        doc, f"So với năm {{{{ {p}.old_year }}}} (hồ sơ {{{{ {p}.old_file }}}}):", style="Body Text"
    )
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
    tag_row(t, "{%tr if total.has_adjustments %}")
    row(t, ("", "Điểm thưởng", "", "", "", "+{{ total.bonus }}", "", ""), aligns=aligns)
    row(t, ("", "Điểm trừ", "", "", "", "−{{ total.penalty }}", "", ""), aligns=aligns)
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
    closing(doc, recipients=False, widths=(120, 132))


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
    closing(doc, recipients=False, widths=(120, 132))


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body, landscape in (("progress", progress, False), ("sheet", sheet, True),
                                  ("ranking", ranking, True)):  # fmt: skip
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
