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
