"""The plan's target: the index it needs (a rank: from the others' indices), how far it is,
and the fewest items that would close the gap — a suggestion, labelled as such."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parcli.models import PlanTarget
from parcli.numbers import quantize
from parcli.planning.items import ItemLoss, index_of, most_lost_first
from parcli.scoring import ZERO, ScoreCard


@dataclass(frozen=True)
class Suggestion:
    """The fewest self items that reach the target, largest losses first."""

    items: tuple[ItemLoss, ...]
    index: Decimal | None  # the index once they reach their maximum
    reached: bool  # False: even every self item at maximum falls short


@dataclass(frozen=True)
class Gap:
    target: PlanTarget
    needed: Decimal  # the published index that meets the target
    gap: Decimal  # needed − the index now (≤ 0 once met)
    reached: bool
    rank: int | None  # the rank now among the others (None: no rank asked)
    among: int  # how many other agencies a rank is counted among
    suggestion: Suggestion


def rank_among(index: Decimal, others: Iterable[Decimal], *, places: int) -> int:
    """Dense rank on the published index, as `parcli score` ranks: 1 + distinct higher."""
    shown = quantize(index, places)
    return 1 + len({q for q in (quantize(o, places) for o in others) if q > shown})


def index_for_rank(rank: int, others: Iterable[Decimal], *, places: int) -> Decimal:
    """The lowest published index that ranks `rank` or better among `others` (ties share)."""
    distinct = sorted({quantize(o, places) for o in others}, reverse=True)
    return distinct[rank - 1] if len(distinct) >= rank else ZERO


def measure_gap(
    card: ScoreCard,
    target: PlanTarget,
    items: Sequence[ItemLoss],
    others: Sequence[ScoreCard],
    *,
    places: int,
) -> Gap | None:
    """None when the agency has no index (nothing applicable)."""
    if card.index is None:
        return None
    rivals = [
        o.index
        for o in others
        if o.index is not None
        and o.agency_id != card.agency_id
        and o.criteria_id == card.criteria_id
    ]
    needed = max(
        target.index if target.index is not None else ZERO,
        index_for_rank(target.rank, rivals, places=places) if target.rank else ZERO,
    )
    return Gap(
        target,
        needed,
        needed - card.index,
        quantize(card.index, places) >= needed,
        rank_among(card.index, rivals, places=places) if target.rank else None,
        len(rivals),
        suggest(card, items, needed, places=places),
    )


def suggest(
    card: ScoreCard, items: Sequence[ItemLoss], needed: Decimal, *, places: int
) -> Suggestion:
    """The shortest run of self items, largest loss first (then the set's order), whose
    recovery brings the published index to `needed`.

    Each item adds its loss to the same numerator over a fixed maximum, so no set of fewer
    items can reach further than the largest losses together: the run is a smallest set,
    and among the smallest sets one that wins the most. Survey items are left out: their
    result is the public's verdict, not something the department can simply do; so are
    items not part of the index yet.
    """
    points = card.points
    taken: list[ItemLoss] = []
    candidates = sorted(
        (i for i in items if i.lost > 0 and i.score.counted and not i.outside_control),
        key=most_lost_first,
    )
    for item in candidates:
        if _reaches(points, card.max, needed, places):
            break
        points += item.lost
        taken.append(item)
    return Suggestion(
        tuple(taken), index_of(points, card.max), _reaches(points, card.max, needed, places)
    )


def _reaches(points: Decimal, maximum: Decimal, needed: Decimal, places: int) -> bool:
    index = index_of(points, maximum)
    return index is not None and quantize(index, places) >= needed
