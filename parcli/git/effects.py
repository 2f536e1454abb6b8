"""What moved an agency's score between two versions, line by line, so the totals reconcile.

For points and for the maximum alike, the total before plus the effects of the lines equals
the total after. A leaf's effect goes to the value that decides its points (round 2, else
round 1, else the self score; `na` removes the leaf), so a self score masked by an appraisal
is listed with no effect. A leaf that moved with none of its values changing moved because
its criteria changed, or because the survey results became complete (no longer
provisional). Class, rank and the provisional state are lines too, with no effect.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass
from decimal import Decimal

from parcli.git.snapshot import FIELDS, Key, Version
from parcli.models import id_key
from parcli.scoring import LeafScore, classify

ZERO = Decimal(0)
ORDER = ("round2", "round1", "na", "self", "survey")  # who decides a leaf, in that order
_PROVISIONAL: Key = ("", "provisional")
_CLASSES: Key = ("", "classes")


@dataclass(frozen=True)
class Line:
    item: str | None  # a leaf id; None: the agency as a whole
    field: str  # self, round1, round2, survey, na, criteria, provisional, unscored,
    # bonus, penalty, class, rank
    before: Hashable | None
    after: Hashable | None
    points: Decimal = ZERO  # effect on the points
    max: Decimal = ZERO  # effect on the maximum
    key: Key | None = None  # the fact whose last change is credited; None: a consequence
    masked_by: str | None = None  # the value that decides the leaf instead of this one


def score_lines(
    before: Version, after: Version, *, rank_before: int | None, rank_after: int | None
) -> list[Line]:
    """Every change between the two versions that moves what `parcli score` shows."""
    b, a = before.card, after.card
    old = {s.leaf.id: s for s in b.leaves} if b is not None else {}
    new = {s.leaf.id: s for s in a.leaves} if a is not None else {}
    lines: list[Line] = []
    unscored = (ZERO, ZERO)
    unscored_items = 0
    for item in sorted(old.keys() | new.keys(), key=id_key):
        sb, sa = old.get(item), new.get(item)
        changed = {
            name: (vb, va)
            for name in (*FIELDS, "na")
            if (vb := _value(sb, name)) != (va := _value(sa, name))
        }
        points = _points(sa) - _points(sb)
        maximum = _max(sa) - _max(sb)
        target = _deciding(sb, sa, changed)
        decides = _decides(sa)
        for name, (vb, va) in changed.items():
            if name == target:
                lines.append(Line(item, name, vb, va, points, maximum, (item, name)))
            else:
                masked = decides if decides != name else None
                lines.append(Line(item, name, vb, va, key=(item, name), masked_by=masked))
        if target is not None or not (points or maximum):
            continue
        if b is None or a is None:  # a file added, deleted, or not readable on one side
            unscored = (unscored[0] + points, unscored[1] + maximum)
            unscored_items += 1
            continue
        criteria: Key = (item, "criteria")
        cause = "criteria" if before.fact(criteria) != after.fact(criteria) else "provisional"
        key = criteria if cause == "criteria" else _PROVISIONAL
        lines.append(Line(item, cause, _counted(sb), _counted(sa), points, maximum, key))
    if any(unscored):
        # Self items of a file added or deleted with no score: they count 0 of their maximum.
        count = (unscored_items if b else None, unscored_items if a else None)
        lines.append(Line(None, "unscored", *count, *unscored, ("", "exists")))
    lines.extend(_agency_lines(before, after, rank_before, rank_after))
    return lines


def _agency_lines(
    before: Version, after: Version, rank_before: int | None, rank_after: int | None
) -> list[Line]:
    b, a = before.card, after.card
    lines = []
    bonus = (b.bonus if b else ZERO, a.bonus if a else ZERO)
    if bonus[0] != bonus[1]:
        lines.append(Line(None, "bonus", *bonus, bonus[1] - bonus[0], ZERO, ("", "bonus")))
    penalty = (b.penalty if b else ZERO, a.penalty if a else ZERO)
    if penalty[0] != penalty[1]:
        effect = penalty[0] - penalty[1]
        lines.append(Line(None, "penalty", *penalty, effect, ZERO, ("", "penalty")))
    if b is not None and a is not None and b.provisional != a.provisional:
        lines.append(Line(None, "provisional", b.provisional, a.provisional, key=_PROVISIONAL))
    if (b.class_name if b else None) != (a.class_name if a else None):
        key = _CLASSES if _by_thresholds(before, after) else None
        lines.append(
            Line(None, "class", b.class_name if b else None, a.class_name if a else None, key=key)
        )
    if rank_before != rank_after:
        lines.append(Line(None, "rank", rank_before, rank_after))
    return lines


def _by_thresholds(before: Version, after: Version) -> bool:
    """Whether the class moved because the thresholds did: under the old thresholds the new
    index would have another class. Otherwise the points moved it, and the lines that moved
    the points say who (a threshold changed in the range may have nothing to do with it)."""
    old_set, card = before.criteria_set, after.card
    if old_set is None or card is None or before.fact(_CLASSES) == after.fact(_CLASSES):
        return False
    return classify(old_set, card.index, places=old_set.decimals.percent) != card.class_name


def _value(s: LeafScore | None, name: str) -> Hashable | None:
    if s is None:
        return None
    value: Hashable | None = s.na if name == "na" else getattr(s, name)
    return value


def _points(s: LeafScore | None) -> Decimal:
    return s.final if s is not None and s.counted and s.final is not None else ZERO


def _max(s: LeafScore | None) -> Decimal:
    return s.leaf.max if s is not None and s.counted else ZERO


def _counted(s: LeafScore | None) -> Decimal | None:
    return s.final if s is not None and s.counted else None


def _deciding(
    before: LeafScore | None, after: LeafScore | None, changed: Collection[str]
) -> str | None:
    """The changed value that decides the leaf's points: after the change, else before it,
    else the first changed in ORDER; None when no value changed."""
    for s in (after, before):
        decides = _decides(s)
        if decides in changed:
            return decides
    return next((name for name in ORDER if name in changed), None)


def _decides(s: LeafScore | None) -> str | None:
    if s is None:
        return None
    if s.na is not None:
        return "na"
    if s.leaf.method != "self":
        return "survey"
    return next((name for name in ORDER[:2] if getattr(s, name) is not None), "self")
