"""Pure: score cards → the data of the score sheet and the ranking (no formatting, no I/O).
The progress report's data is in progress.py, the plan's tasks in tasks.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from parcli.models import CriteriaSet
from parcli.numbers import HUNDRED
from parcli.scoring import ZERO, GroupScore, LeafScore, Ranked, ScoreCard, average_index

# ---------------------------------------------------------------- the score sheet

RowLevel = Literal["area", "criterion", "leaf"]


@dataclass(frozen=True)
class SheetRow:
    level: RowLevel
    id: str
    title: str
    max: Decimal | None  # None: not applicable
    self: Decimal | None
    appraised: Decimal | None
    final: Decimal | None
    note: str = ""  # the unit's note (ghi chú của đơn vị)
    appraisal_note: str = ""  # the appraisers' note (ý kiến thẩm định)
    leaf: LeafScore | None = None


@dataclass(frozen=True)
class Sheet:
    card: ScoreCard
    rows: tuple[SheetRow, ...]
    self_total: Decimal


def build_sheet(cs: CriteriaSet, card: ScoreCard) -> Sheet:
    """Areas, criteria and leaves in the set's order; groups carry their subtotals."""
    by_leaf = {s.leaf.id: s for s in card.leaves}
    groups = {g.id: g for g in (*card.areas, *card.by_criterion)}
    rows: list[SheetRow] = []
    for area in cs.areas:
        area_leaves = [s for s in card.leaves if s.leaf.area_id == area.id]
        rows.append(_group_row("area", groups[area.id], area_leaves))
        for criterion in area.criteria:
            if criterion.sub_criteria:
                subs = [by_leaf[sub.id] for sub in criterion.sub_criteria]
                rows.append(_group_row("criterion", groups[criterion.id], subs))
                rows.extend(_leaf_row(s) for s in subs)
            else:
                rows.append(_leaf_row(by_leaf[criterion.id], level="criterion"))
    return Sheet(card, tuple(rows), _self_sum(card.leaves))


def _group_row(level: RowLevel, group: GroupScore, leaves: Sequence[LeafScore]) -> SheetRow:
    return SheetRow(
        level,
        group.id,
        group.title,
        group.max,
        _self_sum(leaves),
        None,
        group.points,
    )


def _self_sum(leaves: Sequence[LeafScore]) -> Decimal:
    return sum((s.self for s in leaves if s.counted and s.self is not None), ZERO)


def _leaf_row(s: LeafScore, *, level: RowLevel = "leaf") -> SheetRow:
    note = f"Không phát sinh: {s.na}" if s.na is not None else (s.note or "")
    appraisal_note = s.appraisal_note or ""
    if s.leaf.method == "survey":
        pending = "" if s.survey is not None or s.na is not None else " (chưa có kết quả)"
        appraisal_note = f"Điều tra xã hội học{pending}"
    return SheetRow(
        level,
        s.leaf.id,
        s.leaf.title,
        None if s.na is not None else s.leaf.max,
        s.self,
        s.appraised,
        s.final,
        note,
        appraisal_note,
        s,
    )


# ---------------------------------------------------------------- the ranking


@dataclass(frozen=True)
class ClassCount:
    name: str
    count: int
    share: Decimal  # % of the ranked agencies


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[Ranked, ...]
    distribution: tuple[ClassCount, ...]
    unranked: int  # agencies with nothing applicable: no index, no class
    provisional: bool
    average: Decimal | None  # mean index of the ranked agencies


def build_ranking(cs: CriteriaSet, ranked: Sequence[Ranked]) -> Ranking:
    indexed = [r.card.index for r in ranked if r.card.index is not None]
    scored = len(indexed)
    distribution = tuple(
        ClassCount(
            band.name,
            count := sum(1 for r in ranked if r.card.class_name == band.name),
            Decimal(count) / scored * HUNDRED if scored else ZERO,
        )
        for band in sorted(cs.classes, key=lambda band: band.min, reverse=True)
    )
    average = average_index(ranked, places=cs.decimals.percent)
    return Ranking(
        tuple(ranked),
        distribution,
        len(ranked) - scored,
        any(r.card.provisional for r in ranked),
        average,
    )
