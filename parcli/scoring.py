"""Pure scoring: a criteria set and a submission → a score card; score cards → a ranking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from parcli.models import CriteriaSet, ItemEntry, Leaf, Submission
from parcli.numbers import HUNDRED, quantize
from parcli.rules import Why, evaluate

ZERO = Decimal(0)
PROVISIONAL_NOTE = "tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá"
_NO_ENTRY = ItemEntry()


@dataclass(frozen=True)
class LeafScore:
    leaf: Leaf
    self: Decimal | None
    round1: Decimal | None
    round2: Decimal | None
    survey: Decimal | None
    computed: Decimal | None
    computed_explain: Why  # how the rule reached `computed`
    na: str | None
    owner: str | None
    note: str | None
    appraisal_note: str | None
    final: Decimal | None  # None: not applicable, or a survey item without its result yet
    counted: bool  # part of points and maximum (applicable, and not left out while provisional)

    @property
    def appraised(self) -> Decimal | None:
        return self.round2 if self.round2 is not None else self.round1


@dataclass(frozen=True)
class GroupScore:
    """An area or a criterion: points and maximum over its counted leaves."""

    id: str
    title: str
    points: Decimal
    max: Decimal
    index: Decimal | None  # None: nothing applicable (not the same as 0 %)


@dataclass(frozen=True)
class ScoreCard:
    criteria_id: str
    agency_id: str
    agency_name: str
    file: str
    leaves: tuple[LeafScore, ...]
    areas: tuple[GroupScore, ...]
    by_criterion: tuple[GroupScore, ...]
    bonus: Decimal
    penalty: Decimal
    points: Decimal
    max: Decimal
    index: Decimal | None
    provisional: bool
    class_name: str | None
    unscored: tuple[str, ...]

    @property
    def leaf_points(self) -> Decimal:
        return self.points - self.bonus + self.penalty


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None: no index to rank (nothing applicable)
    card: ScoreCard


def score_submission(cs: CriteriaSet, sub: Submission, *, file: str = "") -> ScoreCard:
    survey_pending = is_provisional(cs, sub)
    leaves = tuple(score_leaf(sub, leaf, provisional=survey_pending) for leaf in cs.leaves)
    in_area: dict[str, list[LeafScore]] = {}
    in_criterion: dict[str, list[LeafScore]] = {}
    for s in leaves:  # one pass, not one per area and per criterion
        in_area.setdefault(s.leaf.area_id, []).append(s)
        in_criterion.setdefault(s.leaf.criterion_id, []).append(s)
    areas = tuple(group_score(a.id, a.title, in_area.get(a.id, ())) for a in cs.areas)
    by_criterion = tuple(
        group_score(c.id, c.title, in_criterion.get(c.id, ())) for a in cs.areas for c in a.criteria
    )
    bonus, penalty = adjustments(cs, sub)
    leaf_points = sum((s.final for s in leaves if s.counted and s.final is not None), ZERO)
    maximum = sum((s.leaf.max for s in leaves if s.counted), ZERO)
    points = leaf_points + bonus - penalty
    index = points / maximum * HUNDRED if maximum else None
    unscored = tuple(
        s.leaf.id
        for s in leaves
        if s.leaf.method == "self" and s.na is None and s.self is None and s.appraised is None
    )
    return ScoreCard(
        criteria_id=cs.id,
        agency_id=sub.agency.id,
        agency_name=sub.agency.name,
        file=file,
        leaves=leaves,
        areas=areas,
        by_criterion=by_criterion,
        bonus=bonus,
        penalty=penalty,
        points=points,
        max=maximum,
        index=index,
        provisional=survey_pending,
        class_name=classify(cs, index, places=cs.decimals.percent),
        unscored=unscored,
    )


def is_provisional(cs: CriteriaSet, sub: Submission) -> bool:
    """Survey results still missing: the index is over the self part only."""
    return any(
        leaf.method == "survey" and leaf.id not in sub.survey and _na_reason(leaf, sub) is None
        for leaf in cs.leaves
    )


def adjustments(cs: CriteriaSet, sub: Submission) -> tuple[Decimal, Decimal]:
    """Bonus and penalty after the set's caps."""
    bonus = _capped((b.points for b in sub.bonus), cs.bonus.max if cs.bonus else ZERO)
    penalty = _capped((p.points for p in sub.penalty), cs.penalty.max if cs.penalty else ZERO)
    return bonus, penalty


def score_leaves(cs: CriteriaSet, sub: Submission, ids: Iterable[str]) -> dict[str, LeafScore]:
    """A few leaves' scores by id, without the totals: their `final` and `na` are those of
    `score_submission` (not `counted`, which depends on every survey item)."""
    wanted = set(ids)
    return {
        leaf.id: score_leaf(sub, leaf, provisional=False) for leaf in cs.leaves if leaf.id in wanted
    }


def classify(cs: CriteriaSet, index: Decimal | None, *, places: int) -> str | None:
    """The class for an index as published (rounded), highest threshold first."""
    if index is None:
        return None
    shown = quantize(index, places)
    for band in sorted(cs.classes, key=lambda band: band.min, reverse=True):
        if shown >= band.min:
            return band.name
    return None


def rank_cards(cards: Iterable[ScoreCard], *, places: int = 2) -> list[Ranked]:
    """Dense ranking on the index as published: equal shown indices share a rank."""
    scored = [c for c in cards if c.index is not None]
    unranked = [c for c in cards if c.index is None]
    scored.sort(key=lambda c: (-quantize(c.index or ZERO, places), c.agency_name, c.agency_id))
    out: list[Ranked] = []
    rank = 0
    previous: Decimal | None = None
    for card in scored:
        shown = quantize(card.index or ZERO, places)
        if shown != previous:
            rank += 1
            previous = shown
        out.append(Ranked(rank, card))
    out.extend(Ranked(None, card) for card in sorted(unranked, key=lambda c: c.agency_name))
    return out


def average_index(ranked: Iterable[Ranked], *, places: int) -> Decimal | None:
    """The mean of the published (rounded) indices of the agencies that have one, as a
    decision reports a group's average; None when none has."""
    shown = [quantize(r.card.index, places) for r in ranked if r.card.index is not None]
    return sum(shown, ZERO) / len(shown) if shown else None


def score_leaf(sub: Submission, leaf: Leaf, *, provisional: bool) -> LeafScore:
    """One leaf's scores, as its score card has them (`provisional`: is_provisional)."""
    entry = sub.items.get(leaf.id, _NO_ENTRY)
    r1 = sub.appraisal.round1.get(leaf.id)
    r2 = sub.appraisal.round2.get(leaf.id)
    # An appraisal score on an item the department called not applicable overrules the claim:
    # the appraisers found that the task did arise, so the item counts with their score.
    na = _na_reason(leaf, sub) if r1 is None and r2 is None else None
    survey = sub.survey.get(leaf.id) if leaf.method == "survey" else None
    outcome = evaluate(leaf, entry) if leaf.method == "self" and na is None else None
    computed = outcome.points if outcome is not None else None
    self_score = entry.self_ if entry.self_ is not None else computed
    if leaf.method == "self":
        self_score = self_score if na is None else None
        # The latest score that exists: appraisal round 2, else round 1, else the self score.
        latest = next(
            (
                s
                for s in (r2.score if r2 else None, r1.score if r1 else None, self_score)
                if s is not None
            ),
            None,
        )
        final = None if na is not None else (latest if latest is not None else ZERO)
        counted = na is None
    else:
        self_score = None
        final = None if na is not None else survey
        counted = na is None and not provisional
    note_source = r2 if r2 is not None else r1
    return LeafScore(
        leaf=leaf,
        self=self_score,
        round1=r1.score if r1 else None,
        round2=r2.score if r2 else None,
        survey=survey,
        computed=computed,
        computed_explain=outcome.explain if outcome is not None else Why(),
        na=na,
        owner=entry.owner or leaf.owner,
        note=entry.note,
        appraisal_note=note_source.note if note_source else None,
        final=final,
        counted=counted,
    )


def _na_reason(leaf: Leaf, sub: Submission) -> str | None:
    entry = sub.items.get(leaf.id)
    return entry.na if entry is not None and leaf.na_allowed else None


def group_score(group_id: str, title: str, leaves: Iterable[LeafScore]) -> GroupScore:
    """Points and maximum over the counted leaves (an area, a criterion, a unit's items)."""
    counted = [s for s in leaves if s.counted]
    points = sum((s.final for s in counted if s.final is not None), ZERO)
    maximum = sum((s.leaf.max for s in counted), ZERO)
    return GroupScore(
        group_id, title, points, maximum, points / maximum * HUNDRED if maximum else None
    )


def _capped(values: Iterable[Decimal], cap: Decimal) -> Decimal:
    return min(sum(values, ZERO), cap)
