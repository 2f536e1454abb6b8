"""Pydantic models of the criteria set and the submission: the files' shape, typed from text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from parcli.problems import KeyPath

CRITERIA_FORMAT = "parcli/criteria/1"
SUBMISSION_FORMAT = "parcli/submission/1"


def _empty_if_none(empty: type) -> BeforeValidator:
    """`items:` with nothing under it means "none yet", not an error."""
    return BeforeValidator(lambda value: empty() if value is None else value)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ItemId = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[1-9][0-9]*(\.[1-9][0-9]*)*$")
]
InputName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
# Numbers as people write them: ASCII digits, one optional sign and point, an optional
# exponent. Python's Decimal would also take "0_5" (as 5), full-width or Arabic-Indic digits.
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# Scores, maxima and counts of this domain are far inside this; beyond it a value is a typo
# (and 1e999999999 would make exact arithmetic and printing run away).
_DIGITS = 10  # whole-number digits: up to 9,999,999,999
_SMALLEST_PLACE = -12


def _plain_number(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not _NUMBER.match(text):
        raise PydanticCustomError("decimal_parsing", "not a number")
    number = Decimal(text)
    exponent = number.as_tuple().exponent
    # adjusted() reads the magnitude without arithmetic, which would overflow on 1e999999999
    if number.adjusted() >= _DIGITS or (isinstance(exponent, int) and exponent < _SMALLEST_PLACE):
        raise PydanticCustomError(
            "number_range",
            "số {value} nằm ngoài khoảng parcli nhận (tối đa 10 chữ số phần nguyên, 12 chữ số thập phân); "
            "hãy kiểm tra lại",
            {"value": text[:40]},
        )
    return number


# Constraints come before the text check so that they also reach the JSON Schemas.
_TEXT = BeforeValidator(_plain_number)
Points = Annotated[Decimal, Field(allow_inf_nan=False), _TEXT]
NonNegative = Annotated[Decimal, Field(ge=0, allow_inf_nan=False), _TEXT]
Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False), _TEXT]
Negative = Annotated[Decimal, Field(lt=0, allow_inf_nan=False), _TEXT]
Method = Literal["self", "survey"]
RuleKind = Literal["levels", "bands", "ratio", "check", "manual", "deduction"]
Answer = Literal["có", "không", "yes", "no"]
Status = Literal["not_started", "in_progress", "done", "cancelled"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# ---------------------------------------------------------------- criteria set


class Level(_Model):
    label: Text
    points: Points


class Band(_Model):
    min: NonNegative
    points: Points


class Rule(_Model):
    """A leaf's scale made executable. The kind is told by its keys or by `kind:`."""

    kind: RuleKind | None = None
    levels: list[Level] | None = None
    percent_of: tuple[InputName, InputName] | None = None
    count_of: InputName | None = None
    bands: list[Band] | None = None
    ratio_of: tuple[InputName, InputName] | None = None
    check: Text | None = None
    step: Positive | None = None
    per: InputName | None = None
    points: Negative | None = None
    cap: NonNegative | None = None

    def kinds_present(self) -> list[RuleKind]:
        """Every kind whose keys appear; a well-formed rule has exactly one."""
        found: list[RuleKind] = []
        if self.levels is not None:
            found.append("levels")
        if self.bands is not None or self.percent_of is not None or self.count_of is not None:
            found.append("bands")
        if self.ratio_of is not None:
            found.append("ratio")
        if self.check is not None:
            found.append("check")
        if self.per is not None or self.points is not None or self.cap is not None:
            found.append("deduction")
        if self.step is not None:
            found.append("manual")
        return found

    @property
    def resolved_kind(self) -> RuleKind:
        if self.kind is not None:
            return self.kind
        present = self.kinds_present()
        return present[0] if len(present) == 1 else "manual"

    def inputs_needed(self) -> tuple[str, ...]:
        kind = self.resolved_kind
        if kind == "bands":
            return self.percent_of or ((self.count_of,) if self.count_of else ())
        if kind == "ratio":
            return self.ratio_of or ()
        if kind == "deduction":
            return (self.per,) if self.per else ()
        return ()


class _Item(_Model):
    id: ItemId
    title: Text
    max: NonNegative | None = None
    text: Text | None = None
    method: Method = "self"
    rule: Rule | None = None
    owner: Text | None = None
    na: Literal["allowed"] | None = None
    evidence: Literal["required"] | None = None
    decimals: Annotated[int, Field(ge=0, le=6)] | None = None


class SubCriterion(_Item):
    pass


class Criterion(_Item):
    sub_criteria: Annotated[list[SubCriterion], Field(min_length=1)] | None = None


class Area(_Model):
    id: ItemId
    title: Text
    criteria: Annotated[list[Criterion], Field(min_length=1)]


class Period(_Model):
    start: dt.date
    end: dt.date


class Scale(_Model):
    total: NonNegative
    self_: Annotated[NonNegative, Field(alias="self")]
    survey: NonNegative


class Expect(_Model):
    areas: Annotated[int, Field(ge=1)]
    criteria: Annotated[int, Field(ge=1)]
    sub_criteria: Annotated[int, Field(ge=0)]


class Decimals(_Model):
    points: Annotated[int, Field(ge=0, le=6)] = 2
    percent: Annotated[int, Field(ge=0, le=6)] = 2


class ClassBand(_Model):
    name: Text
    min: NonNegative


class Cap(_Model):
    max: NonNegative


@dataclass(frozen=True)
class Leaf:
    """A scored item of the set, flattened with its place in the tree."""

    id: str
    title: str
    area_id: str
    criterion_id: str
    max: Decimal
    text: str
    method: Method
    rule: Rule | None
    owner: str | None
    na_allowed: bool
    evidence_required: bool
    decimals: int | None
    path: KeyPath

    @property
    def rule_kind(self) -> RuleKind:
        return self.rule.resolved_kind if self.rule is not None else "manual"


class CriteriaSet(_Model):
    format: Literal["parcli/criteria/1"]
    id: Text
    title: Text
    basis: Text | None = None
    note: Text | None = None
    period: Period
    scale: Scale
    expect: Expect | None = None
    decimals: Decimals = Decimals()
    classes: Annotated[list[ClassBand], Field(min_length=1)]
    bonus: Cap | None = None
    penalty: Cap | None = None
    areas: Annotated[list[Area], Field(min_length=1)]

    @cached_property
    def leaves(self) -> tuple[Leaf, ...]:
        """Every scored item, in the set's order. Only meaningful once the set is validated."""
        out: list[Leaf] = []
        for a, area in enumerate(self.areas):
            for c, criterion in enumerate(area.criteria):
                path: KeyPath = ("areas", a, "criteria", c)
                if criterion.sub_criteria:
                    for s, sub in enumerate(criterion.sub_criteria):
                        out.append(_leaf(sub, area.id, criterion.id, (*path, "sub_criteria", s)))
                else:
                    out.append(_leaf(criterion, area.id, criterion.id, path))
        return tuple(out)

    def places(self, leaf: Leaf) -> int:
        """Display decimals of a leaf's points: its own `decimals`, else the set's."""
        return leaf.decimals if leaf.decimals is not None else self.decimals.points

    @cached_property
    def leaf_by_id(self) -> dict[str, Leaf]:
        return {leaf.id: leaf for leaf in self.leaves}

    @cached_property
    def area_by_id(self) -> dict[str, Area]:
        return {area.id: area for area in self.areas}

    @cached_property
    def group_ids(self) -> frozenset[str]:
        """Ids of areas and of criteria that have sub-criteria: never scored directly."""
        ids = {area.id for area in self.areas}
        ids.update(c.id for area in self.areas for c in area.criteria if c.sub_criteria)
        return frozenset(ids)


def _leaf(item: _Item, area_id: str, criterion_id: str, path: KeyPath) -> Leaf:
    return Leaf(
        id=item.id,
        title=item.title,
        area_id=area_id,
        criterion_id=criterion_id,
        max=item.max if item.max is not None else Decimal(0),
        text=item.text or "",
        method=item.method,
        rule=item.rule,
        owner=item.owner,
        na_allowed=item.na == "allowed",
        evidence_required=item.evidence == "required",
        decimals=item.decimals,
        path=path,
    )


# ---------------------------------------------------------------- submission


class Evidence(_Model):
    """A document that proves a score (tài liệu kiểm chứng)."""

    ref: Text | None = None
    date: dt.date | None = None
    title: Text
    issuer: Text | None = None
    file: Text | None = None
    url: Text | None = None
    at: Text | None = None


EvidenceList = Annotated[list[Evidence], _empty_if_none(list)]


class ItemEntry(_Model):
    self_: Annotated[NonNegative | None, Field(alias="self")] = None
    level: Text | None = None
    inputs: Annotated[dict[InputName, NonNegative], _empty_if_none(dict)] = {}
    answer: Answer | None = None
    evidence: EvidenceList = []
    note: Text | None = None
    owner: Text | None = None
    na: Text | None = None


class Adjustment(_Model):
    points: Positive
    reason: Text
    evidence: EvidenceList = []


class Decision(_Model):
    score: NonNegative
    note: Text | None = None


class Explanation(_Model):
    text: Text
    evidence: EvidenceList = []


class Appraisal(_Model):
    round1: Annotated[dict[str, Decision], _empty_if_none(dict)] = {}
    explanation: Annotated[dict[str, Explanation], _empty_if_none(dict)] = {}
    round2: Annotated[dict[str, Decision], _empty_if_none(dict)] = {}


class Agency(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Text


class PlanTask(_Model):
    id: Text
    area: Text
    task: Text
    owner: Text | None = None
    due: dt.date | None = None
    status: Status = "not_started"
    done_on: dt.date | None = None
    note: Text | None = None
    evidence: EvidenceList = []


class Submission(_Model):
    format: Literal["parcli/submission/1"]
    criteria: Text
    agency: Agency
    items: Annotated[dict[str, ItemEntry], _empty_if_none(dict)] = {}
    bonus: Annotated[list[Adjustment], _empty_if_none(list)] = []
    penalty: Annotated[list[Adjustment], _empty_if_none(list)] = []
    appraisal: Annotated[Appraisal, _empty_if_none(Appraisal)] = Appraisal()
    survey: Annotated[dict[str, NonNegative], _empty_if_none(dict)] = {}
    plan: Annotated[list[PlanTask], _empty_if_none(list)] = []


def answer_is_yes(answer: str) -> bool:
    return answer in ("có", "yes")
