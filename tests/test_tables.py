"""Reading CSV and XLSX tables: cells as text, with the row and column people see."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.edit import tables
from parcli.edit.tables import parse_number, read_table
from parcli.errors import UsageError

MAKE_XLSX = Path(__file__).parent / "cases" / "_shared" / "xlsx.py"


def texts(path: Path) -> list[list[tuple[str, int, int]]]:
    table, _ = read_table(path, file=path.name)
    assert table is not None
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
    assert table is not None
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
     ("1,234.5", None), ("nan", None), ("Infinity", None), ("một", None), ("", None),
     ("1_000", None), ("1e999999999", None), ("٣", None)],
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


def test_minus_zero_is_zero_and_written_without_its_sign() -> None:
    value = parse_number("-0")
    assert value == 0 and str(value) == "0"
    assert str(parse_number("-0,00")) == "0.00"


def make_xlsx(path: Path, *options: str) -> Path:
    subprocess.run([sys.executable, str(MAKE_XLSX), str(path), *options], check=True)
    return path


def codes_at(path: Path) -> list[tuple[int, int, str]]:
    _table, problems = read_table(path, file=path.name)
    return [(p.line, p.col, p.code) for p in problems]


def test_a_table_spans_only_so_many_rows_columns_and_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_xlsx(tmp_path / "t.xlsx", "--stray", "B40")
    assert codes_at(path) == []
    for limit, value in (("MAX_ROWS", 39), ("MAX_COLUMNS", 1), ("MAX_GRID", 79)):
        with monkeypatch.context() as patch:
            patch.setattr(tables, limit, value)
            assert codes_at(path) == [(40, 2, "table-too-large")], limit


def test_a_stray_cell_far_away_is_refused_where_it_is(tmp_path: Path) -> None:
    # One cell at XFD1048576 in a 2 KB workbook: iterating the range exhausted memory.
    path = make_xlsx(tmp_path / "t.xlsx", "--stray", "XFD1048576")
    table, problems = read_table(path, file="t.xlsx")
    assert table is None
    assert [(p.line, p.col, p.code) for p in problems] == [(1048576, 16384, "table-too-large")]


def test_a_sheet_that_claims_a_huge_range_is_read_over_the_cells_it_has(tmp_path: Path) -> None:
    # openpyxl trusts <dimension>: a claimed A1:XFD1048576 made iter_rows walk 17 billion cells.
    path = make_xlsx(tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>'
    ).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert texts(path) == [[("agency", 1, 1), ("1.2", 1, 2)], [("so-a", 2, 1), ("1.5", 2, 2)]]


def test_a_formula_no_program_computed_is_a_problem_at_its_cell(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "t.xlsx", "--formula", "B2")
    assert codes_at(path) == [(2, 2, "table-unreadable")]


def test_what_is_not_a_workbook_says_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "text.xlsx").write_text("agency,1.2\n")
    (_, [problem]) = read_table(tmp_path / "text.xlsx", file="text.xlsx")
    assert (problem.code, "tệp .xls cũ hoặc tệp hỏng" in problem.message) == (
        "file-unreadable",
        True,
    )
    if hasattr(os, "mkfifo"):
        # A FIFO named .xlsx: opening it by its path waited for a writer forever.
        os.mkfifo(tmp_path / "fifo.xlsx")
        (_, [problem]) = read_table(tmp_path / "fifo.xlsx", file="fifo.xlsx")
        assert problem.message == ("không đọc được tệp: là ống dẫn có tên (FIFO), không phải tệp")


def test_a_broken_part_inside_a_workbook_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "t.xlsx")
    with zipfile.ZipFile(path, "a") as book:
        book.writestr("xl/sharedStrings.xml", "<sst><unclosed>")
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
    assert "xl/sharedStrings.xml" in names
    assert [code for _, _, code in codes_at(path)] in ([], ["file-unreadable"])


def test_a_csv_note_may_span_lines_when_it_holds_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        'agency,item,round,score,note\nso-a,1.1.1,1,0.5,"Dòng một\ndòng hai, có dấu phẩy"\n',
        encoding="utf-8",
    )
    table, problems = read_table(path, file="t.csv")
    assert problems == [] and table is not None
    assert table.rows[0][4].text == "Dòng một\ndòng hai, có dấu phẩy"
