"""The criteria set: areas → criteria → sub-criteria, each leaf with its maximum and rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from parcli.models.types import (
    CriteriaId,
    GroupId,
    InputName,
    ItemId,
    Method,
    Model,
    Negative,
    NonNegative,
    Points,
    Positive,
    RuleKind,
    Text,
    Was,
)
from parcli.problems import KeyPath


class Level(Model):
    label: Text
    points: Points


class Band(Model):
    min: NonNegative
    points: Points


# The keys that tell a rule's kind: written, each must say something.
_KIND_KEYS = (
    "levels",
    "percent_of",
    "count_of",
    "bands",
    "ratio_of",
    "check",
    "step",
    "per",
    "points",
    "cap",
)


def _no_empty_kind_keys(schema: dict[str, Any]) -> None:
    """Editors flag `levels:` left empty, as `parcli validate` does (`_written_empty`)."""
    for key in _KIND_KEYS:
        field = schema["properties"][key]
        field["anyOf"] = [b for b in field.get("anyOf", []) if b != {"type": "null"}]
        if len(field["anyOf"]) == 1:
            field.update(field.pop("anyOf")[0])
        field.pop("default", None)


class Rule(Model):
    """A leaf's scale made executable. The kind is told by its keys or by `kind:`."""

    model_config = ConfigDict(**Model.model_config, json_schema_extra=_no_empty_kind_keys)

    kind: RuleKind | None = None
    levels: Annotated[list[Level], Field(min_length=1)] | None = None
    percent_of: tuple[InputName, InputName] | None = None
    count_of: InputName | None = None
    bands: Annotated[list[Band], Field(min_length=1)] | None = None
    ratio_of: tuple[InputName, InputName] | None = None
    check: Text | None = None
    step: Positive | None = None
    per: InputName | None = None
    points: Negative | None = None
    cap: Positive | None = None  # 0 would never deduct: the leaf always at its maximum
    # What each input is, in Vietnamese, for every report and message that names it:
    # {dossiers_reused: hồ sơ tái sử dụng dữ liệu, dossiers_received: hồ sơ tiếp nhận}
    labels: dict[InputName, Text] | None = None

    @field_validator(*_KIND_KEYS, mode="before")
    @classmethod
    def _written_empty(cls, value: object) -> object:
        """`levels:` with nothing after it would read as no key at all, and the leaf as a
        manual item taking any score: a rule's key is refused when left empty."""
        if value is None:
            raise PydanticCustomError("empty_value", "empty")
        return value

    def label(self, name: str) -> str:
        """The input's Vietnamese label; its key while the set gives none."""
        return (self.labels or {}).get(name, name)

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


class _Item(Model):
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
    was: Was | None = None  # its id in the previous year's set, or "none" for a new item


class SubCriterion(_Item):
    pass


class Criterion(_Item):
    sub_criteria: Annotated[list[SubCriterion], Field(min_length=1)] | None = None


class Area(Model):
    id: ItemId
    title: Text
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    was: Was | None = None


class AgencyGroup(Model):
    """The group of agencies a set assesses and ranks on its own (nhóm: sở, ban, ngành; xã)."""

    id: GroupId
    title: Text


class Period(Model):
    start: dt.date
    end: dt.date


class Scale(Model):
    total: NonNegative
    self_: Annotated[NonNegative, Field(alias="self")]
    survey: NonNegative


class Expect(Model):
    areas: Annotated[int, Field(ge=1)]
    criteria: Annotated[int, Field(ge=1)]
    sub_criteria: Annotated[int, Field(ge=0)]


class Decimals(Model):
    points: Annotated[int, Field(ge=0, le=6)] = 2
    percent: Annotated[int, Field(ge=0, le=6)] = 2


class ClassBand(Model):
    name: Text
    min: Annotated[NonNegative, Field(le=100)]  # an index is a percentage


class Cap(Model):
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
    was: str | None = None  # `was:` as written: an id of the previous year's set, or "none"

    @property
    def rule_kind(self) -> RuleKind:
        return self.rule.resolved_kind if self.rule is not None else "manual"


class CriteriaSet(Model):
    format: Literal["parcli/criteria/1"]
    id: CriteriaId
    title: Text
    group: AgencyGroup | None = None
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None
    basis: Text | None = None
    note: Text | None = None
    period: Period
    scale: Scale
    expect: Expect | None = None
    decimals: Decimals = Decimals()
    classes: Annotated[list[ClassBand], Field(min_length=1)]
    bonus: Cap | None = None
    penalty: Cap | None = None
    # Items of the previous year's set no longer assessed (dropped or merged into another).
    dropped: list[ItemId] = []
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

    @property
    def group_id(self) -> str | None:
        """The id of the agency group the set ranks (None: a set that names no group)."""
        return self.group.id if self.group is not None else None

    @property
    def assessed_year(self) -> int:
        """The year the set assesses: its `year`, else the year its period starts."""
        return self.year if self.year is not None else self.period.start.year

    @cached_property
    def parent_ids(self) -> frozenset[str]:
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
        was=item.was,
    )
