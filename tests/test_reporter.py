"""Problems for machines: what CI and editors receive."""

from __future__ import annotations

from parcli.check.reporter import problems_github
from parcli.problems import Problem


def test_github_annotations_escape_what_would_break_the_command() -> None:
    problem = Problem("a,b.yaml", 3, 7, "unknown-key", "khóa `x`\ndòng 2: 100%", ("items", "1.1"))
    assert problems_github([problem]) == (
        '::error file=a%2Cb.yaml,line=3,col=7,title=unknown-key::items."1.1": khóa `x`%0Adòng 2: 100%25\n'
    )


def test_a_workbook_problem_carries_its_sheet_and_cell_in_json_and_in_the_annotation() -> None:
    import json

    from parcli.check.reporter import problems_json

    problem = Problem("f.xlsx", 12, 6, "not-a-number", "“x” không phải số", sheet="Tự đánh giá")
    (entry,) = json.loads(problems_json([problem], 1))["problems"]
    assert (entry["line"], entry["col"], entry["sheet"], entry["cell"]) == (
        12,
        6,
        "Tự đánh giá",
        "'Tự đánh giá'!F12",
    )
    assert problems_github([problem]) == (
        "::error file=f.xlsx,line=12,col=6,title=not-a-number::'Tự đánh giá'!F12: “x” không phải số\n"
    )
