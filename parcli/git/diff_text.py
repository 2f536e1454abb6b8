"""`parcli diff` as text for people (80 columns), and as JSON that carries everything."""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any

from parcli.git.changes import AgencyChange, Change, ScoreDiff
from parcli.git.lines import (
    commit_record,
    errors_record,
    fitted,
    index_text,
    is_provisional,
    json_value,
    totals_record,
    who,
    why_not_scored,
    wrap,
    wrap_parts,
)
from parcli.git.timeline import Credit
from parcli.models import CriteriaSet
from parcli.numbers import exact, plain, quantize, rounded, signed
from parcli.scoring import PROVISIONAL_NOTE

WORKTREE = "thư mục làm việc"
LABELS = {
    "self": "tự chấm",
    "round1": "thẩm định vòng 1",
    "round2": "thẩm định vòng 2",
    "survey": "điều tra XHH",
    "na": "không phát sinh",
    "criteria": "bộ tiêu chí",
    "provisional": "tạm tính",
    "unscored": "mục chưa chấm",
    "bonus": "điểm thưởng",
    "penalty": "điểm trừ",
    "class": "xếp loại",
    "rank": "hạng",
}
MASKED = {  # why a changed value does not count
    "self": "theo tự chấm",
    "round1": "đã có vòng 1",
    "round2": "đã có vòng 2",
    "survey": "theo điều tra",
    "na": "không phát sinh",
}
AGENCY_LABELS = {"class": "xếp loại", "rank": "hạng", "provisional": "trạng thái"}
WHERE = {
    "added": "tệp mới",
    "deleted": "đã xóa",
    "renamed": "đổi tên",
    "modified": "",
    "unchanged": "tệp không đổi",
}

# ---------------------------------------------------------------- diff


def diff_text(diff: ScoreDiff) -> str:
    lines = wrap(f"Thay đổi điểm từ {diff.rev_a} đến {diff.rev_b or WORKTREE}")
    for change in diff.agencies:
        lines.append("")
        lines.extend(_agency_lines(change))
    lines.append("")
    count = len(diff.agencies)
    lines.append(f"{count} cơ quan có thay đổi điểm." if count else "Không có thay đổi điểm.")
    if any(is_provisional(c.before) or is_provisional(c.after) for c in diff.agencies):
        lines.extend(wrap(f"* {PROVISIONAL_NOTE}"))
    return "\n".join(lines) + "\n"


def _agency_lines(change: AgencyChange) -> list[str]:
    card, cs = change.card, change.criteria_set
    before, after = change.before, change.after
    where = {
        "added": after.file,
        "deleted": before.file,
        "renamed": f"{before.file} → {after.file}",
    }.get(change.status, after.file)
    note = why_not_scored(after) if change.status == "invalid" else WHERE[change.status]
    out = wrap(f"{card.agency_name} ({card.agency_id}) — {where}" + (f" ({note})" if note else ""))
    pts, pct = cs.decimals.points, cs.decimals.percent
    b, a = before.card, after.card
    totals = [
        "Điểm: " + _arrow(b.points if b else None, a.points if a else None, pts),
        "tối đa: " + _arrow(b.max if b else None, a.max if a else None, pts),
    ]
    shown = index_text(before, pct), index_text(after, pct)
    standing = [
        f"chỉ số: {shown[1]}"
        if shown[0] == shown[1]
        else f"chỉ số: {shown[0]} → {shown[1]}"
        + _delta(b.index if b else None, a.index if a else None, pct)
    ]
    for field in ("class", "rank", "provisional"):
        line = next((c.line for c in change.changes if c.line.field == field), None)
        if line is not None and line.item is None:
            shown = _shown(line.before, field, cs, None), _shown(line.after, field, cs, None)
            standing.append(f"{AGENCY_LABELS[field]}: {shown[0]} → {shown[1]}")
    for part in (totals, standing):
        out.extend(wrap_parts([part[0][0].upper() + part[0][1:], *part[1:]], indent="  "))
    groups = _groups(change.changes)
    rows = iter(_item_lines([c for _, changes in groups for c in changes], cs))
    for credit, changes in groups:
        out.extend(wrap(_credit(credit) + ":", indent="  ", subsequent="    "))
        for _ in changes:
            out.extend(next(rows))
    return out


def _groups(changes: Sequence[Change]) -> list[tuple[Credit | None, list[Change]]]:
    """Changes by who made them, oldest commit first, the working tree last; consequences
    (a rank moved by other agencies) are in the summary, not in a group."""
    groups: dict[tuple[str, str], tuple[Credit | None, list[Change]]] = {}
    for change in changes:
        credit = change.credit
        if credit is None and change.line.key is None:
            continue
        if credit is None:
            order = ("0", "")
        elif credit.commit is None:
            order = ("2", "")
        else:
            order = ("1", f"{credit.commit.committed.isoformat()} {credit.commit.sha}")
        groups.setdefault(order, (credit, []))[1].append(change)
    return [groups[key] for key in sorted(groups)]


def _item_lines(changes: Sequence[Change], cs: CriteriaSet) -> list[list[str]]:
    """Each change as a row of aligned columns, and the reason of a `na` wrapped below it."""
    rows = []
    reasons = []
    for change in changes:
        line = change.line
        leaf = cs.leaf_by_id.get(line.item or "")
        places = cs.places(leaf) if leaf is not None else cs.decimals.points
        label = LABELS[line.field]
        if line.item is None:
            label = AGENCY_LABELS.get(line.field, label)
        if line.field == "class" and line.key is not None:
            label = "ngưỡng xếp loại"
        if line.field == "provisional" and line.item is not None:
            label = "hết tạm tính" if line.after is not None else "tạm tính lại"
        values = (
            f"{_shown(line.before, line.field, cs, places)} → "
            f"{_shown(line.after, line.field, cs, places)}"
        )
        shown = effect(line.points, line.max, cs)
        if line.masked_by is not None:
            shown = f"không tính: {MASKED[line.masked_by]}"
        rows.append([line.item or "", label, values, shown])
        if line.field != "na":
            reasons.append("")
        elif line.after is not None:
            reasons.append(f"lý do: {line.after}")
        else:
            reasons.append(f"lý do cũ: {line.before}")
    table = fitted(rows, indent="    ", shrink=2)
    # The reason starts under the values column: after the id and label columns.
    offset = 4 + sum(max(len(r[i]) for r in rows) + 2 for i in (0, 1)) if rows else 4
    return [
        [row, *(wrap(reason, indent=" " * offset) if reason else [])]
        for row, reason in zip(table, reasons, strict=True)
    ]


def effect(points: Decimal, maximum: Decimal, cs: CriteriaSet) -> str:
    places = cs.decimals.points
    parts = []
    if points:
        parts.append(signed(points, places))
    if maximum:
        parts.append(f"tối đa {signed(maximum, places)}")
    return "; ".join(parts)


def diff_json(diff: ScoreDiff) -> str:
    payload = {
        "from": diff.rev_a,
        "to": diff.rev_b,
        "from_commit": diff.sha_a,
        "to_commit": diff.sha_b,
        "agencies": [
            {
                "id": change.agency_id,
                "name": change.card.agency_name,
                "status": change.status,
                "old_path": change.before.file or None,
                "new_path": change.after.file or None,
                "before": totals_record(change.before, change.rank_before),
                "after": totals_record(change.after, change.rank_after),
                "errors": errors_record(change.after),
                "changes": [_change_record(c) for c in change.changes],
            }
            for change in diff.agencies
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _change_record(change: Change) -> dict[str, Any]:
    line, credit = change.line, change.credit
    return {
        "item": line.item,
        "field": line.field,
        "before": json_value(line.before),
        "after": json_value(line.after),
        "points": exact(line.points),
        "max": exact(line.max),
        "commit": commit_record(credit.commit if credit else None),
        "via": commit_record(credit.via if credit else None),
        "uncommitted": credit is not None and credit.uncommitted,
    }


# ---------------------------------------------------------------- shared pieces


def _credit(credit: Credit | None) -> str:
    if credit is None:
        return "Không rõ commit (không có trong khoảng so sánh)"
    if credit.commit is None:
        return "Chưa commit (thư mục làm việc)"
    text = who(credit.commit)
    if credit.via is not None:
        text += f", vào nhánh chính qua hợp nhất {credit.via.short}"
    elif credit.commit.is_merge:
        text += ", khi hợp nhất"
    return text


def _shown(value: Hashable | None, field: str, cs: CriteriaSet, places: int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "tạm tính" if value else "chính thức"
    if isinstance(value, Decimal):
        return plain(quantize(value, places if places is not None else cs.decimals.points))
    if field == "na":
        return "có"  # the reason is written below the line
    if field == "unscored":
        return f"{value} mục"
    return str(value)


def _arrow(before: Decimal | None, after: Decimal | None, places: int) -> str:
    if (
        before is not None
        and after is not None
        and quantize(before, places) == quantize(after, places)
    ):
        return rounded(after, places)
    return f"{rounded(before, places)} → {rounded(after, places)}" + _delta(before, after, places)


def _delta(before: Decimal | None, after: Decimal | None, places: int) -> str:
    if before is None or after is None:
        return ""
    value = quantize(after, places) - quantize(before, places)
    return f" ({signed(value, places)})" if value else ""
