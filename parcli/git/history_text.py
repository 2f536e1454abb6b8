"""Histories as text for people (80 columns), as JSON, and as the points of a chart."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from parcli.git.history import History, HistoryEntry
from parcli.git.text import (
    WIDTH,
    commit_record,
    fitted,
    index_text,
    is_provisional,
    totals_record,
    wrap,
)
from parcli.numbers import rounded
from parcli.scoring import PROVISIONAL_NOTE

SPARKS = "▁▂▃▄▅▆▇█"
EVENTS = {
    "added": "",
    "modified": "",
    "deleted": "xóa tệp",
    "criteria": "bộ tiêu chí đổi",
}
INDENT = " " * 12


def history_text(history: History) -> str:
    card = history.card
    who = f"{card.agency_name} ({card.agency_id})" if card else history.agency_id
    newest = history.entries[-1].version.file or history.path if history.entries else history.path
    lines = [*wrap(f"Lịch sử điểm: {who} — {newest}"), ""]
    header = ["Ngày", "Commit", "Điểm", "Tối đa", "Chỉ số", "Xếp loại", "Tác giả"]
    rows = [header] + [_row(entry) for entry in history.entries]
    table = fitted(rows, shrink=6, right={2, 3, 4})
    lines.append(table[0])
    for entry, row in zip(history.entries, table[1:], strict=True):
        lines.append(row)
        lines.extend(wrap(_note(entry), indent=INDENT))
    indexed = [e for e in history.entries if e.version.card and e.version.card.index is not None]
    if indexed:
        first, last = indexed[0].version, indexed[-1].version
        pct = last.criteria_set.decimals.percent if last.criteria_set else 2
        spark = sparkline(_indices(history.entries))[: WIDTH - 40]
        lines += ["", f"Chỉ số: {spark} ({index_text(first, pct)} → {index_text(last, pct)})"]
    if any(is_provisional(e.version) for e in history.entries):
        lines.extend(wrap(f"* {PROVISIONAL_NOTE}"))
    return "\n".join(lines) + "\n"


def _row(entry: HistoryEntry) -> list[str]:
    version, commit = entry.version, entry.commit
    cs, c = version.criteria_set, version.card
    pts = cs.decimals.points if cs else 2
    index = index_text(version, cs.decimals.percent) if cs else "—"
    return [
        commit.date.date().isoformat() if commit else "—",
        commit.short if commit else "—",
        rounded(c.points, pts) if c else "—",
        rounded(c.max, pts) if c else "—",
        index if index.endswith("*") else index + " ",  # room for the provisional star
        (c.class_name or "—") if c else "—",
        commit.author if commit else "(chưa commit)",
    ]


def _note(entry: HistoryEntry) -> str:
    note = entry.commit.subject if entry.commit else "thay đổi chưa commit"
    extra = [EVENTS.get(entry.event, "")]
    if entry.event == "renamed":
        extra = [f"đổi tên: {entry.previous} → {entry.version.path}"]
    if entry.version.path is not None and entry.version.card is None:
        extra.append("không đọc được hồ sơ")
    if entry.branch:
        extra.append("commit trên nhánh")
    extra = [e for e in extra if e]
    return note + (f" ({'; '.join(extra)})" if extra else "")


def history_json(history: History) -> str:
    card = history.card
    payload = {
        "file": (history.entries[-1].version.file if history.entries else "") or history.path,
        "agency": {"id": history.agency_id, "name": card.agency_name if card else None},
        "entries": [
            {
                "commit": commit_record(entry.commit),
                "event": entry.event,
                "path": entry.version.file or None,
                "previous_path": entry.previous,
                "branch": entry.branch,
                **(totals_record(entry.version) or {"points": None}),
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


def _indices(entries: Sequence[HistoryEntry]) -> list[Decimal | None]:
    return [e.version.card.index if e.version.card else None for e in entries]
