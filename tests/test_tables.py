"""Reading CSV and XLSX tables: cells as text, with the row and column people see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.edit.tables import parse_number, read_table
from parcli.errors import UsageError


def texts(path: Path) -> list[list[tuple[str, int, int]]]:
    table, _ = read_table(path, file=path.name)
    return [[(c.text, c.row, c.col) for c in row] for row in (table.header, *table.rows)]


def test_csv_rows_keep_their_line_numbers_and_short_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('agency\t1.2\t2.3\n\nso-a\t"1,5"\n so-b \t2\t0\n', encoding="utf-8")
    assert texts(path) == [
        [("agency", 1, 1), ("1.2", 1, 2), ("2.3", 1, 3)],
        [("so-a", 3, 1), ("1,5", 3, 2), ("", 3, 3)],
        [("so-b", 4, 1), ("2", 4, 2), ("0", 4, 3)],
    ]


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        ("agency;name;1,2;3,3", ["agency", "name", "1,2", "3,3"]),  # Excel in Vietnamese
        ("agency\t1,2", ["agency", "1,2"]),
        ('agency,name,"1,2"', ["agency", "name", "1,2"]),  # a quoted comma is text
        ('agency,"a;b"', ["agency", "a;b"]),
        ("agency", ["agency"]),
    ],
)
def test_the_delimiter_is_the_one_that_separates_the_header(
    tmp_path: Path, header: str, cells: list[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(header + "\n", encoding="utf-8")
    assert [text for text, _, _ in texts(path)[0]] == cells


def test_cells_beyond_the_named_columns_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("agency,1.2,,\nso-a,1,,x\n", encoding="utf-8")
    table, problems = read_table(path, file="t.csv")
    assert [c.text for c in table.header] == ["agency", "1.2"]
    assert [p.format_line() for p in problems] == [
        "t.csv:2:4: error: ô “x” nằm ngoài các cột có tên; hãy thêm tên cột ở dòng 1 hoặc xóa "
        "ô này (table-header)"
    ]


def test_xlsx_values_read_as_people_typed_them(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["agency", "a", "b", "c", "d"])
    sheet.append(["so-a", 0.1 + 0.2, 2, dt.date(2026, 5, 1), None])
    sheet.append([None, None, None, None, None])
    sheet.append(["so-b", 1.35, True, " x ", 1e-5])
    book.save(tmp_path / "t.xlsx")
    assert [[c[0] for c in row] for row in texts(tmp_path / "t.xlsx")] == [
        ["agency", "a", "b", "c", "d"],
        ["so-a", "0.3", "2", "2026-05-01", ""],
        ["so-b", "1.35", "có", "x", "1e-05"],
    ]
    assert texts(tmp_path / "t.xlsx")[2][0] == ("so-b", 4, 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.5", "1.5"), ("1,5", "1.5"), ("0", "0"), ("-1", "-1"), ("1e-05", "0.00001"),
     ("1,234.5", None), ("nan", None), ("Infinity", None), ("một", None), ("", None)],
)  # fmt: skip
def test_numbers_with_a_dot_or_a_decimal_comma(text: str, value: str | None) -> None:
    assert parse_number(text) == (Decimal(value) if value is not None else None)


def test_an_empty_table_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(UsageError, match="bảng trống"):
        read_table(tmp_path / "t.csv", file="t.csv")
    with pytest.raises(UsageError, match="không tìm thấy"):
        read_table(tmp_path / "none.csv", file="none.csv")


def test_an_item_id_that_excel_turned_into_a_number_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["agency", 1.1, "2.4"])  # typed 1.10: Excel stored the number 1.1
    book.active.append(["so-a", 1.5, 1.2])
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(UsageError, match=r"cột 2 là số 1\.1, không phải mã mục"):
        read_table(tmp_path / "t.xlsx", file="t.xlsx")
