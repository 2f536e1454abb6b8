"""The plan's points at stake for the templates: display strings, in the document's notation.

The progress report's section on what the plan can win back: the index now, if every
targeted item reached its maximum, if only the done tasks' items did; by area; the lost
points no task works on; the plan's target and the least-cost suggestion (a suggestion).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parcli.numbers import Display, signed
from parcli.planning import Analysis, Gap, Projection, TaskStake, group_by_area_owner
from parcli.report.plans import OUTSIDE_NOTE, SUGGESTION_NOTE
from parcli.report.tasks import NO_OWNER
from parcli.scoring import ZERO

Context = dict[str, Any]


def task_targets(stake: TaskStake | None, d: Display) -> Context:
    """A task's targets as written, and the points lost on them ("" when none are)."""
    if stake is None:
        return {"targets": "", "stake": ""}
    return {
        "targets": ", ".join(stake.task.targets),
        "stake": d.pts(stake.lost) if stake.lost else "",
    }


def stake(a: Analysis, d: Display) -> Context:
    uncovered = group_by_area_owner(a.uncovered)
    return {
        "now": d.pct(a.now.index),
        "all_targets": d.pct(a.all_targets.index),
        "done_targets": d.pct(a.done_targets.index),
        "all_gain": _gain(a.all_targets, a.now, d),
        "done_gain": _gain(a.done_targets, a.now, d),
        "estimated": bool(a.estimated),
        "provisional": a.card.provisional,
        "areas": [
            {
                "id": area.id,
                "title": area.title,
                "now": d.pct(area.index),
                "all_targets": d.pct(a.all_targets.areas[n].index),
                "done_targets": d.pct(a.done_targets.areas[n].index),
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
                "lost": d.pts(g.lost),
            }
            for g in uncovered
        ],
        "uncovered_total": d.pts(sum((g.lost for g in uncovered), ZERO)),
        "outside_note": OUTSIDE_NOTE if any(i.outside_control for i in a.uncovered) else "",
        "without_targets": ", ".join(t.task.id for t in a.without_targets),
        "at_max": ", ".join(t.task.id for t in a.chasing_won_points),
        "target": _target(a.gap, d) if a.gap is not None else None,
    }


def _gain(p: Projection, now: Projection, d: Display) -> str:
    if p.index is None or now.index is None:
        return ""
    return signed(p.index - now.index, d.percent, d.notation)


def _target(gap: Gap, d: Display) -> Context:
    wants = []
    if gap.target.index is not None:
        wants.append(f"chỉ số {d.pct(gap.target.index)}%")
    if gap.target.rank is not None:
        wants.append(f"hạng {gap.target.rank} (hiện hạng {gap.rank})")
    s = gap.suggestion
    return {
        "label": ", ".join(wants),
        "rank": gap.target.rank is not None,
        "note": gap.target.note or "",
        "needed": d.pct(gap.needed),
        "reached": gap.reached,
        "gap": d.pct(max(gap.gap, Decimal(0))),
        "suggestion": ", ".join(f"{i.score.leaf.id} (+{d.pts(i.lost)})" for i in s.items),
        "suggestion_index": d.pct(s.index),
        "suggestion_reached": s.reached,
        "suggestion_note": SUGGESTION_NOTE,
    }
