"""The XLSX writer's forms: cells to fill in, checked as they are typed, the rest protected,
names that follow their sheet, and printing two pages wide."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parcli.report.workbook import Writer, set_ids

INPUT_FILL = "FFF2CC"  # the cells to fill in, as forms on paper shade them
TEXT_FORMAT = "@"  # typed text stays text: "1/3" is not a date, "1.10" not a number


@dataclass(frozen=True)
class Validation:
    """A data validation rule (Excel's Data → Validation), in Excel's own terms."""

    kind: str  # decimal, whole, list, custom, textLength
    formula1: str
    error: str
    operator: str | None = None
    formula2: str | None = None
    prompt_title: str = ""
    prompt: str = ""


class FormWriter(Writer):
    """A workbook of forms: the writer's cells and styles, and what a form adds."""

    def unlock(self, cell: Any, *, number_format: str | None = None) -> Any:
        """A cell to fill in: shaded, and left unlocked when the sheet is protected."""
        key = ("unlock", number_format)
        known = self._styles.get(key)
        if known is not None:
            set_ids(cell, known)
            return cell
        from openpyxl.styles import PatternFill, Protection

        cell.protection = Protection(locked=False)
        cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
        if number_format is not None:
            cell.number_format = number_format
        names = ("protectionId", "fillId", *(("numFmtId",) if number_format else ()))
        self._styles[key] = {name: getattr(cell._style, name) for name in names}
        return cell

    def validate(self, ws: Any, refs: Sequence[str], rule: Validation) -> None:
        """Excel refuses a value that breaks `rule` as it is typed, with its message."""
        from openpyxl.worksheet.datavalidation import DataValidation

        dv = DataValidation(
            type=rule.kind,
            operator=rule.operator,
            formula1=rule.formula1,
            formula2=rule.formula2,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=bool(rule.prompt),
            errorTitle="Giá trị không hợp lệ",
            error=rule.error[:255],
            promptTitle=rule.prompt_title[:32] or None,
            prompt=rule.prompt[:255] or None,
        )
        for ref in refs:
            dv.add(ref)
        ws.add_data_validation(dv)

    def protect(self, ws: Any) -> None:
        """Protection against slips, not attackers: no password; columns may be widened,
        rows inserted (a second document of evidence) and filtered, not sorted."""
        ws.protection.sheet = True
        for allowed in ("formatColumns", "formatRows", "insertRows", "autoFilter"):
            setattr(ws.protection, allowed, False)

    def define(self, name: str, ws: Any, area: str) -> None:
        """A workbook-wide name for `area` of `ws`; it follows the sheet when renamed."""
        from openpyxl.workbook.defined_name import DefinedName

        sheet = "'" + ws.title.replace("'", "''") + "'"
        self.book.defined_names[name] = DefinedName(name, attr_text=f"{sheet}!{area}")

    def print_wide(self, ws: Any, header_row: int) -> None:
        """A sheet too wide for one page (a form): landscape, two pages wide, its first two
        columns (STT and title) repeated on both, the two halves of a band of rows printed
        one after the other, pages numbered."""
        self.print_setup(ws, header_row)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 2
        ws.page_setup.pageOrder = "overThenDown"
        ws.print_title_cols = "A:B"
        ws.oddFooter.center.text = "Trang &P/&N"
