"""Score cards for machines: CSV one row per agency or per item, text never a formula."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from parcli.check.driver import GroupRanking
from parcli.report.scores import score_csv
from parcli.scoring import rank_cards, score_submission
from tests.helpers import mini, submission


def rows_of(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_that_a_spreadsheet_would_run_is_neutralised(start: str) -> None:
    cs = mini()
    card = score_submission(cs, submission("items: {}"))
    evil = dataclasses.replace(card, agency_name=f'{start}HYPERLINK("http://x","bấm")')
    (header, row) = rows_of(score_csv([GroupRanking(cs, rank_cards([evil]))]))
    assert row[header.index("name")] == f'\'{start}HYPERLINK("http://x","bấm")'


def test_csv_detail_has_one_row_per_item_with_exact_numbers() -> None:
    cs = mini()
    sub = submission("""
    items:
      "1.1.1": {self: 1, level: Ban hành kịp thời, evidence: [{title: KH}], note: "-3 ngày"}
      "2.1": {inputs: {on_time: 487, total: 500}}
    """)
    card = score_submission(cs, sub)
    header, *rows = rows_of(score_csv([GroupRanking(cs, rank_cards([card]))], detail=True))
    assert header[:8] == [
        "group", "criteria", "rank", "agency_id", "agency_name", "item", "title", "method",
    ]  # fmt: skip
    assert [r[5] for r in rows] == [leaf.id for leaf in cs.leaves]
    assert {(r[0], r[1]) for r in rows} == {("", "mini")}
    by_item = {r[5]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_item["2.1"]["final"] == "4.87"
    assert by_item["2.1"]["counted"] == "có"
    assert by_item["1.1.1"]["note"] == "'-3 ngày"
