"""`parcli rounds`: appraisal round 1 against round 2, item by item, with the appraisers'
notes and the department's explanation between them, and what became of each explanation.

An explanation is accepted when round 2 gives back the self score (or more), partly
accepted when round 2 rises above round 1 but not to the self score, rejected when round 2
stays at round 1 or below; pending while round 2 has no decision on the item.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parcli.models import CriteriaSet, Leaf, Submission
from parcli.numbers import exact, plain, quantize
from parcli.scoring import score_submission

WIDTH = 80
OUTCOMES = {
    "accepted": "chấp nhận",
    "partly": "chấp nhận một phần",
    "rejected": "không chấp nhận",
    "pending": "chờ vòng 2",
}


@dataclass(frozen=True)
class RoundItem:
    leaf: Leaf
    self: Decimal | None
    round1: Decimal | None
    round1_note: str | None
    explanation: str | None
    evidence: int  # documents attached to the explanation
    round2: Decimal | None
    round2_note: str | None

    @property
    def outcome(self) -> str | None:
        """What became of the explanation; None without one."""
        if self.explanation is None:
            return None
        if self.round2 is None:
            return "pending"
        before = self.round1 if self.round1 is not None else self.self
        if before is None or self.round2 <= before:
            return "rejected"
        return "accepted" if self.self is None or self.round2 >= self.self else "partly"


@dataclass(frozen=True)
class AgencyRounds:
    agency_id: str
    name: str
    file: str
    criteria_set: CriteriaSet
    items: tuple[RoundItem, ...]

    def counts(self) -> Counter[str]:
        return Counter(item.outcome for item in self.items if item.outcome is not None)


def agency_rounds(cs: CriteriaSet, sub: Submission, *, file: str) -> AgencyRounds:
    """The items appraised or explained, in the criteria set's order."""
    appraisal = sub.appraisal
    selves = {s.leaf.id: s.self for s in score_submission(cs, sub).leaves}
    items = []
    for leaf in cs.leaves:
        r1, r2 = appraisal.round1.get(leaf.id), appraisal.round2.get(leaf.id)
        explanation = appraisal.explanation.get(leaf.id)
        if r1 is None and r2 is None and explanation is None:
            continue
        items.append(
            RoundItem(
                leaf,
                selves.get(leaf.id),
                r1.score if r1 else None,
                r1.note if r1 else None,
                explanation.text if explanation else None,
                len(explanation.evidence) if explanation else 0,
                r2.score if r2 else None,
                r2.note if r2 else None,
            )
        )
    return AgencyRounds(sub.agency.id, sub.agency.name, file, cs, tuple(items))


def rounds_text(agencies: Sequence[AgencyRounds]) -> str:
    if not agencies:
        return "Không có hồ sơ hợp lệ nào để xem thẩm định.\n"
    lines: list[str] = []
    for agency in agencies:
        if lines:
            lines.append("")
        lines += _wrap(f"Thẩm định — {agency.name} ({agency.agency_id}) — {agency.file}")
        for item in agency.items:
            lines += ["", *_item_lines(item, agency.criteria_set)]
        if not agency.items:
            lines += ["", "Chưa có quyết định thẩm định hay giải trình nào."]
        lines += ["", *_wrap(_counts("Giải trình", agency.counts()))]
    if len(agencies) > 1:
        total: Counter[str] = Counter()
        for agency in agencies:
            total.update(agency.counts())
        lines += ["", *_wrap(_counts(f"Cả {len(agencies)} cơ quan — giải trình", total))]
    return "\n".join(lines) + "\n"


def _item_lines(item: RoundItem, cs: CriteriaSet) -> list[str]:
    places = cs.places(item.leaf)
    steps = [f"tự chấm {_number(item.self, places)}", f"vòng 1: {_number(item.round1, places)}"]
    if item.round2 is not None or item.explanation is not None:
        steps.append(f"vòng 2: {_number(item.round2, places)}")
    outcome = f" — {OUTCOMES[item.outcome]}" if item.outcome else ""
    lines = _wrap(f"{item.leaf.id}  {item.leaf.title} (tối đa {plain(item.leaf.max)})")
    lines += _wrap(" → ".join(steps) + outcome, indent="  ")
    for label, text in (
        ("Nhận xét vòng 1", item.round1_note),
        ("Giải trình", item.explanation),
        ("Nhận xét vòng 2", item.round2_note),
    ):
        if text:
            extra = (
                f" ({item.evidence} tài liệu)" if label == "Giải trình" and item.evidence else ""
            )
            lines += _wrap(f"{label}: {text}{extra}", indent="  ")
    return lines


def _counts(what: str, counts: Counter[str]) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{SHORT.get(key, OUTCOMES[key])} {counts[key]}" for key in OUTCOMES)
    return f"{what} {total} mục: {parts}"


SHORT = {"partly": "một phần"}


def rounds_json(agencies: Sequence[AgencyRounds]) -> str:
    payload = {
        "agencies": [
            {
                "id": agency.agency_id,
                "name": agency.name,
                "file": agency.file,
                "counts": {key: agency.counts()[key] for key in OUTCOMES},
                "items": [
                    {
                        "item": item.leaf.id,
                        "title": item.leaf.title,
                        "max": exact(item.leaf.max),
                        "self": exact(item.self),
                        "round1": {"score": exact(item.round1), "note": item.round1_note},
                        "explanation": {"text": item.explanation, "evidence": item.evidence}
                        if item.explanation is not None
                        else None,
                        "round2": {"score": exact(item.round2), "note": item.round2_note},
                        "outcome": item.outcome,
                    }
                    for item in agency.items
                ],
            }
            for agency in agencies
        ]
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _number(value: Decimal | None, places: int) -> str:
    return "—" if value is None else plain(quantize(value, places))


def _wrap(text: str, *, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
