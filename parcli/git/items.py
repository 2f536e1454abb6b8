"""`parcli history FILE --item ID`: every change to one item, a blame for one score.

Self score and what it is computed from (level, inputs, answer), `na`, the unit's note,
evidence added or removed, both appraisal rounds with their notes, the explanation and
its evidence, the survey result, and the item's maximum in the criteria set: each change
with the commit that made it. A merge that took the values from a merged branch names the
branch's commit too.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from parcli.errors import UsageError
from parcli.git.history import AgencyTimeline, agency_timeline
from parcli.git.repo import Commit, Repo
from parcli.git.snapshot import FIELDS, Version
from parcli.git.timeline import Credit, origin, track
from parcli.models import CriteriaSet, Evidence

EVIDENCE = ("evidence", "explanation_evidence")


@dataclass(frozen=True)
class ItemChange:
    field: str  # self, level, inputs, answer, na, note, evidence, round1, round1_note,
    # explanation, explanation_evidence, round2, round2_note, survey, max
    before: Hashable | None  # for evidence: the documents removed
    after: Hashable | None  # for evidence: the documents added


@dataclass(frozen=True)
class ItemEntry:
    commit: Commit | None  # None: the working tree
    changes: tuple[ItemChange, ...]
    points: tuple[Decimal | None, Decimal | None]  # what the item counts, before and after
    source: Credit | None = None  # for a merge: who wrote the scores, the merge or a branch


@dataclass(frozen=True)
class ItemHistory:
    agency_id: str
    agency_name: str
    item: str
    title: str
    max: Decimal
    places: int
    entries: tuple[ItemEntry, ...]


def item_history(repo: Repo, path: Path, item: str, *, cwd: Path) -> ItemHistory:
    with agency_timeline(repo, path, cwd=cwd) as found:
        versions, timeline, agency = found.versions, found.timeline, found.agency
        previous, tracked = track(versions, timeline, agency, None)
        newest = next((v for v in reversed(tracked) if v.criteria_set is not None), None)
        cs = newest.criteria_set if newest is not None else None
        sub = newest.submission if newest is not None else None
        if sub is None or cs is None or item not in cs.leaf_by_id:
            raise UsageError(_not_a_leaf(cs, item))
        entries = []
        for point, version in zip(timeline.points, tracked, strict=True):
            changes = _changes(item_facts(previous, item), item_facts(version, item))
            if changes:
                source = None
                if point.commit is not None and point.commit.is_merge:
                    source = _writer(found, point.commit, item, previous, version)
                points = _counted(previous, item), _counted(version, item)
                entries.append(ItemEntry(point.commit, tuple(changes), points, source))
            previous = version
    leaf = cs.leaf_by_id[item]
    return ItemHistory(
        agency, sub.agency.name, item, leaf.title, leaf.max, cs.places(leaf), tuple(entries)
    )


def _not_a_leaf(cs: CriteriaSet | None, item: str) -> str:
    """Why `item` has no history of its own: a criterion with sub-criteria (whose leaves are
    named), an id typed with decimal commas, or no item of the set."""
    leaves = cs.leaves if cs is not None else ()
    under = [leaf.id for leaf in leaves if leaf.id.startswith(item + ".")]
    if cs is not None and item in cs.parent_ids and under:
        return (
            f"{item} là lĩnh vực/tiêu chí có tiêu chí thành phần; hãy chọn một: {', '.join(under)}"
        )
    dotted = item.replace(",", ".")
    if cs is not None and dotted != item and (dotted in cs.leaf_by_id or dotted in cs.parent_ids):
        return f"mục “{item}” viết mã mục bằng dấu phẩy; mã mục dùng dấu chấm: hãy ghi {dotted}"
    known = ", ".join(leaf.id for leaf in leaves)
    return f"mục {item} không có trong bộ tiêu chí của hồ sơ; các mục: {known}"


def _writer(
    found: AgencyTimeline, merge: Commit, item: str, before: Version, merged: Version
) -> Credit | None:
    """Who wrote the item's scores a merge changed: the merge itself, or the one commit of
    the merged branch it took them from (None when it took them from several)."""
    keys = [
        (item, name)
        for name in (*FIELDS, "na")
        if merged.fact((item, name)) != before.fact((item, name))
    ]
    credits = origin(found.versions, found.timeline, merge, found.agency, keys, merged)
    writers = {c.commit.sha: c for c in credits.values() if c.commit is not None}
    return next(iter(writers.values())) if len(writers) == 1 else None


def item_facts(version: Version, item: str) -> dict[str, Hashable]:
    """What the file says of one item, and the item's maximum in its criteria set."""
    sub, cs = version.submission, version.criteria_set
    if sub is None or cs is None or item not in cs.leaf_by_id:
        return {}
    entry = sub.items.get(item)
    score = version.leaf(item)
    r1, r2 = sub.appraisal.round1.get(item), sub.appraisal.round2.get(item)
    explanation = sub.appraisal.explanation.get(item)
    facts: dict[str, Hashable] = {
        "self": score.self if score is not None else None,
        "level": entry.level if entry else None,
        "inputs": ", ".join(f"{k}: {v}" for k, v in entry.inputs.items()) if entry else None,
        "answer": entry.answer if entry else None,
        "na": entry.na if entry else None,
        "note": entry.note if entry else None,
        "evidence": frozenset(map(_document, entry.evidence)) if entry else frozenset(),
        "round1": r1.score if r1 else None,
        "round1_note": r1.note if r1 else None,
        "explanation": explanation.text if explanation else None,
        "explanation_evidence": frozenset(map(_document, explanation.evidence))
        if explanation
        else frozenset(),
        "round2": r2.score if r2 else None,
        "round2_note": r2.note if r2 else None,
        "survey": sub.survey.get(item),
        "max": cs.leaf_by_id[item].max,
    }
    return {k: v for k, v in facts.items() if v not in (None, "", frozenset())}


def _changes(before: dict[str, Hashable], after: dict[str, Hashable]) -> list[ItemChange]:
    out = []
    for field in dict.fromkeys([*after, *before]):
        old, new = before.get(field), after.get(field)
        if old == new or (field == "max" and (old is None or new is None)):
            continue  # the maximum is news only when the criteria set changes it
        if field in EVIDENCE:
            removed, added = sorted(_docs(old) - _docs(new)), sorted(_docs(new) - _docs(old))
            out.append(ItemChange(field, tuple(removed) or None, tuple(added) or None))
        else:
            out.append(ItemChange(field, old, new))
    order = list(ORDER)
    return sorted(out, key=lambda c: order.index(c.field))


ORDER = (
    "max", "self", "level", "inputs", "answer", "na", "note", "evidence", "round1",
    "round1_note", "explanation", "explanation_evidence", "round2", "round2_note", "survey",
)  # fmt: skip


def _docs(value: Hashable | None) -> frozenset[str]:
    return value if isinstance(value, frozenset) else frozenset()


def _document(evidence: Evidence) -> str:
    parts = [p for p in (evidence.ref, evidence.date.isoformat() if evidence.date else None) if p]
    return f"{', '.join(parts)}: {evidence.title}" if parts else evidence.title


def _counted(version: Version, item: str) -> Decimal | None:
    score = version.leaf(item)
    return score.final if score is not None and score.counted else None
