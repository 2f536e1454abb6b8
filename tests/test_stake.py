"""The points-at-stake context of the progress report: display strings for every case."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from parcli.numbers import MACHINE, VIETNAMESE
from parcli.planning import Previous, analyse
from parcli.report.context import display_for
from parcli.report.stake import stake, task_targets
from parcli.scoring import score_submission
from tests.helpers import mini, submission

MINI = mini()
D = display_for(MINI, MACHINE)
SCORED = """
items: {"1.1.1": {self: 0.5}, "1.1.2": {self: 1}, "2.1": {self: 3}}
survey: {"1.2": 1}
plan:
  - {id: T1, area: "1", task: x, targets: ["1.1"], status: done, done_on: 2026-02-01}
  - {id: T2, area: "1", task: y}
"""


def context(text: str, **kw: object) -> dict[str, object]:
    return stake(analyse(MINI, submission(text), **kw), D)  # type: ignore[arg-type]


def test_the_indices_now_if_every_target_and_if_done_tasks_reached_their_maximum() -> None:
    c = context(SCORED)
    assert (c["now"], c["all_targets"], c["done_targets"]) == ("55.00", "70.00", "70.00")
    assert (c["all_gain"], c["done_gain"]) == ("+15.00", "+15.00")
    assert c["uncovered"] == [  # areas in the set's order
        {"area": "1", "owner": "Chưa phân công", "ids": "1.2*", "lost": "1.00"},
        {"area": "2", "owner": "Bộ phận một cửa", "ids": "2.1", "lost": "2.00"},
    ]
    assert c["uncovered_total"] == "3.00"
    assert str(c["outside_note"]).startswith("mục điều tra xã hội học")
    assert (c["without_targets"], c["at_max"], c["target"]) == ("T2", "", None)


def test_a_target_reached_unreached_unreachable_and_by_rank() -> None:
    reached = context(SCORED + "plan_target: {index: 50}")["target"]
    assert reached["reached"] and reached["label"] == "chỉ số 50.00%"  # type: ignore[index]
    missed = context(SCORED + "plan_target: {index: 80, note: Khá}")["target"]
    assert (missed["gap"], missed["suggestion"], missed["suggestion_index"]) == (  # type: ignore[index]
        "25.00",
        "2.1 (+2.00), 1.1.2 (+1.00)",
        "85.00",
    )
    unreachable = context(SCORED + "plan_target: {index: 95}")["target"]
    assert unreachable["suggestion_reached"] is False  # type: ignore[index]
    base = score_submission(MINI, submission(SCORED))
    rival = dataclasses.replace(base, agency_id="b", index=Decimal(60))
    ranked = context(SCORED + "plan_target: {rank: 1}", others=[rival])["target"]
    assert (ranked["label"], ranked["rank"], ranked["needed"]) == (  # type: ignore[index]
        "hạng 1 (hiện hạng 2)",
        True,
        "60.00",
    )


def test_estimates_and_provisional_indices_are_said() -> None:
    last = score_submission(MINI, submission('items: {"2.1": {self: 5}}'))
    c = context('items: {"1.1.1": {self: 1}}', previous=Previous(last))
    assert (c["estimated"], c["provisional"]) == (True, True)


def test_a_task_shows_its_targets_and_what_they_can_win_back() -> None:
    a = analyse(MINI, submission(SCORED))
    done, untargeted = a.tasks
    assert task_targets(done, D) == {"targets": "1.1", "stake": "1.50"}
    assert task_targets(done, display_for(MINI, VIETNAMESE)) == {"targets": "1.1", "stake": "1,50"}
    assert task_targets(untargeted, D) == {"targets": "", "stake": ""}
    assert task_targets(None, D) == {"targets": "", "stake": ""}
