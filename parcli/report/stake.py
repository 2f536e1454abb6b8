"""The plan's points at stake for the templates: display strings, as in `context`.

The progress report's section on what the plan can win back: the index now, if every
targeted item reached its maximum, if only the done tasks' items did; by area; the lost
points no task works on; the plan's target and the least-cost suggestion (a suggestion).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parcli.models import CriteriaSet
from parcli.numbers import rounded, signed
from parcli.planning import Analysis, Gap, Projection, TaskStake, group_by_area_owner
from parcli.report.plans import NO_OWNER, OUTSIDE_NOTE, SUGGESTION_NOTE
from parcli.scoring import ZERO

Context = dict[str, Any]


def task_targets(stake: TaskStake | None, cs: CriteriaSet) -> Context:
    """A task's targets as written, and the points lost on them ("" when none are)."""
    if stake is None:
        return {"targets": "", "at_stake": ""}
    lost = rounded(stake.lost, cs.decimals.points) if stake.lost else ""
    return {"targets": ", ".join(stake.task.targets), "at_stake": lost}


def stake(a: Analysis, cs: CriteriaSet) -> Context:
    pct, pts = cs.decimals.percent, cs.decimals.points
    uncovered = group_by_area_owner(a.uncovered)
    return {
        "now": rounded(a.now.index, pct),
        "all_targets": rounded(a.all_targets.index, pct),
        "done_targets": rounded(a.done_targets.index, pct),
        "all_gain": _gain(a.all_targets, a.now, pct),
        "done_gain": _gain(a.done_targets, a.now, pct),
        "estimated": bool(a.estimated),
        "provisional": a.card.provisional,
        "areas": [
            {
                "id": area.id,
                "title": area.title,
                "now": rounded(area.index, pct),
                "all_targets": rounded(a.all_targets.areas[n].index, pct),
                "done_targets": rounded(a.done_targets.areas[n].index, pct),
            }
            for n, area in enumerate(a.now.areas)
        ],
        "uncovered": [
            {
                "area": g.area_id,
                "owner": g.owner or NO_OWNER,
                "ids": ", ".join(
                    i.score.leaf.id + ("*" if i.outside_control else "") for i in g.items
                ),
                "lost": rounded(g.lost, pts),
            }
            for g in uncovered
        ],
        "uncovered_total": rounded(sum((g.lost for g in uncovered), ZERO), pts),
        "outside_note": OUTSIDE_NOTE if any(i.outside_control for i in a.uncovered) else "",
        "without_targets": ", ".join(t.task.id for t in a.without_targets),
        "at_max": ", ".join(t.task.id for t in a.chasing_won_points),
        "target": _target(a.gap, cs) if a.gap is not None else None,
    }


def _gain(p: Projection, now: Projection, places: int) -> str:
    if p.index is None or now.index is None:
        return ""
    return signed(p.index - now.index, places)


def _target(gap: Gap, cs: CriteriaSet) -> Context:
    pct, pts = cs.decimals.percent, cs.decimals.points
    wants = []
    if gap.target.index is not None:
        wants.append(f"chỉ số {rounded(gap.target.index, pct)}%")
    if gap.target.rank is not None:
        wants.append(f"hạng {gap.target.rank} (hiện hạng {gap.rank})")
    s = gap.suggestion
    return {
        "label": ", ".join(wants),
        "rank": gap.target.rank is not None,
        "note": gap.target.note or "",
        "needed": rounded(gap.needed, pct),
        "reached": gap.reached,
        "gap": rounded(max(gap.gap, Decimal(0)), pct),
        "suggestion": ", ".join(f"{i.score.leaf.id} (+{rounded(i.lost, pts)})" for i in s.items),
        "suggestion_index": rounded(s.index, pct),
        "suggestion_reached": s.reached,
        "suggestion_note": SUGGESTION_NOTE,
    }
