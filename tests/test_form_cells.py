"""A form's cells read as their columns expect, whatever the user or the program typed."""

from __future__ import annotations

import datetime as dt

import pytest

from parcli.edit.form_cells import cell_value, parse_day
from parcli.edit.xlsx_cells import Cell


def cell(kind: str, text: str, *, formula: str | None = None, date_format: bool = False) -> Cell:
    return Cell(1, 1, kind, text, formula, date_format)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "column", "value"),
    [
        (cell("number", "0.30000000000000004"), "number", "0.3"),
        (cell("text", " 0,5 "), "number", "0.5"),
        (cell("text", "1\u00a0234"), "number", "1234"),
        (cell("text", "  "), "number", None),
        (cell("number", "46042", date_format=True), "date", "2026-01-20"),
        (cell("text", "20/01/2026"), "date", "2026-01-20"),
        (cell("text", "5.2.2026"), "date", "2026-02-05"),
        (cell("text", "2026-01-20"), "date", "2026-01-20"),
        (cell("text", ""), "date", None),
        (cell("number", "123"), "text", "123"),
        (cell("number", "46042", date_format=True), "text", "20/01/2026"),
        (cell("bool", "TRUE"), "choice", "có"),
        (cell("bool", "FALSE"), "choice", "không"),
        (cell("text", "  Ban hành\r\nkịp thời "), "text", "Ban hành\nkịp thời"),
        (cell("number", "0.5", formula="1/2"), "number", "0.5"),
        (None, "number", None),
    ],
)
def test_a_cell_gives_the_value_its_column_expects(
    given: Cell | None, column: str, value: str | None
) -> None:
    assert cell_value(given, column, date1904=False) == (value, None)


@pytest.mark.parametrize(
    ("given", "column", "code"),
    [
        (cell("text", "mười"), "number", "not-a-number"),
        (cell("bool", "TRUE"), "number", "not-a-number"),
        (cell("text", "32/01/2026"), "date", "bad-date"),
        (cell("number", "2026"), "date", "bad-date"),  # a number with no date format
        (cell("none", "", formula="A1*2"), "number", "form-cell"),
        (cell("error", "#DIV/0!"), "text", "form-cell"),
    ],
)
def test_a_cell_that_cannot_give_it_says_why(given: Cell, column: str, code: str) -> None:
    value, wrong = cell_value(given, column, date1904=False)
    assert value is None and wrong is not None and wrong[0] == code


def test_days_are_read_day_first_and_impossible_days_are_none() -> None:
    assert parse_day("1/2/2026") == dt.date(2026, 2, 1)
    assert parse_day("29/02/2026") is None
    assert parse_day("hôm qua") is None
