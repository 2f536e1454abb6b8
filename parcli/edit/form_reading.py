"""A filled-in form workbook read back: its version checked against the criteria set, and
for each agency sheet (found by its defined name) each item's values with the cell each
came from (form_rows.py), and a problem at the cell for whatever cannot be read.

Cells are read as people leave them: ids Excel turned into numbers, dates typed as text
(20/01/2026, the Vietnamese order), decimal commas, formulas with their computed value,
rows a user inserted for a further document of evidence, columns and sheets a user added.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parcli.check.library import Library
from parcli.edit.form_rows import FormItem, Place, SheetReader, cell_text
from parcli.edit.forms import (
    FORMAT,
    META_SHEET,
    MODES,
    Base,
    Mode,
    decode_base,
    fingerprint,
)
from parcli.edit.xlsx import (
    Sheet,
    Workbook,
    WorkbookError,
    open_workbook,
    parse_area,
    split_reference,
)
from parcli.models import CriteriaSet
from parcli.problems import Problem


@dataclass
class AgencySheet:
    agency: str
    name: str
    header: Place
    items: list[FormItem]


@dataclass
class Form:
    file: str
    mode: Mode
    criteria: str
    fingerprint: str
    sheets: list[AgencySheet]


def read_form(path: Path, *, file: str, library: Library) -> tuple[Form | None, list[Problem]]:
    """The form at `path`, read against the criteria set it names as `library` finds it."""
    try:
        with open_workbook(path, file=file) as book:
            return _read(book, library)
    except WorkbookError as exc:
        return None, [exc.problem]


def _read(book: Workbook, library: Library) -> tuple[Form | None, list[Problem]]:
    meta_info = next((s for s in book.sheets if s.name == META_SHEET), None)
    if meta_info is None:
        return None, [Problem(book.file, 1, 1, "form-version", NOT_A_FORM)]
    meta = book.sheet(meta_info)
    form, cs, wrong = _version(book.file, meta, library)
    if form is None or cs is None:
        return None, [Problem(book.file, 1, 1, *wrong)]
    bases: dict[str, list[tuple[str, str, Base | None]]] = {}
    for row in range(8, max((r for r, _ in meta.cells), default=0) + 1):
        name = cell_text(meta.get(row, 1))
        if name:
            bases.setdefault(name, []).append(
                (
                    cell_text(meta.get(row, 2)) or "",
                    cell_text(meta.get(row, 3)) or "",
                    decode_base(cell_text(meta.get(row, 4)) or ""),
                )
            )
    problems: list[Problem] = []
    by_name = {info.name: info for info in book.sheets}
    for name, records in bases.items():
        agency = records[0][0]
        where = split_reference(book.names.get(name, ""))
        area = parse_area(where[1]) if where else None
        if where is None or area is None or where[0] not in by_name:
            message = f"trang biểu mẫu của {agency} hoặc dòng tiêu đề của nó đã bị xóa; hãy dùng lại biểu mẫu đã xuất"
            problems.append(Problem(book.file, 1, 1, "form-layout", message))
            continue
        sheet = book.sheet(by_name[where[0]])
        reader = SheetReader(
            book.file, sheet, cs, form.mode, area, problems, date1904=book.date1904
        )
        items = reader.read({item: base for _, item, base in records})
        form.sheets.append(AgencySheet(agency, sheet.name, reader.place(area[0], area[1]), items))
    return form, problems


NOT_A_FORM = (
    "tệp không phải biểu mẫu do parcli form export xuất ra (thiếu trang ẩn “parcli” ghi phiên "
    "bản); hãy xuất biểu mẫu bằng parcli form export rồi điền vào đó"
)


def _version(
    file: str, meta: Sheet, library: Library
) -> tuple[Form | None, CriteriaSet | None, tuple[str, str]]:
    """The form's format, mode and criteria set, checked against the set parcli has now."""
    version = {cell_text(meta.get(r, 1)): cell_text(meta.get(r, 2)) for r in range(1, 6)}
    mode = version.get("mode")
    if version.get("format") != FORMAT:
        shown = version.get("format")
        message = (
            f"biểu mẫu ghi phiên bản “{shown}”, parcli này đọc {FORMAT}; hãy xuất biểu mẫu mới"
        )
        return None, None, ("form-version", message)
    if mode not in MODES:  # the hidden sheet edited by hand
        message = (
            f"biểu mẫu ghi loại “{mode}”, không phải một trong: {', '.join(MODES)}; "
            "hãy xuất biểu mẫu mới"
        )
        return None, None, ("form-version", message)
    form = Form(file, mode, version.get("criteria") or "", version.get("fingerprint") or "", [])
    cs = library.find(form.criteria)
    if cs is None:
        known = ", ".join(library.known()) or "(không có)"
        message = f"biểu mẫu dùng bộ tiêu chí “{form.criteria}” mà parcli không tìm thấy; các bộ có sẵn: {known}"
        return None, None, ("unknown-criteria", message)
    if fingerprint(cs) != form.fingerprint:
        message = (
            f"biểu mẫu được xuất từ một bản khác của bộ tiêu chí {cs.id}: điểm tối đa, thang "
            "điểm hoặc danh sách mục đã thay đổi từ đó; hãy xuất biểu mẫu mới (parcli form "
            "export) rồi chép sang các ô đã điền"
        )
        return None, None, ("form-version", message)
    return form, cs, ("", "")
