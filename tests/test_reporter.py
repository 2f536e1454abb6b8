"""Problems for machines: what CI and editors receive."""

from __future__ import annotations

from parcli.check.reporter import problems_github
from parcli.problems import Problem


def test_github_annotations_escape_what_would_break_the_command() -> None:
    problem = Problem("a,b.yaml", 3, 7, "unknown-key", "khóa `x`\ndòng 2: 100%", ("items", "1.1"))
    assert problems_github([problem]) == (
        '::error file=a%2Cb.yaml,line=3,col=7,title=unknown-key::items."1.1": khóa `x`%0Adòng 2: 100%25\n'
    )
