"""Shape errors from pydantic, said in Vietnamese at the right place, one kind at a time."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from parcli.check.shape import parse_model, prune_broken_entries
from parcli.loading import parse_text
from parcli.models import CriteriaSet, Submission
from tests.conftest import MINI_CRITERIA


def problems_of(text: str, model: type[CriteriaSet] | type[Submission]) -> list[str]:
    doc, problems = parse_text(textwrap.dedent(text), file="t.yaml", path=Path("t.yaml"))
    assert doc is not None, problems
    found, problems = parse_model(doc, model)
    assert found is None
    return [p.format_line() for p in problems]


def criteria_with(old: str, new: str) -> list[str]:
    assert old in MINI_CRITERIA
    return problems_of(MINI_CRITERIA.replace(old, new, 1), CriteriaSet)


SUBMISSION = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "expect: {areas: 2,",
            "expect: {areas: hai,",
            "t.yaml:7:17: error: expect.areas: “hai” không phải số nguyên; hãy viết một số như 7 (not-an-integer)",
        ),
        (
            "period: {start: 2026-01-01,",
            "period: {start: 2026-13-01,",
            "t.yaml:5:17: error: period.start: “2026-13-01” không phải ngày hợp lệ; hãy viết năm-tháng-ngày, ví dụ 2026-01-20 (bad-date)",
        ),
        (
            "method: survey",
            "method: tự chấm",
            "t.yaml:48:17: error: areas[0].criteria[1].method: “tự chấm” không hợp lệ; hãy viết một trong: 'self' hoặc 'survey' (bad-choice)",
        ),
        (
            "max: 5",
            "max: -5",
            "t.yaml:54:14: error: areas[1].criteria[0].max: “-5” phải ≥ 0 (bad-value)",
        ),
        (
            "decimals: 4",
            "decimals: 9",
            "t.yaml:58:19: error: areas[1].criteria[0].decimals: “9” phải ≤ 6 (bad-value)",
        ),
        (
            'id: "2.1"',
            'id: "2.a"',
            't.yaml:52:13: error: areas[1].criteria[0].id: “2.a” sai dạng; mã mục gồm các số cách nhau bởi dấu chấm, ví dụ "1.10" hoặc "3.2.1" (bad-value)',
        ),
        (
            "rule: {ratio_of: [on_time, total], labels: {on_time: hồ sơ đúng hạn, total: hồ sơ đã giải quyết}}",
            "rule: {ratio_of: [OnTime, total]}",
            "t.yaml:57:27: error: areas[1].criteria[0].rule.ratio_of[0]: “OnTime” sai dạng; tên số liệu viết thường, không dấu, nối bằng _, ví dụ on_time (bad-value)",
        ),
        (
            "rule: {ratio_of: [on_time, total], labels: {on_time: hồ sơ đúng hạn, total: hồ sơ đã giải quyết}}",
            "rule: {ratio_of: [on_time, total, all]}",
            "t.yaml:57:16: error: areas[1].criteria[0].rule.ratio_of: chỉ được tối đa 2 phần tử; hãy bớt đi (bad-value)",
        ),
        (
            "title: Bộ tiêu chí thử",
            'title: ""',
            "t.yaml:4:8: error: title: không được để trống; hãy viết nội dung (bad-value)",
        ),
        (
            "decimals: {points: 2, percent: 2}",
            "decimals: {points: 2, percent: [2]}",
            "t.yaml:8:23: error: decimals.percent: một danh sách không phải số nguyên; hãy viết một số như 7 (not-an-integer)",
        ),
    ],
)
def test_each_kind_of_shape_error_says_what_to_write(old: str, new: str, expected: str) -> None:
    assert expected in criteria_with(old, new)


def test_an_empty_list_of_classes_asks_for_at_least_one() -> None:
    found = criteria_with(
        "classes:\n  - {name: Tốt, min: 90}\n  - {name: Khá, min: 80}\n  - {name: Yếu, min: 0}\n",
        "classes: []\n",
    )
    assert found == ["t.yaml:9:1: error: classes: cần ít nhất 1 phần tử; hãy thêm vào (bad-value)"]


def test_a_pair_written_with_one_name_asks_for_the_second() -> None:
    # It said "thiếu khóa `1`; hãy thêm `1: …`": a key where a list entry is missing.
    found = criteria_with("ratio_of: [on_time, total]", "ratio_of: [on_time]")
    assert found == [
        "t.yaml:57:16: error: areas[1].criteria[0].rule.ratio_of: thiếu phần tử thứ 2 của danh "
        "sách; hãy thêm vào (bad-value)"
    ]


def test_strict_bounds_and_the_manual_step() -> None:
    found = criteria_with(
        "rule: {ratio_of: [on_time, total], labels: {on_time: hồ sơ đúng hạn, total: hồ sơ đã giải quyết}}",
        "rule: {step: 0}",
    )
    assert found == [
        "t.yaml:57:22: error: areas[1].criteria[0].rule.step: “0” phải > 0 (bad-value)"
    ]
    found = criteria_with(
        "rule: {ratio_of: [on_time, total], labels: {on_time: hồ sơ đúng hạn, total: hồ sơ đã giải quyết}}",
        "rule: {per: late, points: 0.5, cap: 1}",
    )
    assert found == [
        "t.yaml:57:35: error: areas[1].criteria[0].rule.points: “0.5” phải < 0 (bad-value)"
    ]


def test_an_agency_id_with_capitals_gets_the_agency_hint() -> None:
    found = problems_of(SUBMISSION.replace("id: so-a", "id: Sở-A"), Submission)
    assert found == [
        "t.yaml:4:14: error: agency.id: “Sở-A” sai dạng; mã cơ quan viết thường, không dấu, nối bằng -, ví dụ so-khcn (bad-value)"
    ]


def test_a_decimal_comma_gets_the_number_rewritten_with_a_dot() -> None:
    found = problems_of(SUBMISSION + 'survey: {"1.2": "1,5", "2.1": x}\n', Submission)
    assert found == [
        't.yaml:5:17: error: survey."1.2": “1,5” không phải số; YAML dùng dấu chấm thập phân: hãy viết 1.5 (not-a-number)',
        't.yaml:5:31: error: survey."2.1": “x” không phải số; hãy viết số thập phân với dấu chấm, ví dụ 1.5 (not-a-number)',
    ]


def test_an_unknown_key_names_the_closest_one_and_every_key_allowed() -> None:
    found = problems_of(SUBMISSION + 'items: {"1.1.1": {slef: 1}}\n', Submission)
    assert len(found) == 1
    assert "khóa `slef` không có trong định dạng; có phải ý bạn là `self`?" in found[0]
    assert "Các khóa dùng được ở đây: self, level, inputs, answer, evidence" in found[0]


def test_an_unknown_key_inside_a_list_of_evidence_still_lists_the_keys() -> None:
    found = problems_of(
        SUBMISSION + "plan:\n  - {id: a, area: '1', task: t, evidence: [{title: x, số: 1}]}\n",
        Submission,
    )
    assert "Các khóa dùng được ở đây: ref, date, title, issuer, file, url, at." in found[0]


def test_pruning_sets_aside_broken_entries_of_nested_sections_only() -> None:
    text = SUBMISSION + 'appraisal:\n  round1: {"1.1.1": {score: x}, "1.1.2": {score: 1}}\n'
    doc, _ = parse_text(textwrap.dedent(text), file="t.yaml", path=Path("t.yaml"))
    assert doc is not None
    _, problems = parse_model(doc, Submission)
    pruned = prune_broken_entries(doc.data, problems)
    assert pruned is not None
    data, set_aside = pruned
    assert set_aside.ids == {"1.1.1"}
    assert data["appraisal"]["round1"] == {"1.1.2": {"score": "1"}}
    assert doc.data["appraisal"]["round1"]["1.1.1"] == {"score": "x"}  # the original is kept


def test_nothing_is_pruned_when_the_file_is_not_a_mapping_or_broken_elsewhere() -> None:
    assert prune_broken_entries(["a"], []) is None
    doc, _ = parse_text("format: parcli/submission/1\nagency: 3\n", file="t", path=Path("t"))
    assert doc is not None
    _, problems = parse_model(doc, Submission)
    assert prune_broken_entries(doc.data, problems) is None


def test_ids_with_spaces_around_them_are_refused_not_trimmed() -> None:
    # `id: "1.1 "` was accepted as 1.1; as a key it would not match the item it looks like.
    found = criteria_with('- id: "1.1"\n', '- id: "1.1 "\n')
    assert found == [
        "t.yaml:19:13: error: areas[0].criteria[0].id: “1.1 ” có dấu cách ở đầu hoặc cuối; hãy "
        'xóa dấu cách (mã mục gồm các số cách nhau bởi dấu chấm, ví dụ "1.10" hoặc "3.2.1") '
        "(bad-value)"
    ]
    found = problems_of(SUBMISSION.replace("id: so-a", 'id: " so-a"'), Submission)
    assert found[0].startswith("t.yaml:4:14: error: agency.id: “ so-a” có dấu cách")


def test_plan_tasks_with_shape_errors_are_set_aside_and_the_others_keep_their_place() -> None:
    text = SUBMISSION + (
        "plan:\n  - {id: T1, area: '1', task: a}\n  - {id: T2, area: '1', task: b, due: x}\n"
        "  - {id: T3, area: '1', task: c}\n"
    )
    doc, _ = parse_text(textwrap.dedent(text), file="t.yaml", path=Path("t.yaml"))
    assert doc is not None
    _, problems = parse_model(doc, Submission)
    pruned = prune_broken_entries(doc.data, problems)
    assert pruned is not None
    data, set_aside = pruned
    assert [task["id"] for task in data["plan"]] == ["T1", "T3"]
    assert [set_aside.index("plan", i) for i in range(2)] == [0, 2]
