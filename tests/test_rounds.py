"""`parcli rounds`: round 1 against round 2 with the notes and the explanation between them,
and what became of each explanation, for one agency or all."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.models import CriteriaSet, Submission
from parcli.report.rounds import agency_rounds
from tests.conftest import MINI_CRITERIA, Run, write
from tests.simyear import Year

CLI = Callable[..., Run]


def test_one_agency_item_by_item(cli: CLI, year: Year) -> None:
    result = cli("rounds", year.file("so-tu-phap"), cwd=year.root)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "Thẩm định — Sở Tư pháp (so-tu-phap) — submissions/so-tu-phap.yaml\n"
        "\n"
        "1.1.1  Ban hành kế hoạch cải cách hành chính năm của Sở (tối đa 1)\n"
        "  tự chấm 1 → vòng 1: 1\n"
        "  Nhận xét vòng 1: Thống nhất\n"
        "\n"
        "2.1.1  Chất lượng tham mưu văn bản quy phạm pháp luật (tối đa 2)\n"
        "  tự chấm 1.75 → vòng 1: 1 → vòng 2: 0.25 — không chấp nhận\n"
        "  Nhận xét vòng 1: Thiếu ý kiến thẩm định của Sở Tư pháp\n"
        "  Giải trình: Đã có ý kiến thẩm định tại Công văn 210/STP-XDKTVB\n"
        "  Nhận xét vòng 2: Thống nhất sau phúc tra\n"
        "\n"
        "Giải trình 1 mục: chấp nhận 0, một phần 0, không chấp nhận 1, chờ vòng 2 0\n"
    )


def test_every_agency_and_the_counts_of_the_province(cli: CLI, year: Year) -> None:
    result = cli("rounds", "-f", "json", cwd=year.root)
    payload = json.loads(result.stdout)
    counts = {a["id"]: a["counts"] for a in payload["agencies"]}
    assert counts["so-tai-chinh"] == {"accepted": 0, "partly": 1, "rejected": 0, "pending": 0}
    assert sum(c["accepted"] for c in counts.values()) == 2
    assert sum(c["rejected"] for c in counts.values()) == 2
    text = cli("rounds", cwd=year.root).stdout
    assert text.endswith(
        "\nCả 8 cơ quan — giải trình 5 mục: chấp nhận 2, một phần 1, không chấp nhận 2, chờ\n"
        "  vòng 2 0\n"
    )
    assert [line for line in text.splitlines() if len(line) > 80] == []


SUB = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1": {self: 1, level: Ban hành kịp thời, evidence: [{title: Kế hoạch}]}
  "1.1.2": {inputs: {done: 20, planned: 20}}
appraisal:
  round1:
    "1.1.1": {score: 0.5}
    "1.1.2": {score: 1}
  explanation:
    "1.1.1": {text: Ban hành ngày 30/01, evidence: [{title: Công văn}]}
    "1.1.2": {text: Đủ báo cáo}
"""


@pytest.mark.parametrize(
    ("round2", "outcome"),
    [(None, "pending"), ("1", "accepted"), ("0.5", "rejected"), ("0", "rejected")],
)
def test_what_became_of_an_explanation(round2: str | None, outcome: str) -> None:
    from ruamel.yaml import YAML

    cs = CriteriaSet.model_validate(YAML(typ="safe").load(MINI_CRITERIA))
    data = YAML(typ="base").load(SUB)
    if round2 is not None:
        data["appraisal"]["round2"] = {"1.1.1": {"score": round2}, "1.1.2": {"score": "1.5"}}
    found = agency_rounds(cs, Submission.model_validate(data), file="so-a.yaml")
    first, second = found.items
    assert (first.self, first.round1, first.evidence, first.outcome) == (
        Decimal(1),
        Decimal("0.5"),
        1,
        outcome,
    )
    assert second.self == Decimal(2)  # computed from the inputs
    assert second.outcome == ("pending" if round2 is None else "partly")


def test_a_file_with_errors_is_left_out_and_said(mini_workspace: Path, cli: CLI) -> None:
    write(mini_workspace / "submissions" / "so-a.yaml", SUB.replace("self: 1,", "self: 7,"))
    result = cli("rounds", cwd=mini_workspace)
    assert result.code == 1
    assert "score-out-of-range" in result.stderr
    assert result.stdout == "Không có hồ sơ hợp lệ nào để xem thẩm định.\n"
    assert cli("rounds", "-f", "github", cwd=mini_workspace).code == 2
