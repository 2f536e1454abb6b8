"""Rules: each kind of executable scale gives the points the written scale says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parcli.models import ItemEntry
from parcli.numbers import VIETNAMESE, quantize
from parcli.rules import allowed_scores, evaluate
from tests.helpers import criteria_from, mini

D = Decimal

RULES = """
format: parcli/criteria/1
id: r
title: Quy tắc
period: {start: 2026-01-01, end: 2026-12-31}
scale: {total: 9, self: 9, survey: 0}
classes: [{name: Đạt, min: 0}]
areas:
  - id: "1"
    title: Một
    criteria:
      - {id: "1.1", title: Sáng kiến, max: 2, text: "≥2: 2; 1: 1; 0: 0",
         rule: {count_of: initiatives, bands: [{min: 2, points: 2}, {min: 1, points: 1}, {min: 0, points: 0}]}}
      - {id: "1.2", title: Báo cáo, max: 1, text: "Đủ: 1", rule: {check: "Báo cáo đủ nội dung?"}}
      - {id: "1.3", title: Vi phạm, max: 3, text: "Trừ 0,5/lần, tối đa 2",
         rule: {per: violations, points: -0.5, cap: 2}}
      - {id: "1.4", title: Tự do, max: 3, text: "Bước 0,25", rule: {step: 0.25}}
"""


def entry(**values: object) -> ItemEntry:
    return ItemEntry.model_validate({("self" if k == "self_" else k): v for k, v in values.items()})


@pytest.mark.parametrize(
    ("done", "planned", "points"),
    [
        ("20", "20", "2"),
        ("16", "20", "1"),
        ("15.99", "20", "0"),
        ("0", "20", "0"),
        ("19", "20", "1"),
    ],
)
def test_percentage_bands_include_their_lower_bound_only(
    done: str, planned: str, points: str
) -> None:
    leaf = mini().leaf_by_id["1.1.2"]
    outcome = evaluate(leaf, entry(inputs={"done": done, "planned": planned}))
    assert outcome.points == D(points)


def test_levels_match_labels_ignoring_case_and_spacing() -> None:
    leaf = mini().leaf_by_id["1.1.1"]
    assert evaluate(leaf, entry(level="ban hành  không kịp thời")).points == D("0.5")
    bad = evaluate(leaf, entry(level="Đúng hạn"))
    assert bad.points is None
    assert bad.issues[0][0] == "level"


def test_ratio_is_exact_and_rounds_only_for_display() -> None:
    leaf = mini().leaf_by_id["2.1"]
    outcome = evaluate(leaf, entry(inputs={"on_time": "1234", "total": "1240"}))
    assert outcome.points == D(5) * D(1234) / D(1240)
    assert quantize(outcome.points or D(0), 4) == D("4.9758")


def test_ratio_and_percent_refuse_a_zero_denominator_and_a_part_above_the_whole() -> None:
    leaf = mini().leaf_by_id["2.1"]
    assert evaluate(leaf, entry(inputs={"on_time": "1", "total": "0"})).issues
    assert evaluate(leaf, entry(inputs={"on_time": "3", "total": "2"})).issues
    assert (
        evaluate(leaf, entry(inputs={"on_time": "3"}))
        .issues[0][1]
        .startswith("thiếu số liệu hồ sơ đã giải quyết (total); hãy thêm vào inputs: {total: <số>}")
    )


def test_what_a_rule_computed_names_its_inputs_by_their_labels_in_the_readers_notation() -> None:
    cs = mini()
    percent = evaluate(cs.leaf_by_id["1.1.2"], entry(inputs={"done": "1034", "planned": "1100"}))
    assert percent.explain.text() == "Tỷ lệ nhiệm vụ hoàn thành 1034/1100 = 94% (từ 80%)"
    assert (
        percent.explain.text(VIETNAMESE) == "Tỷ lệ nhiệm vụ hoàn thành 1.034/1.100 = 94% (từ 80%)"
    )
    ratio = evaluate(cs.leaf_by_id["2.1"], entry(inputs={"on_time": "2479", "total": "2486"}))
    assert ratio.explain.text(VIETNAMESE) == "Tỷ lệ hồ sơ đúng hạn 2.479/2.486 × 5 điểm"
    deduction = evaluate(criteria_from(RULES).leaf_by_id["1.3"], entry(inputs={"violations": "2"}))
    assert deduction.explain.text(VIETNAMESE) == "Số violations: 2 × -0,5 điểm, trừ tối đa 2"


def test_count_bands_check_deduction_and_step() -> None:
    cs = criteria_from(RULES)
    leaves = cs.leaf_by_id
    assert evaluate(leaves["1.1"], entry(inputs={"initiatives": "5"})).points == D(2)
    assert evaluate(leaves["1.1"], entry(inputs={"initiatives": "1"})).points == D(1)
    assert evaluate(leaves["1.2"], entry(answer="có")).points == D(1)
    assert evaluate(leaves["1.2"], entry(answer="no")).points == D(0)
    assert evaluate(leaves["1.3"], entry(inputs={"violations": "1"})).points == D("2.5")
    assert evaluate(leaves["1.3"], entry(inputs={"violations": "9"})).points == D(1)  # capped at −2
    assert evaluate(leaves["1.3"], entry(inputs={"violations": "1.5"})).issues
    assert evaluate(leaves["1.4"], entry(self_="1.25")).points is None
    assert allowed_scores(leaves["1.2"]) == (D(1), D(0))
    assert allowed_scores(leaves["1.4"]) is None


def test_no_inputs_means_nothing_computed_and_nothing_wrong() -> None:
    leaf = mini().leaf_by_id["1.1.2"]
    assert evaluate(leaf, entry(self_="1")) == evaluate(leaf, entry())
    assert evaluate(leaf, entry()).points is None
