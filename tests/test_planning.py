"""Planning: points lost, tasks that win them back, points at stake, the gap to a target.

The property tests hold the analysis to `parcli score`: the index if some items reached
their maximum is the index of a copy of the submission with those items at maximum.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcli.models import CriteriaSet, Decision, Submission
from parcli.numbers import quantize
from parcli.planning import (
    Previous,
    analyse,
    fill_from_previous,
    index_for_rank,
    project,
    rank_among,
    resolve_targets,
    suggest,
)
from parcli.scoring import ScoreCard, score_submission
from tests.helpers import built, bundled_2026, mini, submission

D = Decimal
MINI = mini()
SET_2026 = bundled_2026()

SCORED = """
items:
  "1.1.1": {self: 0.5, level: Ban hành không kịp thời}
  "1.1.2": {inputs: {done: 18, planned: 20}, self: 1}
  "2.1": {inputs: {on_time: 1234, total: 1240}}
appraisal:
  round1: {"1.1.2": {score: 0}}
  round2: {"1.1.2": {score: 1}}
survey: {"1.2": 1.5}
"""


def test_points_lost_come_from_the_latest_score_sorted_most_lost_first() -> None:
    a = analyse(MINI, submission(SCORED))
    got = [(i.score.leaf.id, i.source, i.lost) for i in a.lost]
    ratio_lost = D(5) - D(5) * D(1234) / D(1240)
    assert got == [
        ("1.1.2", "round2", D(1)),
        ("1.1.1", "self", D("0.5")),
        ("1.2", "survey", D("0.5")),
        ("2.1", "self", ratio_lost),  # the rule computes it from the inputs
    ]
    assert [i.outside_control for i in a.lost] == [False, False, True, False]
    assert a.now.index == a.card.index == score_submission(MINI, submission(SCORED)).index


def test_ties_keep_the_order_of_the_set() -> None:
    a = analyse(MINI, submission(SCORED))
    tied = [i.score.leaf.id for i in a.lost if i.lost == D("0.5")]
    assert tied == ["1.1.1", "1.2"]


def test_not_applicable_items_are_never_lost_and_unscored_items_lose_everything() -> None:
    a = analyse(MINI, submission('items: {"2.1": {na: Không có TTHC}}\nsurvey: {"1.2": 2}'))
    got = {i.score.leaf.id: (i.source, i.lost) for i in a.items}
    assert got == {"1.1.1": ("none", D(1)), "1.1.2": ("none", D(2)), "1.2": ("survey", D(0))}


def test_a_survey_item_without_its_result_has_no_loss_yet() -> None:
    a = analyse(MINI, submission('items: {"1.1.1": {self: 1}}'))
    assert "1.2" not in {i.score.leaf.id for i in a.items}
    assert a.card.provisional


PLAN = """
plan:
  - {id: T1, area: "1", task: Kế hoạch, targets: ["1.1"], status: done, done_on: 2026-03-01}
  - {id: T2, area: "1", task: Khảo sát, targets: ["1.2"], status: in_progress}
  - {id: T3, area: "1", task: Tuyên truyền, status: not_started}
  - {id: T4, area: "2", task: Đã đủ điểm, targets: ["2.1"], status: in_progress}
  - {id: T5, area: "1", task: Lại kế hoạch, targets: ["1.1.1"], status: cancelled}
"""


def test_tasks_carry_the_points_lost_on_their_targets() -> None:
    sub = submission(
        SCORED.replace('"2.1": {inputs: {on_time: 1234, total: 1240}}', '"2.1": {self: 5}') + PLAN
    )
    a = analyse(MINI, sub)
    stakes = {t.task.id: (t.leaves, t.lost, t.done, t.at_max) for t in a.tasks}
    assert stakes == {
        "T1": (("1.1.1", "1.1.2"), D("1.5"), True, False),
        "T2": (("1.2",), D("0.5"), False, False),
        "T3": ((), D(0), False, False),
        "T4": (("2.1",), D(0), False, True),
        "T5": (("1.1.1",), D("0.5"), False, False),  # cancelled: never "chasing" anything
    }
    assert [t.task.id for t in a.without_targets] == ["T3"]
    assert [t.task.id for t in a.chasing_won_points] == ["T4"]
    assert {i.score.leaf.id: i.tasks for i in a.lost} == {
        "1.1.1": ("T1", "T5"),
        "1.1.2": ("T1",),
        "1.2": ("T2",),
    }
    assert a.uncovered == ()


def test_points_at_stake_if_every_target_and_if_the_done_tasks_reach_their_maximum() -> None:
    sub = submission(SCORED + PLAN)
    a = analyse(MINI, sub)
    card = a.card
    # every target: 1.1.1, 1.1.2, 1.2 and 2.1 to their maxima
    assert a.all_targets.points == card.max
    assert a.all_targets.index == D(100)
    # done (T1): 1.1.1 and 1.1.2 only
    assert a.done_targets.points == card.points + D("1.5")
    assert [g.points for g in a.done_targets.areas] == [D(5) - D("0.5"), card.areas[1].points]
    assert a.done_targets.raised == ("1.1.1", "1.1.2")


def test_uncovered_lost_points_are_those_no_task_targets() -> None:
    sub = submission(SCORED + "plan: [{id: T, area: '1', task: x, targets: ['1.1.2']}]")
    a = analyse(MINI, sub)
    assert [i.score.leaf.id for i in a.uncovered] == ["1.1.1", "1.2", "2.1"]


def test_a_criterion_target_means_all_its_leaves_and_ids_resolve_in_set_order() -> None:
    assert resolve_targets(MINI, ["2.1", "1.1", "1.1.2"]) == ("1.1.1", "1.1.2", "2.1")
    assert resolve_targets(MINI, ["9.9"]) == ()


# ---------------------------------------------------------------- last year's result


def previous_card(text: str) -> ScoreCard:
    return score_submission(MINI, submission(text))


def test_items_without_a_score_this_year_take_last_years_result() -> None:
    last = previous_card('items: {"1.1.1": {self: 0.5}, "1.1.2": {self: 2}}\nsurvey: {"1.2": 1}')
    sub = submission('items: {"1.1.2": {self: 1}}')  # early in the year: one item scored
    a = analyse(MINI, sub, previous=Previous(last))
    got = {i.score.leaf.id: (i.source, i.lost) for i in a.items}
    assert got == {
        "1.1.1": ("previous", D("0.5")),
        "1.1.2": ("self", D(1)),  # this year's score wins over last year's
        "1.2": ("previous", D(1)),
        "2.1": ("previous", D(5)),  # unscored last year: it counted 0 then
    }
    assert a.estimated == ("1.1.1", "1.2", "2.1")
    assert not a.card.provisional  # last year's survey result stands in


def test_last_years_ids_map_onto_this_years_and_points_rescale_to_the_new_maximum() -> None:
    last = previous_card('items: {"2.1": {self: 4}}')  # 4 of 5 last year
    this_year = dataclasses.replace(
        last, leaves=tuple(s for s in last.leaves if s.leaf.id == "2.1")
    )
    mapped = Previous(this_year, ids={"1.1.2": "2.1", "1.1.1": None})
    a = analyse(MINI, submission("items: {}"), previous=mapped)
    got = {i.score.leaf.id: (i.source, i.lost) for i in a.items}
    assert got["1.1.2"] == ("previous", D(2) - D(2) * D(4) / D(5))  # 80 % of this year's 2
    assert got["1.1.1"] == ("none", D(1))  # a new item: no result last year


def test_last_years_not_applicable_item_gives_no_estimate() -> None:
    last = previous_card('items: {"2.1": {na: Không có TTHC}}')
    a = analyse(MINI, submission("items: {}"), previous=Previous(last))
    assert {i.score.leaf.id: i.source for i in a.items}["2.1"] == "none"


# ---------------------------------------------------------------- the target

TARGETED = """
items:
  "1.1.1": {self: 0.5}
  "1.1.2": {self: 1}
  "2.1": {self: 3}
survey: {"1.2": 1}
"""  # 5.5 of 10: losses 2.1 → 2, 1.1.2 → 1, 1.2 → 1 (survey), 1.1.1 → 0.5


def gap_for(target: str, others: list[ScoreCard] | None = None) -> Any:
    sub = submission(TARGETED + f"plan_target: {target}\n")
    a = analyse(MINI, sub, others=others or [])
    assert a.gap is not None
    return a.gap


def test_a_target_already_reached_needs_no_item() -> None:
    gap = gap_for("{index: 55}")
    assert (gap.reached, gap.gap, gap.suggestion.items, gap.suggestion.reached) == (
        True,
        D(0),
        (),
        True,
    )


def test_the_suggestion_takes_the_largest_losses_first_and_stops_when_reached() -> None:
    gap = gap_for("{index: 80}")
    assert not gap.reached and gap.gap == D(25)
    assert [i.score.leaf.id for i in gap.suggestion.items] == ["2.1", "1.1.2"]
    assert (gap.suggestion.index, gap.suggestion.reached) == (D(85), True)


def test_survey_items_are_never_suggested_and_an_unreachable_target_says_so() -> None:
    gap = gap_for("{index: 95}")  # self items at max give 9 of 10: 90 %
    assert [i.score.leaf.id for i in gap.suggestion.items] == ["2.1", "1.1.2", "1.1.1"]
    assert (gap.suggestion.index, gap.suggestion.reached) == (D(90), False)


def test_the_target_is_met_on_the_published_index() -> None:
    sub = submission(TARGETED.replace("self: 3", "self: 4.4995") + "plan_target: {index: 70}")
    a = analyse(MINI, sub)
    assert a.gap is not None and a.card.index == D("69.995")
    assert a.gap.reached  # 69.995 is published as 70.00
    assert a.gap.suggestion.items == ()


def test_equal_losses_are_suggested_in_the_set_order() -> None:
    cs = MINI
    sub = submission(
        'items: {"1.1.1": {self: 0}, "1.1.2": {self: 1}, "2.1": {self: 5}}\nsurvey: {"1.2": 2}'
    )
    card = score_submission(cs, sub)
    a = analyse(cs, sub)
    s = suggest(card, a.items, D(90), places=2)  # 8 of 10: one point of either item suffices
    assert [i.score.leaf.id for i in s.items] == ["1.1.1"]


def ranked_card(agency: str, index: str) -> ScoreCard:
    base = score_submission(MINI, submission(TARGETED))
    return dataclasses.replace(base, agency_id=agency, agency_name=agency, index=D(index))


def test_a_rank_target_is_the_index_of_the_agency_holding_that_rank() -> None:
    others = [
        ranked_card(a, i) for a, i in (("b", "90"), ("c", "80.004"), ("d", "80"), ("e", "60"))
    ]
    gap = gap_for("{rank: 2}", others)
    assert gap.rank == 4  # 55 % is below 90.00, 80.00 and 60.00
    assert gap.needed == D("80.00")  # ties share a rank: equal to c and d is rank 2
    assert [i.score.leaf.id for i in gap.suggestion.items] == ["2.1", "1.1.2"]
    assert not gap.reached


def test_a_rank_target_counts_neither_the_agency_itself_nor_another_set() -> None:
    me = ranked_card("so-a", "99")
    other_set = dataclasses.replace(ranked_card("z", "99"), criteria_id="2025")
    gap = gap_for("{rank: 1}", [me, other_set, ranked_card("b", "50")])
    assert (gap.rank, gap.needed, gap.reached) == (1, D("50.00"), True)


def test_a_rank_target_with_fewer_agencies_than_the_rank_is_met_at_once() -> None:
    gap = gap_for("{rank: 5}", [ranked_card("b", "99")])
    assert (gap.needed, gap.reached) == (D(0), True)


def test_both_an_index_and_a_rank_need_the_higher_of_the_two() -> None:
    gap = gap_for("{index: 60, rank: 1}", [ranked_card("b", "70")])
    assert gap.needed == D("70.00")


def test_no_gap_without_a_target_or_without_anything_applicable() -> None:
    assert analyse(MINI, submission(TARGETED)).gap is None
    na_everything = submission("items: {'2.1': {na: x}}\nplan_target: {index: 90}")
    only_na = dataclasses.replace(score_submission(MINI, na_everything), max=D(0), index=None)
    assert project(only_na, ["2.1"]).index is None


def test_rank_helpers_rank_densely_on_the_published_index() -> None:
    others = [D("90.004"), D("90.001"), D("85")]
    assert rank_among(D("90.0049"), others, places=2) == 1
    assert rank_among(D("86"), others, places=2) == 2
    assert index_for_rank(2, others, places=2) == D("85.00")
    assert index_for_rank(3, others, places=2) == D(0)


# ---------------------------------------------------------------- properties

odd = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n) / 1000)


@st.composite
def submissions(draw: st.DrawFn, cs: CriteriaSet) -> dict[str, Any]:
    """Self scores, rounds 1 and 2, overruled na claims, survey results present or not."""
    items: dict[str, Any] = {}
    survey: dict[str, Any] = {}
    round1: dict[str, Any] = {}
    round2: dict[str, Any] = {}
    for leaf in cs.leaves:

        def value(leaf_max: Decimal = leaf.max) -> str:
            return str(min(draw(odd), leaf_max))

        states = ["score", "absent", "na"] if leaf.na_allowed else ["score", "absent"]
        choice = draw(st.sampled_from(states))
        if leaf.method == "survey":
            if choice == "score":
                survey[leaf.id] = value()
            elif choice == "na":
                items[leaf.id] = {"na": "Không phát sinh"}
            continue
        if choice == "na":
            items[leaf.id] = {"na": "Không phát sinh"}
        elif choice == "score":
            items[leaf.id] = {"self": value()}
        if choice != "absent" or draw(st.booleans()):
            if draw(st.booleans()):
                round1[leaf.id] = {"score": value()}
            if draw(st.booleans()):
                round2[leaf.id] = {"score": value()}
    bonus = [{"points": "0.75", "reason": "x"}] if draw(st.booleans()) else []
    penalty = [{"points": "0.5", "reason": "y"}] if draw(st.booleans()) else []
    return {
        "items": items,
        "survey": survey,
        "appraisal": {"round1": round1, "round2": round2},
        "bonus": bonus,
        "penalty": penalty,
    }


def build(
    cs: CriteriaSet, data: dict[str, Any], plan: list[dict[str, Any]] | None = None
) -> Submission:
    return built(cs, {**data, "plan": plan or []})


def at_maximum(cs: CriteriaSet, sub: Submission, leaf_ids: set[str]) -> Submission:
    """The submission with each applicable targeted item at its maximum: the appraisers'
    score overridden for a self item, the result for a survey item that has one."""
    card = score_submission(cs, sub)
    round2 = dict(sub.appraisal.round2)
    survey = dict(sub.survey)
    for s in card.leaves:
        if s.leaf.id not in leaf_ids or s.na is not None:
            continue
        if s.leaf.method == "self":
            round2[s.leaf.id] = Decision(score=s.leaf.max)
        elif s.survey is not None:
            survey[s.leaf.id] = s.leaf.max
    appraisal = sub.appraisal.model_copy(update={"round2": round2})
    return sub.model_copy(update={"appraisal": appraisal, "survey": survey})


def target_ids(cs: CriteriaSet) -> st.SearchStrategy[list[str]]:
    criteria = sorted({leaf.criterion_id for leaf in cs.leaves})
    leaves = [leaf.id for leaf in cs.leaves]
    return st.lists(st.sampled_from(leaves + criteria), max_size=12)


@st.composite
def plans(draw: st.DrawFn, cs: CriteriaSet) -> list[dict[str, Any]]:
    tasks = []
    for n in range(draw(st.integers(min_value=0, max_value=5))):
        done = draw(st.booleans())
        tasks.append(
            {
                "id": f"T{n}",
                "area": cs.areas[0].id,
                "task": "x",
                "targets": draw(target_ids(cs)),
                "status": "done" if done else "in_progress",
            }
        )
    return tasks


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(st.data())
def test_the_index_if_targets_reach_their_maximum_is_the_index_of_such_a_submission(
    data: st.DataObject,
) -> None:
    cs = data.draw(st.sampled_from([MINI, SET_2026]))
    plan = data.draw(plans(cs))
    sub = build(cs, data.draw(submissions(cs)), plan)
    a = analyse(cs, sub)
    targeted = {i for task in plan for i in resolve_targets(cs, task["targets"])}
    done = {
        i for task in plan if task["status"] == "done" for i in resolve_targets(cs, task["targets"])
    }
    for projection, raised in ((a.all_targets, targeted), (a.done_targets, done), (a.now, set())):
        expected = score_submission(cs, at_maximum(cs, sub, raised))
        assert (projection.points, projection.max, projection.index) == (
            expected.points,
            expected.max,
            expected.index,
        )
        assert [(g.points, g.max, g.index) for g in projection.areas] == [
            (g.points, g.max, g.index) for g in expected.areas
        ]


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_points_lost_add_up_to_what_full_marks_would_win(data: st.DataObject) -> None:
    cs = data.draw(st.sampled_from([MINI, SET_2026]))
    sub = build(cs, data.draw(submissions(cs)))
    a = analyse(cs, sub)
    counted = [i for i in a.items if i.score.counted]
    full = score_submission(cs, at_maximum(cs, sub, {leaf.id for leaf in cs.leaves}))
    assert a.card.points + sum((i.lost for i in counted), D(0)) == full.points
    assert all(i.lost >= 0 and i.score.na is None for i in a.items)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_suggestion_is_a_smallest_set_of_self_items_that_reaches_the_target(
    data: st.DataObject,
) -> None:
    cs = data.draw(st.sampled_from([MINI, SET_2026]))
    sub = build(cs, data.draw(submissions(cs)))
    a = analyse(cs, sub)
    needed = data.draw(st.integers(min_value=0, max_value=100).map(D))
    s = suggest(a.card, a.items, needed, places=2)
    chosen = {i.score.leaf.id for i in s.items}
    assert all(not i.outside_control for i in s.items)
    after = score_submission(cs, at_maximum(cs, sub, chosen))
    assert after.index == s.index
    candidates = sorted(
        (i.lost for i in a.items if i.lost > 0 and i.score.counted and not i.outside_control),
        reverse=True,
    )
    if not s.reached:
        assert len(s.items) == len(candidates)  # every self item at maximum falls short
    elif s.items:
        # one item fewer falls short, even if it were the largest losses
        fewer = a.card.points + sum(candidates[: len(s.items) - 1], D(0))
        assert quantize(fewer / a.card.max * 100, 2) < needed


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_with_last_years_results_the_projections_are_those_of_the_filled_submission(
    data: st.DataObject,
) -> None:
    cs = data.draw(st.sampled_from([MINI, SET_2026]))
    last = Previous(score_submission(cs, build(cs, data.draw(submissions(cs)))))
    plan = data.draw(plans(cs))
    sub = build(cs, data.draw(submissions(cs)), plan)
    a = analyse(cs, sub, previous=last)
    filled, estimated = fill_from_previous(cs, sub, last)
    assert a.estimated == estimated
    assert a.now.index == score_submission(cs, filled).index
    targeted = {i for task in plan for i in resolve_targets(cs, task["targets"])}
    assert a.all_targets.index == score_submission(cs, at_maximum(cs, filled, targeted)).index
    this_year = score_submission(cs, sub)
    for s in this_year.leaves:  # this year's scores are never replaced by last year's
        if s.leaf.id in estimated:
            assert s.na is None and s.self is None and s.appraised is None and s.survey is None
