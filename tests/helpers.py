"""Building models straight from YAML text, for tests of the pure core."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from parcli.check.criteria import check_criteria
from parcli.loading import parse_text
from parcli.models import CriteriaSet, Submission
from tests.conftest import MINI_CRITERIA, REPO


def load_data(text: str) -> Any:
    doc, problems = parse_text(textwrap.dedent(text), file="t.yaml", path=Path("t.yaml"))
    assert doc is not None, problems
    return doc.data


def criteria_from(text: str) -> CriteriaSet:
    doc, problems = parse_text(textwrap.dedent(text), file="c.yaml", path=Path("c.yaml"))
    assert doc is not None, problems
    cs = CriteriaSet.model_validate(doc.data)
    assert [p for p in check_criteria(doc, cs) if p.is_error] == []
    return cs


def mini() -> CriteriaSet:
    return criteria_from(MINI_CRITERIA)


def bundled_2026() -> CriteriaSet:
    return criteria_from((REPO / "criteria" / "2026.yaml").read_text(encoding="utf-8"))


def submission(text: str, *, criteria: str = "mini") -> Submission:
    data = load_data(text)
    data.setdefault("format", "parcli/submission/1")
    data.setdefault("criteria", criteria)
    data.setdefault("agency", {"id": "so-a", "name": "Sở A"})
    return Submission.model_validate(data)


def built(cs: CriteriaSet, data: dict[str, Any]) -> Submission:
    """A submission of agency `x` against `cs` from generated sections (property tests)."""
    return Submission.model_validate(
        {
            "format": "parcli/submission/1",
            "criteria": cs.id,
            "agency": {"id": "x", "name": "X"},
            **data,
        }
    )
