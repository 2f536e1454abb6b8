"""What a workbook is read into: cells with their values as written, sheets, references."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import Literal

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_EXCEL = Context(prec=15)  # a spreadsheet keeps 15 significant digits; more is binary noise

Kind = Literal["text", "number", "bool", "error", "none"]


@dataclass(frozen=True)
class Cell:
    """One cell: its value as the file writes it, and how to read that value.

    `text` is the text, the number's digits, TRUE/FALSE or the error (#N/A); for a formula
    it is the value last computed (kind "none" when the file has none).
    """

    row: int
    col: int
    kind: Kind
    text: str
    formula: str | None = None
    date_format: bool = False

    def date(self, *, date1904: bool = False) -> dt.date | None:
        """A number shown as a date: the day of its serial number (the time of day dropped).
        Below 1 it is a time of day with no day (13:45 is 0.5729), not 31/12/1899."""
        value = self.number
        if value is None or not 1 <= value < 2_958_466:  # up to 9999-12-31
            return None
        days = int(value)
        if date1904:
            return dt.date(1904, 1, 1) + dt.timedelta(days=days)
        # Excel counts 1900 as a leap year (Lotus did): serial 60 is a 29 February that never was.
        return dt.date(1899, 12, 31 if days < 60 else 30) + dt.timedelta(days=days)

    @property
    def number(self) -> Decimal | None:
        """A number cell's value, as the spreadsheet shows it (15 significant digits)."""
        if self.kind != "number":
            return None
        try:
            value = _EXCEL.create_decimal(self.text)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str  # visible, hidden, veryHidden
    part: str


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], Cell]
    merged: list[tuple[int, int, int, int]]  # (top, left, bottom, right), 1-based, inclusive

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))


def parse_ref(ref: str) -> tuple[int, int] | None:
    """`F12` or `$F$12` → (row 12, column 6); None when it is no cell reference."""
    match = _REF.match(ref.strip())
    if match is None:
        return None
    letters, digits = match.groups()
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - ord("A") + 1
    row = int(digits)
    return (row, col) if 1 <= row <= 1_048_576 and 1 <= col <= 16_384 else None


def parse_area(ref: str) -> tuple[int, int, int, int] | None:
    """`A6:W90` → (6, 1, 90, 23); a single cell is an area of one."""
    first, _, last = ref.partition(":")
    start, end = parse_ref(first), parse_ref(last or first)
    if start is None or end is None:
        return None
    return (
        min(start[0], end[0]),
        min(start[1], end[1]),
        max(start[0], end[0]),
        max(start[1], end[1]),
    )
