"""Report data → the context the templates see: display strings, rounded half-up, no Decimals.

Markdown and Word templates get the same context, documented in docs/reports.md; every
value is text (or a list or mapping of text), so a template never formats a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parcli.models import CriteriaSet
from parcli.numbers import plain, rounded, signed
from parcli.report.data import (
    AreaProgress,
    Progress,
    Ranking,
    Sheet,
    SheetRow,
    TaskCounts,
    TaskRow,
)
from parcli.report.letterhead import Header, date_line
from parcli.scoring import PROVISIONAL_NOTE, GroupScore, LeafScore, ScoreCard

Context = dict[str, Any]

STATE_LABELS = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "late": "Chậm tiến độ",
    "not_started": "Chưa triển khai",
    "cancelled": "Dừng thực hiện",
}


def day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def document(header: Header, *, as_of: dt.date, title: str, subtitle: str) -> Context:
    return {
        "parent": header.parent,
        "name": header.name,
        "number": f"Số:       /{header.symbol}",
        "symbol": header.symbol,
        "place_date": date_line(header.place, as_of),
        "title": title,
        "subtitle": subtitle,
        "signer_title": list(header.signer_title),
        "signer_name": header.signer_name,
        "recipients": list(header.recipients),
    }


def criteria(cs: CriteriaSet) -> Context:
    return {
        "id": cs.id,
        "title": cs.title,
        "basis": cs.basis or "",
        "year": str(cs.period.start.year),
        "classes": [{"name": band.name, "min": plain(band.min)} for band in cs.classes],
    }


def total(card: ScoreCard, cs: CriteriaSet) -> Context:
    pts, pct = cs.decimals.points, cs.decimals.percent
    return {
        "points": rounded(card.points, pts),
        "max": rounded(card.max, pts),
        "leaf_points": rounded(card.leaf_points, pts),
        "index": rounded(card.index, pct),
        "class_name": card.class_name or "—",
        "bonus": rounded(card.bonus, pts),
        "penalty": rounded(card.penalty, pts),
        "has_adjustments": bool(card.bonus or card.penalty),
        "has_bonus": bool(card.bonus),
        "has_penalty": bool(card.penalty),
        "provisional": card.provisional,
        "provisional_note": PROVISIONAL_NOTE if card.provisional else "",
        "unscored": len(card.unscored),
    }


def group(g: GroupScore, cs: CriteriaSet) -> Context:
    return {
        "id": g.id,
        "title": g.title,
        "points": rounded(g.points, cs.decimals.points),
        "max": rounded(g.max, cs.decimals.points),
        "index": rounded(g.index, cs.decimals.percent),
    }


def counts(c: TaskCounts) -> Context:
    return {
        "done": c.done,
        "in_progress": c.in_progress,
        "late": c.late,
        "not_started": c.not_started,
        "cancelled": c.cancelled,
        "total": c.total,
    }


def task(row: TaskRow, stt: int) -> Context:
    t = row.task
    label = STATE_LABELS[row.state]
    if row.state == "late":
        label += f" (quá hạn {row.days_late} ngày)"
    elif row.state == "done" and row.days_late:
        label += f" (chậm {row.days_late} ngày)"
    owner = t.owner or ""
    return {
        "stt": str(stt),
        "id": t.id,
        "area": t.area,
        "task": t.task,
        "owner": owner,
        "due": day(t.due),
        "done_on": day(t.done_on),
        "state": row.state,
        "state_label": label,
        "days_late": str(row.days_late),
        "note": t.note or "",
        "next_step": t.note
        or f"Đề nghị {owner or 'đơn vị chủ trì'} khẩn trương hoàn thành, cập nhật tài liệu kiểm chứng",
    }


def _scored(s: LeafScore, cs: CriteriaSet) -> str:
    if s.self is None and s.appraised is None:
        return "Chưa chấm điểm"
    return f"Đã chấm {rounded(s.final, cs.places(s.leaf))} điểm"


def area_progress(a: AreaProgress, cs: CriteriaSet) -> Context:
    return {
        **group(a.group, cs),
        "counts": counts(a.counts),
        "tasks": [task(row, i) for i, row in enumerate(a.tasks, 1)],
        "lost": [
            {
                "id": item.score.leaf.id,
                "title": item.score.leaf.title,
                "max": rounded(item.score.leaf.max, cs.decimals.points),
                "final": rounded(item.score.final, cs.places(item.score.leaf)),
                "lost": rounded(item.lost, cs.places(item.score.leaf)),
                "owner": item.score.owner or "",
                "reason": item.reason,
            }
            for item in a.lost
        ],
        "missing": [
            {
                "id": s.leaf.id,
                "title": s.leaf.title,
                "owner": s.owner or "",
                "required": s.leaf.evidence_required,
                "status": _scored(s, cs),
            }
            for s in a.missing
        ],
        "differences": [
            {
                "id": d.score.leaf.id,
                "title": d.score.leaf.title,
                "self": rounded(d.score.self, cs.places(d.score.leaf)),
                "appraised": rounded(d.score.appraised, cs.places(d.score.leaf)),
                "delta": signed(d.delta, cs.places(d.score.leaf)),
                "owner": d.score.owner or "",
                "note": d.score.appraisal_note or "",
                "explanation": d.explanation or "",
            }
            for d in a.differences
        ],
    }


def progress(p: Progress, cs: CriteriaSet, header: Header) -> Context:
    card = p.card
    year = cs.period.start.year
    return {
        "doc": document(
            header,
            as_of=p.as_of,
            title="BÁO CÁO",
            subtitle=f"Kết quả thực hiện Kế hoạch cải thiện Chỉ số cải cách hành chính năm "
            f"{year} của {card.agency_name}",
        ),
        "criteria": criteria(cs),
        "agency": {"id": card.agency_id, "name": card.agency_name},
        "as_of": day(p.as_of),
        "total": total(card, cs),
        "counts": counts(p.counts),
        "areas": [area_progress(a, cs) for a in p.areas],
        "late": [task(row, i) for i, row in enumerate(p.late, 1)],
    }


def sheet_row(row: SheetRow) -> Context:
    def value(v: Decimal | None) -> str:
        return "" if v is None else rounded(v, row.places)

    return {
        "level": row.level,
        "subtotal": row.leaf is None,  # an area or a criterion with sub-criteria
        "id": row.id,
        "title": row.title,
        "max": "—" if row.max is None else plain(row.max),
        "self": value(row.self),
        "appraised": value(row.appraised),
        "final": "—" if row.final is None else rounded(row.final, row.places),
        "note": row.note,
        "appraisal_note": row.appraisal_note,
    }


def sheet(s: Sheet, cs: CriteriaSet, header: Header, *, as_of: dt.date) -> Context:
    card = s.card
    return {
        "doc": document(
            header,
            as_of=as_of,
            title="BẢNG CHẤM ĐIỂM",
            subtitle=f"Chỉ số cải cách hành chính năm {cs.period.start.year} "
            f"của {card.agency_name}",
        ),
        "criteria": criteria(cs),
        "agency": {"id": card.agency_id, "name": card.agency_name},
        "as_of": day(as_of),
        "total": {
            **total(card, cs),
            "max": plain(card.max),  # maxima print as the set writes them: 1, 0.5, 83
            "self": rounded(s.self_total, cs.decimals.points),
        },
        "rows": [sheet_row(row) for row in s.rows],
    }


def ranking(
    groups: Sequence[tuple[CriteriaSet, Ranking]], header: Header, *, as_of: dt.date
) -> Context:
    """The ranking document: one section per agency group, in the published decision's shape
    (points, %, rank and class per agency; the group's average; the class distribution)."""
    years = sorted({cs.assessed_year for cs, _ in groups})
    return {
        "doc": document(
            header,
            as_of=as_of,
            title="KẾT QUẢ XẾP HẠNG",
            subtitle=f"Chỉ số cải cách hành chính năm {', '.join(map(str, years))} "
            "của các cơ quan, đơn vị",
        ),
        "as_of": day(as_of),
        "groups": [
            ranking_group(cs, r, index=i, numbered=len(groups) > 1)
            for i, (cs, r) in enumerate(groups)
        ],
    }


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def ranking_group(cs: CriteriaSet, r: Ranking, *, index: int, numbered: bool) -> Context:
    pts, pct = cs.decimals.points, cs.decimals.percent
    title = cs.group.title if cs.group is not None else cs.title
    number = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return {
        "index": index,  # its chart is `charts[index]`
        "id": cs.group_id or "",
        "title": title,
        "heading": f"{number}. {title.upper()}" if numbered else "",
        "criteria": criteria(cs),
        "areas": [{"id": area.id, "title": area.title} for area in cs.areas],
        "rows": [
            {
                "stt": str(i),
                "rank": str(entry.rank) if entry.rank is not None else "—",
                "id": entry.card.agency_id,
                "name": entry.card.agency_name,
                "points": rounded(entry.card.points, pts),
                "max": rounded(entry.card.max, pts),
                "index": rounded(entry.card.index, pct),
                "class_name": entry.card.class_name or "—",
                "provisional": entry.card.provisional,
                "areas": [rounded(a.index, pct) for a in entry.card.areas],
            }
            for i, entry in enumerate(r.ranked, 1)
        ],
        "distribution": [
            {"name": c.name, "count": str(c.count), "share": rounded(c.share, pct)}
            for c in r.distribution
        ],
        "count": len(r.ranked),
        "unranked": r.unranked,
        "average": rounded(r.average, pct),
        "provisional": r.provisional,
        "provisional_note": PROVISIONAL_NOTE if r.provisional else "",
    }
