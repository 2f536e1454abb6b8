"""The one XLSX writer as `parcli score --format xlsx` uses it: text stays text, same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from openpyxl import load_workbook

from parcli.check.driver import GroupRanking
from parcli.report.spreadsheets import score_xlsx
from parcli.scoring import rank_cards, score_submission
from tests.helpers import mini, submission

WHEN = dt.datetime(2026, 11, 25)


def test_xlsx_writes_text_that_looks_like_a_formula_as_text() -> None:
    cs = mini()
    card = score_submission(cs, submission("items: {}"))
    evil = dataclasses.replace(card, agency_name='=HYPERLINK("http://x","bấm")', agency_id="x")
    book = load_workbook(io.BytesIO(score_xlsx([GroupRanking(cs, rank_cards([evil]))], when=WHEN)))
    cell = book.active["E2"]
    assert cell.value == '=HYPERLINK("http://x","bấm")'
    assert cell.data_type == "s"


def test_score_xlsx_is_the_same_bytes_for_the_same_inputs_and_day() -> None:
    cs = mini()
    groups = [GroupRanking(cs, rank_cards([score_submission(cs, submission("items: {}"))]))]
    assert score_xlsx(groups, when=WHEN) == score_xlsx(groups, when=WHEN)


def test_score_xlsx_writes_the_index_with_the_percent_decimals() -> None:
    cs = mini().model_copy(update={"decimals": mini().decimals.model_copy(update={"percent": 3})})
    card = score_submission(
        cs,
        submission(
            'items: {"1.1.1": {self: 0.5, level: Ban hành không kịp thời, evidence: [{title: KH}]}}'
        ),
    )
    book = load_workbook(io.BytesIO(score_xlsx([GroupRanking(cs, rank_cards([card]))], when=WHEN)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    index = sheet.cell(row=2, column=header.index("index") + 1)
    points = sheet.cell(row=2, column=header.index("points") + 1)
    assert index.number_format == "0.000"
    assert points.number_format == "0.00"
