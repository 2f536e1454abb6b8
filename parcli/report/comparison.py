"""Year against year for machines and documents: `parcli compare --format json`, and the
"So với năm trước" section of the progress report (display strings, like report/context.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parcli.check.previous import LastYear
from parcli.compare import Comparison, ItemComparison, Standing
from parcli.models import Leaf
from parcli.numbers import MACHINE, NONE_SHOWN, Display, Notation, exact, rounded, signed
from parcli.report.context import display_for
from parcli.scoring import PROVISIONAL_NOTE, LeafScore, ScoreCard

# ---------------------------------------------------------------- JSON


def comparisons_json(
    comparisons: Sequence[Comparison],
    *,
    only_new: Sequence[ScoreCard] = (),
    only_old: Sequence[ScoreCard] = (),
) -> str:
    payload = {
        "comparisons": [comparison_record(c) for c in comparisons],
        "only_new": [_agency(card) for card in only_new],
        "only_old": [_agency(card) for card in only_old],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def comparison_record(c: Comparison) -> dict[str, Any]:
    return {
        "agency": {"id": c.agency_id, "name": c.agency_name},
        "old": _standing(c.old),
        "new": _standing(c.new),
        "change": {
            "points": exact(c.new.points - c.old.points),
            "index": exact(_minus(c.new.index, c.old.index)),
            "rank": rank_change(c.old, c.new),
        },
        "areas": [
            {
                "id": a.id,
                "title": a.title,
                "old_id": a.old_id,
                "old_index": exact(a.old_index),
                "new_index": exact(a.new_index),
                "change": exact(a.change),
            }
            for a in c.areas
        ],
        "items": [
            {
                "id": i.new.leaf.id,
                "old_id": i.old.leaf.id,
                "title": i.new.leaf.title,
                "old": _leaf(i.old),
                "new": _leaf(i.new),
                "change": exact(i.change),
                "max_changed": i.max_changed,
                "lost_both": i.lost_both,
            }
            for i in c.items
        ],
        "lost_both": [i.new.leaf.id for i in c.lost_both],
        "new_items": [_leaf_only(s.leaf) for s in c.new_items],
        "dropped_items": [{**_leaf_only(s.leaf), **_leaf(s)} for s in c.dropped_items],
    }


def rank_change(old: Standing, new: Standing) -> int | None:
    """Places gained (negative: lost); None unless ranked both years."""
    if old.rank is None or new.rank is None:
        return None
    return old.rank - new.rank


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _standing(s: Standing) -> dict[str, Any]:
    return {
        "file": s.file,
        "criteria": s.criteria_id,
        "year": s.year,
        "points": exact(s.points),
        "max": exact(s.max),
        "index": exact(s.index),
        "rank": s.rank,
        "ranked": s.ranked,
        "class": s.class_name,
        "provisional": s.provisional,
    }


def _leaf(s: LeafScore) -> dict[str, Any]:
    return {"points": exact(s.final), "max": exact(s.leaf.max), "counted": s.counted}


def _leaf_only(leaf: Leaf) -> dict[str, Any]:
    return {"id": leaf.id, "title": leaf.title, "max": exact(leaf.max)}


def _agency(card: ScoreCard) -> dict[str, Any]:
    return {"id": card.agency_id, "name": card.agency_name, "file": card.file}


# ---------------------------------------------------------------- documents


def section(c: Comparison, *, notation: Notation = MACHINE) -> dict[str, Any]:
    """The progress report's "So với năm trước" (and `parcli compare`'s tables): every value
    a display string, in `notation` (documents: the workspace's; the terminal: a dot)."""
    d = display_for(c.new_set, notation)
    old_d = display_for(c.old_set, notation)
    items = max(d.items, old_d.items)  # one precision for the items of both years
    return {
        "old_year": str(c.old.year),
        "new_year": str(c.new.year),
        "old_file": c.old.file,
        "total": {
            "old_points": d.pts(c.old.points),
            "new_points": d.pts(c.new.points),
            "old_max": d.max(c.old.max),
            "new_max": d.max(c.new.max),
            "old_index": d.pct(c.old.index) + ("*" if c.old.provisional else ""),
            "new_index": d.pct(c.new.index) + ("*" if c.new.provisional else ""),
            "change": _signed(_minus(c.new.index, c.old.index), d.percent, notation),
            "old_rank": _rank(c.old),
            "new_rank": _rank(c.new),
            "rank_change": rank_text(rank_change(c.old, c.new)),
            "old_class": c.old.class_name or NONE_SHOWN,
            "new_class": c.new.class_name or NONE_SHOWN,
            "provisional": c.old.provisional or c.new.provisional,
        },
        "provisional_note": PROVISIONAL_NOTE if c.old.provisional or c.new.provisional else "",
        "areas": [
            {
                "id": a.id,
                "title": a.title,
                "old_id": a.old_id or "",
                "old_index": d.pct(a.old_index),
                "new_index": d.pct(a.new_index),
                "change": _signed(a.change, d.percent, notation),
            }
            for a in c.areas
        ],
        "changed": [_item(i, d, items) for i in c.changed],
        "lost_both": [_item(i, d, items) for i in c.lost_both],
        "new_items": [_named(s.leaf, d) for s in c.new_items],
        "dropped_items": [_named(s.leaf, d) for s in c.dropped_items],
    }


def previous_section(
    previous: LastYear | None, comparison: Comparison | None, *, notation: Notation = MACHINE
) -> dict[str, Any]:
    """The section when last year's submission was found: its comparison, or why there is
    none (`error`); `{}` when there is no previous year to speak of."""
    if previous is None:
        return {}
    if comparison is not None:
        return {**section(comparison, notation=notation), "error": ""}
    why = (
        f"hồ sơ năm trước {previous.file} có lỗi nên chưa so sánh được; hãy chạy "
        f"parcli validate {previous.file}"
        if previous.card is None
        else f"các khóa was:/dropped: của bộ tiêu chí năm nay không khớp bộ "
        f"“{previous.criteria_set.id}”; hãy chạy parcli validate criteria/"
    )
    return {"error": f"Chưa so sánh được với năm {previous.criteria_set.assessed_year}: {why}."}


def rank_text(change: int | None) -> str:
    if change is None:
        return ""
    if change > 0:
        return f"tăng {change} bậc"
    if change < 0:
        return f"giảm {-change} bậc"
    return "giữ nguyên"


def _rank(s: Standing) -> str:
    return f"{s.rank}/{s.ranked}" if s.rank is not None else NONE_SHOWN


def _signed(value: Decimal | None, places: int, notation: Notation) -> str:
    return NONE_SHOWN if value is None else signed(value, places, notation)


def _item(i: ItemComparison, d: Display, places: int) -> dict[str, str]:
    return {
        "id": i.new.leaf.id,
        "old_id": i.old.leaf.id if i.old.leaf.id != i.new.leaf.id else "",
        "title": i.new.leaf.title,
        "old": _points(i.old, d, places),
        "new": _points(i.new, d, places),
        "change": _signed(i.change, places, d.notation),
        "max_changed": "†" if i.max_changed else "",
        "owner": i.new.owner or "",
    }


def _points(s: LeafScore, d: Display, places: int) -> str:
    """`0.50/1.5`: points over the item's maximum; "—" when it did not count."""
    counted = s.final is not None and s.counted
    shown = rounded(s.final, places, d.notation) if counted else NONE_SHOWN
    return f"{shown}/{d.max(s.leaf.max)}"


def _named(leaf: Leaf, d: Display) -> dict[str, str]:
    return {"id": leaf.id, "title": leaf.title, "max": d.max(leaf.max)}
