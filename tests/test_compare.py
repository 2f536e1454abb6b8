"""Pure year against year: the `was:` mapping between two sets, and two cards compared."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from parcli.compare import compare_cards, identity, map_ids, mapping_between
from parcli.models import CriteriaSet
from parcli.scoring import rank_cards, score_submission
from tests.conftest import MINI_CRITERIA
from tests.helpers import criteria_from, submission

D = Decimal

OLD = MINI_CRITERIA.replace("id: mini", "id: mini-2025\ngroup: {id: so, title: Sở}\nyear: 2025")


def new_set(extra: str = "", **was: str) -> CriteriaSet:
    """The mini set as "2026" of group so, with `was:` on the items named (id → was)."""
    text = MINI_CRITERIA.replace(
        "id: mini", f"id: mini-2026\ngroup: {{id: so, title: Sở}}\nyear: 2026{extra}"
    )
    for item_id, old in was.items():
        key = f'id: "{item_id}"'
        text = text.replace(key, f'{key}\n{" " * _indent(text, key)}was: "{old}"', 1)
    return criteria_from(text)


def _indent(text: str, key: str) -> int:
    line = next(line for line in text.splitlines() if line.strip().endswith(key))
    return len(line) - len(line.lstrip(" -"))


def old_set() -> CriteriaSet:
    return criteria_from(OLD)


def test_items_without_was_keep_their_id_and_the_old_set_is_fully_claimed() -> None:
    mapping = map_ids(new_set(), old_set())
    assert mapping.ok and mapping.vanished == () and mapping.dropped == ()
    assert [(link.new, link.old, link.written) for link in mapping.leaves] == [
        ("1.1.1", "1.1.1", False),
        ("1.1.2", "1.1.2", False),
        ("1.2", "1.2", False),
        ("2.1", "2.1", False),
    ]
    assert mapping.old_area("2") == "2"


def test_a_renumbered_item_names_its_old_id_and_a_new_item_says_none() -> None:
    text = MINI_CRITERIA.replace(
        "id: mini", "id: mini-2026\ngroup: {id: so, title: Sở}\nyear: 2026"
    )
    text = text.replace(
        '          - id: "1.1.2"\n', '          - id: "1.1.2"\n            was: none\n'
    )
    text = text.replace(
        '          - id: "1.1.1"\n', '          - id: "1.1.1"\n            was: "1.1.2"\n'
    )
    mapping = map_ids(criteria_from(text), old_set())
    assert mapping.ok
    assert mapping.old_leaf("1.1.1") == "1.1.2" and mapping.old_leaf("1.1.2") is None
    assert mapping.vanished == ("1.1.1",)  # last year's 1.1.1 is claimed by no one


def test_unknown_ids_and_an_old_item_claimed_twice_are_kept_apart() -> None:
    cs = new_set(**{"1.1.1": "9.9", "2.1": "1.2"})
    mapping = map_ids(cs, old_set())
    assert not mapping.ok
    assert [(link.new, link.old) for link in mapping.unknown] == [("1.1.1", "9.9")]
    ((first, second),) = mapping.twice
    assert (first.new, first.written, second.new, second.written) == ("1.2", False, "2.1", True)
    assert mapping.old_leaf("1.1.1") is None and mapping.old_leaf("2.1") is None
    assert mapping.vanished == ("1.1.1", "2.1")


def test_dropped_ids_must_be_last_years_and_unclaimed() -> None:
    cs = new_set('\ndropped: ["1.1.1", "7.7"]')
    mapping = map_ids(cs, old_set())
    assert [d.id for d in mapping.dropped_unknown] == ["7.7"]
    assert [(d.id, link.new) for d, link in mapping.dropped_linked] == [("1.1.1", "1.1.1")]
    assert not mapping.ok


def test_a_set_read_against_itself_is_the_identity() -> None:
    cs = new_set(**{"1.1.1": "1.1.2"})
    mapping = identity(cs)
    assert all(link.old == link.new for link in (*mapping.areas, *mapping.leaves))
    assert mapping_between(cs, cs) == mapping


def test_only_the_previous_year_of_the_same_group_is_read_through_was() -> None:
    cs = new_set()
    assert mapping_between(cs, old_set()) == map_ids(cs, old_set())
    other_group = criteria_from(OLD.replace("{id: so, title: Sở}", "{id: xa, title: Xã}"))
    two_years_back = criteria_from(OLD.replace("year: 2025", "year: 2024"))
    assert mapping_between(cs, other_group) is None
    assert mapping_between(cs, two_years_back) is None


SCORED = """
items:
  "1.1.1": {self: 0.5, level: Ban hành không kịp thời, evidence: [{title: KH}]}
  "1.1.2": {inputs: {done: 9, planned: 10}}
  "2.1": {inputs: {on_time: 9, total: 10}}
survey: {"1.2": 1.5}
"""


def test_two_years_are_compared_item_by_item_through_the_mapping() -> None:
    old_cs, new_cs = old_set(), new_set(**{"2.1": "2.1"})
    old_card = score_submission(old_cs, submission(SCORED, criteria="mini-2025"))
    new_card = score_submission(
        new_cs,
        submission(
            SCORED.replace("done: 9", "done: 10").replace("self: 0.5", "self: 0.5"),
            criteria="mini-2026",
        ),
    )
    c = compare_cards(
        old_card, old_cs, new_card, new_cs, map_ids(new_cs, old_cs),
        old_ranking=rank_cards([old_card]), new_ranking=rank_cards([new_card]),
    )  # fmt: skip
    assert (c.old.year, c.new.year, c.old.rank, c.new.rank, c.new.ranked) == (2025, 2026, 1, 1, 1)
    changes = {i.new.leaf.id: i.change for i in c.items}
    assert changes == {"1.1.1": D(0), "1.1.2": D(1), "1.2": D(0), "2.1": D(0)}
    assert [i.new.leaf.id for i in c.changed] == ["1.1.2"]
    # 1.1.1 (0.5 of 1) and 2.1 (4.5 of 5) lost points both years; 1.2 is a survey item
    assert [i.new.leaf.id for i in c.lost_both] == ["1.1.1", "2.1"]
    assert c.areas[0].change == new_card.areas[0].index - old_card.areas[0].index  # type: ignore[operator]
    assert (c.new_items, c.dropped_items) == ((), ())


def test_an_item_not_scored_yet_has_not_lost_its_points() -> None:
    cs = new_set()
    old_card = score_submission(old_set(), submission(SCORED, criteria="mini-2025"))
    new_card = score_submission(cs, submission("items: {}", criteria="mini-2026"))
    c = compare_cards(old_card, old_set(), new_card, cs, map_ids(cs, old_set()))
    assert c.lost_both == ()
    assert c.new.rank is None and c.new.ranked == 0  # no ranking given


def test_new_and_dropped_items_are_listed() -> None:
    text = MINI_CRITERIA.replace(
        "id: mini", "id: mini-2026\ngroup: {id: so, title: Sở}\nyear: 2026"
    )
    text = text.replace('      - id: "2.1"\n', '      - id: "2.1"\n        was: none\n')
    cs = criteria_from(text.replace("\nareas:", '\ndropped: ["2.1"]\nareas:'))
    old_card = score_submission(old_set(), submission(SCORED, criteria="mini-2025"))
    new_card = score_submission(cs, submission(SCORED, criteria="mini-2026"))
    c = compare_cards(old_card, old_set(), new_card, cs, map_ids(cs, old_set()))
    assert [s.leaf.id for s in c.new_items] == ["2.1"]
    assert [s.leaf.id for s in c.dropped_items] == ["2.1"]
    assert map_ids(cs, old_set()).ok


@given(st.permutations(["1.1.1", "1.1.2", "1.2", "2.1"]))
def test_any_renumbering_that_is_a_permutation_maps_every_old_item_once(order: list[str]) -> None:
    ids = ["1.1.1", "1.1.2", "1.2", "2.1"]
    mapping = map_ids(new_set(**dict(zip(ids, order, strict=True))), old_set())
    assert mapping.ok and mapping.vanished == ()
    assert sorted(link.old or "" for link in mapping.leaves) == sorted(ids)
