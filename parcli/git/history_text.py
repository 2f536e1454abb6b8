"""Histories as text for people (80 columns), as JSON, and as the points of a chart."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from parcli.git.history import History, HistoryEntry
from parcli.git.items import EVIDENCE, ItemHistory
from parcli.git.lines import (
    WIDTH,
    commit_record,
    errors_record,
    fitted,
    index_text,
    is_provisional,
    totals_record,
    who,
    why_not_scored,
    wrap,
)
from parcli.numbers import exact, plain, quantize, rounded, signed
from parcli.scoring import PROVISIONAL_NOTE

SPARKS = "▁▂▃▄▅▆▇█"
EVENTS = {
    "added": "",
    "modified": "",
    "deleted": "xóa tệp",
    "criteria": "bộ tiêu chí đổi",
    "shallow": "bản sao nông: lịch sử trước đó không có ở đây",
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
        extra.append(why_not_scored(entry.version))
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
                "errors": errors_record(entry.version),
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


# ---------------------------------------------------------------- one item


ITEM_LABELS = {
    "max": "tối đa (bộ tiêu chí)",
    "self": "tự chấm",
    "level": "mức",
    "inputs": "số liệu",
    "answer": "trả lời",
    "na": "không phát sinh",
    "note": "ghi chú của đơn vị",
    "evidence": "tài liệu kiểm chứng",
    "round1": "thẩm định vòng 1",
    "round1_note": "nhận xét vòng 1",
    "explanation": "giải trình",
    "explanation_evidence": "tài liệu giải trình",
    "round2": "thẩm định vòng 2",
    "round2_note": "nhận xét vòng 2",
    "survey": "điều tra XHH",
}


def item_text(history: ItemHistory) -> str:
    places = history.places
    lines = [
        *wrap(f"Lịch sử mục {history.item} — {history.agency_name} ({history.agency_id})"),
        *wrap(f"{history.title} (tối đa {plain(history.max)} điểm)"),
    ]
    for entry in history.entries:
        lines.append("")
        commit = entry.commit
        head = (
            f"{commit.date.date().isoformat()}  {commit.short}  {commit.author} — {commit.subject}"
            if commit is not None
            else "Chưa commit (thư mục làm việc)"
        )
        lines.extend(wrap(head, subsequent="    "))
        source = entry.source.commit if entry.source is not None else None
        if source is not None and source is not commit:
            lines.extend(wrap(f"điểm do {who(source)} ghi trên nhánh", indent="  "))
        elif source is not None:
            lines.append("  điểm do người hợp nhất ghi (giải quyết xung đột)")
        for change in entry.changes:
            label = ITEM_LABELS[change.field]
            if change.field in EVIDENCE:
                for sign, docs in (("−", change.before), ("+", change.after)):
                    for doc in docs if isinstance(docs, tuple) else ():
                        lines.extend(wrap(f"{sign} {label}: {doc}", indent="  ", subsequent="    "))
                continue
            text = f"{label}: {_item_value(change.before, places)} → {_item_value(change.after, places)}"
            lines.extend(wrap(text, indent="  ", subsequent="    "))
        before, after = entry.points
        if before != after:
            delta = (after or Decimal(0)) - (before or Decimal(0))
            lines.append(
                f"  điểm của mục: {_item_value(before, places)} → {_item_value(after, places)}"
                + (f" ({signed(delta, places)})" if delta else "")
            )
    if not history.entries:
        lines += ["", "Mục này chưa thay đổi trong lịch sử git."]
    return "\n".join(lines) + "\n"


def _item_value(value: object, places: int) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return plain(quantize(value, places))
    return str(value)


def item_json(history: ItemHistory) -> str:
    payload = {
        "agency": {"id": history.agency_id, "name": history.agency_name},
        "item": history.item,
        "title": history.title,
        "max": exact(history.max),
        "entries": [
            {
                "commit": commit_record(entry.commit),
                "source": commit_record(entry.source.commit if entry.source else None),
                "points": {"before": exact(entry.points[0]), "after": exact(entry.points[1])},
                "changes": [
                    {
                        "field": change.field,
                        "before": _json_item(change.before),
                        "after": _json_item(change.after),
                    }
                    for change in entry.changes
                ],
            }
            for entry in history.entries
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _json_item(value: object) -> object:
    if isinstance(value, Decimal):
        return exact(value)
    if isinstance(value, tuple):
        return list(value)
    return value
