"""What moved a score, line by line: for any two versions of a submission, the points and the
maximum before plus the effects of the lines equal those after, and class and provisional
state are lines exactly when they moved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from parcli.git.effects import score_lines
from parcli.git.snapshot import Version
from parcli.models import CriteriaSet, Submission
from tests.conftest import MINI_CRITERIA

CS = CriteriaSet.model_validate(YAML(typ="base").load(MINI_CRITERIA))
HALVES = st.sampled_from(["0", "0.5", "1"])


@st.composite
def submissions(draw: Any) -> Submission:
    items: dict[str, Any] = {}
    if draw(st.booleans()):
        items["1.1.1"] = {"self": draw(HALVES)}
    if draw(st.booleans()):
        items["1.1.2"] = {"inputs": {"done": str(draw(st.integers(0, 20))), "planned": "20"}}
    if draw(st.booleans()):
        items["2.1"] = draw(
            st.sampled_from(
                [{"na": "Không có thủ tục"}, {"inputs": {"on_time": "9", "total": "10"}}]
            )
        )
    appraisal: dict[str, Any] = {}
    for name in ("round1", "round2"):
        if draw(st.booleans()):
            appraisal[name] = {draw(st.sampled_from(["1.1.1", "2.1"])): {"score": draw(HALVES)}}
    data: dict[str, Any] = {
        "format": "parcli/submission/1",
        "criteria": "mini",
        "agency": {"id": "so-a", "name": "Sở A"},
        "items": items,
        "appraisal": appraisal,
        "bonus": [{"points": draw(st.sampled_from(["0.5", "1.5"])), "reason": "x"}]
        if draw(st.booleans())
        else [],
        "penalty": [{"points": "3", "reason": "x"}] if draw(st.booleans()) else [],
    }
    if draw(st.booleans()):
        data["survey"] = {"1.2": draw(HALVES)}
    return Submission.model_validate(data)


def version(sub: Submission | None, cs: CriteriaSet = CS) -> Version:
    if sub is None:
        return Version(None)
    return Version("submissions/so-a.yaml", str(id(sub)), "so-a.yaml", cs, sub)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.none() | submissions(), st.none() | submissions(), st.booleans())
def test_the_lines_reconcile_the_totals(
    old: Submission | None, new: Submission | None, threshold: bool
) -> None:
    # The newer side may score against a set whose classes moved.
    cs = CS.model_copy(
        update={"classes": [c.model_copy(update={"min": c.min + 5}) for c in CS.classes]}
    )
    before, after = version(old), version(new, cs if threshold else CS)
    lines = score_lines(before, after, rank_before=None, rank_after=None)
    b, a = before.card, after.card
    zero = Decimal(0)
    points = sum((line.points for line in lines), zero)
    maximum = sum((line.max for line in lines), zero)
    assert (b.points if b else zero) + points == (a.points if a else zero)
    assert (b.max if b else zero) + maximum == (a.max if a else zero)
    fields = [line.field for line in lines if line.item is None]
    assert ("class" in fields) == ((b.class_name if b else None) != (a.class_name if a else None))
    moved = b is not None and a is not None and b.provisional != a.provisional
    assert ("provisional" in fields) == moved
    if old is not None and new is not None and old == new and not threshold:
        assert lines == []
