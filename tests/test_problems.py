"""Problems: their one-line form is user interface, so it is pinned exactly."""

from __future__ import annotations

import pytest

from parcli.problems import Problem, Severity, format_key_path, sort_problems


def test_a_problem_prints_as_file_line_col_severity_path_message_code() -> None:
    problem = Problem(
        "submissions/so-khcn.yaml",
        12,
        11,
        "not-a-number",
        "“0,5” không phải số; YAML dùng dấu chấm thập phân: hãy viết 0.5",
        ("items", "1.1.1", "self"),
    )
    assert problem.format_line() == (
        'submissions/so-khcn.yaml:12:11: error: items."1.1.1".self: '
        "“0,5” không phải số; YAML dùng dấu chấm thập phân: hãy viết 0.5 (not-a-number)"
    )


def test_key_paths_quote_ids_with_dots_and_index_lists() -> None:
    assert format_key_path(("plan", 2, "due")) == "plan[2].due"
    assert format_key_path(("survey", "1.10")) == 'survey."1.10"'
    assert format_key_path(()) == ""


def test_an_undocumented_code_cannot_be_created() -> None:
    with pytest.raises(ValueError, match="undocumented"):
        Problem("f", 1, 1, "made-up", "x")


def test_problems_sort_top_down_and_duplicates_collapse() -> None:
    late = Problem("a.yaml", 9, 1, "unknown-key", "x", ("b",))
    early = Problem("a.yaml", 2, 5, "missing-key", "y", (0,), Severity.WARNING)
    other = Problem("0.yaml", 99, 1, "unknown-key", "z")
    assert sort_problems([late, early, other, late]) == [other, early, late]


def test_a_problem_in_a_workbook_prints_at_its_sheet_and_cell() -> None:
    problem = Problem(
        "so-khcn.xlsx",
        12,
        6,
        "score-out-of-range",
        "điểm tự chấm 3 vượt điểm tối đa 2 của mục 3.2.1",
        ("items", "3.2.1", "self"),
        sheet="Lĩnh vực 3",
    )
    assert problem.cell == "'Lĩnh vực 3'!F12"
    assert problem.format_line() == (
        "so-khcn.xlsx:'Lĩnh vực 3'!F12: error: items.\"3.2.1\".self: "
        "điểm tự chấm 3 vượt điểm tối đa 2 của mục 3.2.1 (score-out-of-range)"
    )


def test_a_sheet_name_with_a_quote_is_written_as_excel_writes_it() -> None:
    problem = Problem("f.xlsx", 3, 28, "not-a-number", "x", sheet="Sở 'A'")
    assert problem.cell == "'Sở ''A'''!AB3"
    assert Problem("f.yaml", 3, 28, "not-a-number", "x").cell is None


def test_workbook_problems_sort_by_sheet_then_row_then_column() -> None:
    b = Problem("f.xlsx", 2, 1, "not-a-number", "x", sheet="B")
    a_late = Problem("f.xlsx", 9, 2, "not-a-number", "x", sheet="A")
    a_early = Problem("f.xlsx", 9, 1, "not-a-number", "x", sheet="A")
    whole = Problem("f.xlsx", 1, 1, "form-version", "x")
    assert sort_problems([b, a_late, a_early, whole]) == [whole, a_early, a_late, b]
