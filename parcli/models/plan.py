"""The plan file: the texts of a department's Kế hoạch cải thiện Chỉ số CCHC and its sections.

The plan's tasks and their progress live in the submission (`plan:`); this file holds what
only the plan document prints: its basis, purpose, requirements, the titles of the task
groups of its section II, and how it is organised.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from parcli.models.types import AgencyId, CriteriaId, Model, Text, empty_if_none

PLAN_FORMAT = "parcli/plan/1"
Paragraphs = Annotated[list[Text], empty_if_none(list)]


class PlanSection(Model):
    """A group of tasks in section II; its id is what a task's `section:` names."""

    id: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.]*$")]
    title: Text
    text: Paragraphs = []  # the group's own paragraphs, printed before its tasks


class PlanFile(Model):
    format: Literal["parcli/plan/1"]
    agency: AgencyId  # the agency whose plan this is
    criteria: CriteriaId  # the criteria set (year) it plans for
    date: dt.date | None = None  # the day the plan is issued; default: --as-of
    title: Text | None = None  # default: Cải thiện Chỉ số CCHC (PAR INDEX) của <agency> năm N
    basis: Text | None = None  # the opening paragraph: "Thực hiện …"
    purpose: Paragraphs = []
    requirements: Paragraphs = []
    sections: Annotated[list[PlanSection], empty_if_none(list)] = []
    organisation: Paragraphs = []
    closing: Text | None = None  # the last sentence of section III
