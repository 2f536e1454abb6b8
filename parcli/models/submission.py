"""The submission: one agency's self-scores, evidence, appraisal, survey results and plan."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from parcli.models.types import (
    ITEM_KEYS_ONLY,
    AgencyId,
    Answer,
    CriteriaId,
    InputName,
    ItemId,
    ItemKey,
    Model,
    Name,
    NonNegative,
    Percent,
    Positive,
    Status,
    Text,
    empty_if_none,
)


class Evidence(Model):
    """A document that proves a score (tài liệu kiểm chứng)."""

    ref: Text | None = None
    date: dt.date | None = None
    title: Text
    issuer: Text | None = None
    file: Text | None = None
    url: Text | None = None
    at: Text | None = None


EvidenceList = Annotated[list[Evidence], empty_if_none(list)]


class ItemEntry(Model):
    self_: Annotated[NonNegative | None, Field(alias="self")] = None
    level: Text | None = None
    inputs: Annotated[dict[InputName, NonNegative], empty_if_none(dict)] = {}
    answer: Answer | None = None
    evidence: EvidenceList = []
    note: Text | None = None
    owner: Text | None = None
    na: Text | None = None


class Adjustment(Model):
    points: Positive
    reason: Text
    evidence: EvidenceList = []


class Decision(Model):
    score: NonNegative
    note: Text | None = None


class Explanation(Model):
    text: Text
    evidence: EvidenceList = []


class Appraisal(Model):
    round1: Annotated[dict[ItemKey, Decision], empty_if_none(dict), ITEM_KEYS_ONLY] = {}
    explanation: Annotated[dict[ItemKey, Explanation], empty_if_none(dict), ITEM_KEYS_ONLY] = {}
    round2: Annotated[dict[ItemKey, Decision], empty_if_none(dict), ITEM_KEYS_ONLY] = {}


class Agency(Model):
    id: AgencyId
    name: Text


class PlanTask(Model):
    id: Name
    area: Name
    section: Name | None = None  # the plan's own section (group of tasks); default: its area
    task: Text
    # The items the task works on: leaves, or criteria meaning all their leaves.
    targets: Annotated[list[ItemId], empty_if_none(list)] = []
    owner: Text | None = None
    due: dt.date | None = None
    status: Status = "not_started"
    done_on: dt.date | None = None
    note: Text | None = None
    evidence: EvidenceList = []


class PlanTarget(Model):
    """What the plan aims for: an index (%), a rank among the agencies ranked with it, or both."""

    index: Percent | None = None
    rank: Annotated[int, Field(ge=1)] | None = None
    note: Text | None = None


class Submission(Model):
    format: Literal["parcli/submission/1"]
    criteria_id: Annotated[CriteriaId, Field(alias="criteria")]  # the id of its criteria set
    agency: Agency
    items: Annotated[dict[ItemKey, ItemEntry], empty_if_none(dict), ITEM_KEYS_ONLY] = {}
    bonus: Annotated[list[Adjustment], empty_if_none(list)] = []
    penalty: Annotated[list[Adjustment], empty_if_none(list)] = []
    appraisal: Annotated[Appraisal, empty_if_none(Appraisal)] = Appraisal()
    survey: Annotated[dict[ItemKey, NonNegative], empty_if_none(dict), ITEM_KEYS_ONLY] = {}
    plan_target: PlanTarget | None = None
    plan: Annotated[list[PlanTask], empty_if_none(list)] = []
    # Đề xuất, kiến nghị of the progress report: one paragraph each
    recommendations: Annotated[list[Text], empty_if_none(list)] = []
