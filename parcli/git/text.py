"""Score changes and score histories as text for people, JSON for machines, chart points."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from parcli.git.changes import AgencyChange, History, HistoryEntry, ScoreDiff, Version
from parcli.git.repo import Commit
from parcli.numbers import exact, plain, quantize, rounded
from parcli.scoring import PROVISIONAL_NOTE

LABELS = {
    "self": "tự chấm",
    "round1": "thẩm định vòng 1",
    "round2": "thẩm định vòng 2",
    "survey": "điều tra XHH",
}
WORKTREE = "thư mục làm việc"
SPARKS = "▁▂▃▄▅▆▇█"

# ---------------------------------------------------------------- diff


def diff_text(diff: ScoreDiff) -> str:
    lines = [f"Thay đổi điểm từ {diff.rev_a} đến {diff.rev_b or WORKTREE}"]
    for change in diff.agencies:
        lines.append("")
        lines.extend(_agency_lines(change))
    lines.append("")
    count = len(diff.agencies)
    lines.append(f"{count} cơ quan có thay đổi điểm." if count else "Không có thay đổi điểm.")
    if any(_provisional(c.before) or _provisional(c.after) for c in diff.agencies):
        lines.append(f"* {PROVISIONAL_NOTE}")
    return "\n".join(lines) + "\n"


def _agency_lines(change: AgencyChange) -> list[str]:
    card = change.card
    cs = change.criteria_set
    before, after = change.before, change.after
    where = {
        "added": f"{after.file} (tệp mới)",
        "deleted": f"{before.file} (đã xóa)",
        "renamed": f"{before.file} → {after.file} (đổi tên)",
        "modified": after.file,
    }[change.status]
    pts, pct = cs.decimals.points, cs.decimals.percent
    b, a = before.card, after.card
    points = _arrow(
        rounded(b.points, pts) if b else "—",
        rounded(a.points, pts) if a else "—",
        _delta(b.points if b else None, a.points if a else None, pts),
    )
    index = _arrow(
        _index(before, pct),
        _index(after, pct),
        _delta(b.index if b else None, a.index if a else None, pct),
    )
    rows = [
        [
            c.item,
            LABELS[c.field],
            f"{_value(c.before, change, c.item)} → {_value(c.after, change, c.item)}",
            _who(c.commit, uncommitted=c.uncommitted),
        ]
        for c in change.changes
    ]
    return [
        f"{card.agency_name} ({card.agency_id}) — {where}",
        f"  Điểm: {points}; chỉ số: {index}",
        *("  " + line for line in _columns(rows)),
    ]


def diff_json(diff: ScoreDiff) -> str:
    payload = {
        "from": diff.rev_a,
        "to": diff.rev_b,
        "agencies": [
            {
                "id": change.card.agency_id,
                "name": change.card.agency_name,
                "status": change.status,
                "old_path": change.before.file or None,
                "new_path": change.after.file or None,
                "before": _totals_record(change.before),
                "after": _totals_record(change.after),
                "changes": [
                    {
                        "item": c.item,
                        "field": c.field,
                        "before": exact(c.before),
                        "after": exact(c.after),
                        "commit": _commit_record(c.commit),
                        "uncommitted": c.uncommitted,
                    }
                    for c in change.changes
                ],
            }
            for change in diff.agencies
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- history


def history_text(history: History) -> str:
    card = history.card
    who = f"{card.agency_name} ({card.agency_id})" if card else "(không đọc được hồ sơ)"
    newest = history.entries[-1].version.file or history.path
    header = ["Ngày", "Commit", "Tác giả", "Điểm", "Tối đa", "Chỉ số", "Xếp loại", "Nội dung"]
    rows = [header]
    previous: str | None = None
    for entry in history.entries:
        version, commit = entry.version, entry.commit
        cs = version.criteria_set
        note = commit.subject if commit else "thay đổi chưa commit"
        if version.path is None:
            note += " (xóa tệp)"
        elif version.card is None:
            note += " (không đọc được hồ sơ)"
        elif previous is not None and version.path != previous:
            note += f" (đổi tên: {previous} → {version.path})"
        previous = version.path or previous
        c = version.card
        rows.append(
            [
                commit.date.date().isoformat() if commit else "—",
                commit.short if commit else "—",
                commit.author if commit else "(chưa commit)",
                rounded(c.points, cs.decimals.points) if c and cs else "—",
                rounded(c.max, cs.decimals.points) if c and cs else "—",
                _aligned(_index(version, cs.decimals.percent) if cs else "—"),
                (c.class_name or "—") if c else "—",
                note,
            ]
        )
    lines = [f"Lịch sử điểm: {who} — {newest}", "", *_columns(rows, right={3, 4, 5})]
    indexed = [e for e in history.entries if e.version.card and e.version.card.index is not None]
    if indexed:
        first, last = indexed[0].version, indexed[-1].version
        pct = last.criteria_set.decimals.percent if last.criteria_set else 2
        lines += [
            "",
            f"Chỉ số: {sparkline(_indices(history.entries))} "
            f"({_index(first, pct)} → {_index(last, pct)})",
        ]
    if any(_provisional(e.version) for e in history.entries):
        lines.append(f"* {PROVISIONAL_NOTE}")
    return "\n".join(lines) + "\n"


def history_json(history: History) -> str:
    card = history.card
    payload = {
        "file": history.entries[-1].version.file or history.path,
        "agency": {"id": card.agency_id, "name": card.agency_name} if card else None,
        "entries": [
            {
                "commit": _commit_record(entry.commit),
                "path": entry.version.file or None,
                **(_totals_record(entry.version) or {"points": None}),
            }
            for entry in history.entries
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def sparkline(values: Sequence[Decimal | None]) -> str:
    """One block per value, from the lowest to the highest; "·" where there is none."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    top = len(SPARKS) - 1
    out = ""
    for value in values:
        if value is None:
            out += "·"
        elif high == low:
            out += SPARKS[top // 2]
        else:
            out += SPARKS[int((value - low) / (high - low) * top)]
    return out


def chart_points(history: History) -> tuple[list[tuple[str, Decimal | None]], str]:
    """The index at each version, labelled by date and commit, and the chart's title."""
    points = [
        (
            f"{e.commit.date.date().isoformat()}\n{e.commit.short}" if e.commit else "chưa\ncommit",
            e.version.card.index if e.version.card else None,
        )
        for e in history.entries
    ]
    card = history.card
    return points, f"Chỉ số CCHC — {card.agency_name if card else history.path}"


# ---------------------------------------------------------------- pieces


def _index(version: Version, places: int) -> str:
    card = version.card
    if card is None or card.index is None:
        return "—"
    return f"{rounded(card.index, places)}%" + ("*" if card.provisional else "")


def _aligned(index: str) -> str:
    """Room for the provisional star, so right-aligned digits line up."""
    return index if index.endswith("*") else index + " "


def _indices(entries: Sequence[HistoryEntry]) -> list[Decimal | None]:
    return [e.version.card.index if e.version.card else None for e in entries]


def _provisional(version: Version) -> bool:
    return version.card is not None and version.card.provisional


def _arrow(before: str, after: str, delta: str) -> str:
    return f"{before} → {after}" + (f" ({delta})" if delta else "")


def _delta(before: Decimal | None, after: Decimal | None, places: int) -> str:
    if before is None or after is None:
        return ""
    value = quantize(after, places) - quantize(before, places)
    if not value:
        return "không đổi"
    return ("+" if value > 0 else "") + rounded(value, places)


def _value(value: Decimal | None, change: AgencyChange, item: str) -> str:
    if value is None:
        return "—"
    cs = change.criteria_set
    leaf = cs.leaf_by_id.get(item)
    places = cs.places(leaf) if leaf is not None else cs.decimals.points
    return plain(quantize(value, places))


def _who(commit: Commit | None, *, uncommitted: bool) -> str:
    if uncommitted:
        return "chưa commit"
    if commit is None:
        return ""
    return f"{commit.author}, {commit.date.date().isoformat()} ({commit.short})"


def _columns(rows: Sequence[Sequence[str]], *, right: Collection[int] = ()) -> list[str]:
    """Rows as aligned columns, two spaces apart; trailing spaces trimmed."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _totals_record(version: Version) -> dict[str, Any] | None:
    card = version.card
    if card is None:
        return None
    return {
        "points": exact(card.points),
        "max": exact(card.max),
        "index": exact(card.index),
        "provisional": card.provisional,
        "class": card.class_name,
    }


def _commit_record(commit: Commit | None) -> dict[str, str] | None:
    if commit is None:
        return None
    return {
        "sha": commit.sha,
        "author": commit.author,
        "email": commit.email,
        "date": commit.date.isoformat(),
        "subject": commit.subject,
    }
