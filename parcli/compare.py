"""Pure year against year: which item of last year's set each item of this year's set was
(`was:`), and one agency's two score cards compared through that mapping."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from parcli.models import NEW_ITEM, CriteriaSet
from parcli.problems import KeyPath
from parcli.scoring import LeafScore, Ranked, ScoreCard

# ---------------------------------------------------------------- the id mapping


@dataclass(frozen=True)
class Link:
    """An area or a leaf of this year's set and the id it had in last year's."""

    new: str
    old: str | None  # None: new this year (`was: none`, or no item of that id last year)
    written: bool  # True: a `was:` says so; False: the same id, by default
    path: KeyPath  # where the item is written in this year's set


@dataclass(frozen=True)
class Dropped:
    """An id listed under `dropped:` (items of last year's set no longer assessed)."""

    id: str
    path: KeyPath


@dataclass(frozen=True)
class IdMapping:
    """This year's set read against last year's: links, and what does not fit."""

    new_set: str
    old_set: str
    areas: tuple[Link, ...]
    leaves: tuple[Link, ...]
    unknown: tuple[Link, ...]  # a `was:` naming no area (of an area) or no leaf (of a leaf)
    twice: tuple[tuple[Link, Link], ...]  # (first, second): two items claim one old id
    dropped: tuple[str, ...]  # declared dropped, known last year, claimed by no item
    dropped_unknown: tuple[Dropped, ...]  # declared dropped but not in last year's set
    dropped_linked: tuple[tuple[Dropped, Link], ...]  # declared dropped, yet an item claims it
    vanished: tuple[str, ...]  # last year's ids nobody claims and `dropped:` does not list

    @property
    def ok(self) -> bool:
        """No error: every `was:` and `dropped:` id is known and claimed at most once."""
        return not (self.unknown or self.twice or self.dropped_unknown or self.dropped_linked)

    def old_leaf(self, new_id: str) -> str | None:
        return _old_of(self.leaves, new_id)

    def old_area(self, new_id: str) -> str | None:
        return _old_of(self.areas, new_id)


def _old_of(links: Iterable[Link], new_id: str) -> str | None:
    return next((link.old for link in links if link.new == new_id), None)


def map_ids(new: CriteriaSet, old: CriteriaSet) -> IdMapping:
    """Each area and leaf of `new` linked to `old`: its `was:`, else the same id when `old` has
    an item of that kind with it. Unknown and doubly claimed ids are kept apart, unlinked."""
    unknown: list[Link] = []
    twice: list[tuple[Link, Link]] = []
    claimed: dict[str, Link] = {}

    def link(new_id: str, was: str | None, path: KeyPath, known: Sequence[str]) -> Link:
        if was is None:
            found = Link(new_id, new_id if new_id in known else None, False, path)
        elif was == NEW_ITEM:
            return Link(new_id, None, True, path)
        elif was in known:
            found = Link(new_id, was, True, path)
        else:
            unknown.append(Link(new_id, was, True, path))
            return Link(new_id, None, True, path)
        if found.old is None:
            return found
        first = claimed.setdefault(found.old, found)
        if first is not found:
            twice.append((first, found))
            return Link(new_id, None, found.written, path)
        return found

    old_areas = [area.id for area in old.areas]
    old_leaves = [leaf.id for leaf in old.leaves]
    areas = tuple(
        link(area.id, area.was, ("areas", i), old_areas) for i, area in enumerate(new.areas)
    )
    leaves = tuple(link(leaf.id, leaf.was, leaf.path, old_leaves) for leaf in new.leaves)
    dropped: list[str] = []
    dropped_unknown: list[Dropped] = []
    dropped_linked: list[tuple[Dropped, Link]] = []
    for i, old_id in enumerate(new.dropped):
        entry = Dropped(old_id, ("dropped", i))
        if old_id not in old_areas and old_id not in old_leaves:
            dropped_unknown.append(entry)
        elif old_id in claimed:
            dropped_linked.append((entry, claimed[old_id]))
        else:
            dropped.append(old_id)
    vanished = tuple(
        old_id
        for old_id in (*old_areas, *old_leaves)
        if old_id not in claimed and old_id not in dropped
    )
    return IdMapping(
        new.id,
        old.id,
        areas,
        leaves,
        tuple(unknown),
        tuple(twice),
        tuple(dropped),
        tuple(dropped_unknown),
        tuple(dropped_linked),
        vanished,
    )


def identity(cs: CriteriaSet) -> IdMapping:
    """A set read against itself (two versions of one year): every item is itself."""
    areas = tuple(Link(a.id, a.id, False, ("areas", i)) for i, a in enumerate(cs.areas))
    leaves = tuple(Link(leaf.id, leaf.id, False, leaf.path) for leaf in cs.leaves)
    return IdMapping(cs.id, cs.id, areas, leaves, (), (), (), (), (), ())


def mapping_between(new: CriteriaSet, old: CriteriaSet) -> IdMapping | None:
    """How `new` reads against `old`: itself, or through `was:` when `old` is the set of the
    year before for the same group; None for any other pair (no mapping says how)."""
    if new.id == old.id:
        return identity(new)
    if new.group_id == old.group_id and old.assessed_year == new.assessed_year - 1:
        return map_ids(new, old)
    return None


# ---------------------------------------------------------------- two years of one agency


@dataclass(frozen=True)
class Standing:
    """One agency in one year: its totals and its place among the agencies beside it."""

    file: str
    criteria_id: str
    year: int
    points: Decimal
    max: Decimal
    index: Decimal | None
    rank: int | None  # None: no index, or no ranking to place it in
    ranked: int  # how many agencies that ranking has
    class_name: str | None
    provisional: bool


@dataclass(frozen=True)
class AreaComparison:
    id: str
    title: str
    old_id: str | None  # None: a new area
    old_index: Decimal | None
    new_index: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """Percentage points gained (negative: lost); None when a year has no index."""
        if self.old_index is None or self.new_index is None:
            return None
        return self.new_index - self.old_index


@dataclass(frozen=True)
class ItemComparison:
    """A leaf of this year's set and the leaf it was last year."""

    old: LeafScore
    new: LeafScore

    @property
    def change(self) -> Decimal | None:
        """Points gained (negative: lost); None unless the item counts in both years."""
        if not _counts(self.old) or not _counts(self.new):
            return None
        assert self.old.final is not None and self.new.final is not None
        return self.new.final - self.old.final

    @property
    def max_changed(self) -> bool:
        return self.old.leaf.max != self.new.leaf.max

    @property
    def lost_both(self) -> bool:
        """A self-assessed item scored below its maximum in both years (mất điểm hai năm
        liền). Survey items are left out (a satisfaction share is almost never full), and so
        is an item not scored yet: it has not lost its points, it awaits them."""
        return _lost(self.old) and _lost(self.new)


@dataclass(frozen=True)
class Comparison:
    agency_id: str
    agency_name: str
    old: Standing
    new: Standing
    old_set: CriteriaSet = field(repr=False)
    new_set: CriteriaSet = field(repr=False)
    areas: tuple[AreaComparison, ...]  # this year's areas, in the set's order
    items: tuple[ItemComparison, ...]  # this year's leaves that existed last year
    new_items: tuple[LeafScore, ...]  # this year's leaves with no predecessor
    dropped_items: tuple[LeafScore, ...]  # last year's leaves with no successor

    @property
    def changed(self) -> tuple[ItemComparison, ...]:
        """Items whose points or maximum changed."""
        return tuple(i for i in self.items if i.change or i.max_changed)

    @property
    def lost_both(self) -> tuple[ItemComparison, ...]:
        return tuple(i for i in self.items if i.lost_both)


def _counts(score: LeafScore) -> bool:
    return score.counted and score.final is not None


def _lost(score: LeafScore) -> bool:
    scored = score.self is not None or score.appraised is not None
    return (
        score.leaf.method == "self"
        and scored
        and _counts(score)
        and score.final is not None
        and score.final < score.leaf.max
    )


def standing(card: ScoreCard, cs: CriteriaSet, ranking: Sequence[Ranked] = ()) -> Standing:
    """A card's totals, placed in `ranking` (the agencies it was ranked with) when given."""
    rank = next((r.rank for r in ranking if r.card.agency_id == card.agency_id), None)
    return Standing(
        file=card.file,
        criteria_id=cs.id,
        year=cs.assessed_year,
        points=card.points,
        max=card.max,
        index=card.index,
        rank=rank,
        ranked=sum(1 for r in ranking if r.rank is not None),
        class_name=card.class_name,
        provisional=card.provisional,
    )


def compare_cards(
    old: ScoreCard,
    old_set: CriteriaSet,
    new: ScoreCard,
    new_set: CriteriaSet,
    mapping: IdMapping,
    *,
    old_ranking: Sequence[Ranked] = (),
    new_ranking: Sequence[Ranked] = (),
) -> Comparison:
    """One agency's two years through `mapping` (both cards keep their leaves); each placed
    in the ranking it stood in, when given."""
    old_areas = {area.id: area for area in old.areas}
    areas = tuple(
        AreaComparison(
            area.id,
            area.title,
            old_id := mapping.old_area(area.id),
            old_areas[old_id].index if old_id in old_areas else None,
            area.index,
        )
        for area in new.areas
    )
    old_leaves = {s.leaf.id: s for s in old.leaves}
    items: list[ItemComparison] = []
    new_items: list[LeafScore] = []
    claimed: set[str] = set()
    for s in new.leaves:
        old_id = mapping.old_leaf(s.leaf.id)
        if old_id is not None and old_id in old_leaves:
            items.append(ItemComparison(old_leaves[old_id], s))
            claimed.add(old_id)
        else:
            new_items.append(s)
    dropped = tuple(s for s in old.leaves if s.leaf.id not in claimed)
    return Comparison(
        new.agency_id,
        new.agency_name,
        standing(old, old_set, old_ranking),
        standing(new, new_set, new_ranking),
        old_set,
        new_set,
        areas,
        tuple(items),
        tuple(new_items),
        dropped,
    )
