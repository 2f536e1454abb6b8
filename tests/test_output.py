"""Output writers: what machines and spreadsheets receive."""

from __future__ import annotations

import dataclasses
import io

from parcli.output import problems_github, score_xlsx, shown
from parcli.problems import Problem
from parcli.scoring import rank_cards, score_submission
from tests.helpers import mini, submission


def test_github_annotations_escape_what_would_break_the_command() -> None:
    problem = Problem("a,b.yaml", 3, 7, "unknown-key", "khóa `x`\ndòng 2: 100%", ("items", "1.1"))
    assert problems_github([problem]) == (
        '::error file=a%2Cb.yaml,line=3,col=7,title=unknown-key::items."1.1": khóa `x`%0Adòng 2: 100%25\n'
    )


def test_xlsx_writes_text_that_looks_like_a_formula_as_text() -> None:
    from openpyxl import load_workbook

    cs = mini()
    card = score_submission(cs, submission("items: {}"))
    evil = dataclasses.replace(card, agency_name='=HYPERLINK("http://x","bấm")', agency_id="x")
    book = load_workbook(io.BytesIO(score_xlsx(rank_cards([evil]), cs)))
    cell = book.active["C2"]
    assert cell.value == '=HYPERLINK("http://x","bấm")'
    assert cell.data_type == "s"


def test_display_rounds_half_up_and_shows_a_dash_for_no_value() -> None:
    from decimal import Decimal

    assert shown(Decimal("81.33333333333333333333333333"), 2) == "81.33"
    assert shown(Decimal("92.835"), 2) == "92.84"
    assert shown(None, 2) == "—"
