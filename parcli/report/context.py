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
from parcli.numbers import Display, Notation
from parcli.report.data import Ranking, Sheet, SheetRow
from parcli.report.letterhead import Header, date_line
from parcli.scoring import PROVISIONAL_NOTE, GroupScore, ScoreCard

Context = dict[str, Any]


def display_for(cs: CriteriaSet, notation: Notation) -> Display:
    """One precision per kind of column: items take the most decimals any leaf asks for."""
    items = max((cs.places(leaf) for leaf in cs.leaves), default=cs.decimals.points)
    return Display(
        notation, cs.decimals.points, max(items, cs.decimals.points), cs.decimals.percent
    )


def day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def document(
    header: Header, *, as_of: dt.date, title: str, subtitle: str, kind: str = "BC"
) -> Context:
    """The letterhead and closing of a document of `kind` (BC báo cáo, KH kế hoạch)."""
    symbol = header.symbol_for(kind)
    return {
        "parent": header.parent,
        "name": header.name,
        "number": f"Số:       /{symbol}",
        "symbol": symbol,
        "place_date": date_line(header.place, as_of),
        "title": title,
        "subtitle": subtitle,
        "signer_title": list(header.signer_title),
        "signer_name": header.signer_name,
        "recipients": list(header.recipients),
    }


def criteria(cs: CriteriaSet, d: Display) -> Context:
    return {
        "id": cs.id,
        "title": cs.title,
        "basis": cs.basis or "",
        "year": str(cs.period.start.year),
        "classes": [{"name": band.name, "min": d.max(band.min)} for band in cs.classes],
    }


def total(card: ScoreCard, d: Display) -> Context:
    return {
        "points": d.pts(card.points),
        "max": d.max(card.max),
        "leaf_points": d.pts(card.leaf_points),
        "index": d.pct(card.index),
        "class_name": card.class_name or "—",
        "bonus": d.pts(card.bonus),
        "penalty": d.pts(card.penalty),
        "has_adjustments": bool(card.bonus or card.penalty),
        "has_bonus": bool(card.bonus),
        "has_penalty": bool(card.penalty),
        "provisional": card.provisional,
        "provisional_note": PROVISIONAL_NOTE if card.provisional else "",
        "unscored": len(card.unscored),
    }


def group(g: GroupScore, d: Display) -> Context:
    return {
        "id": g.id,
        "title": g.title,
        "points": d.pts(g.points),
        "max": d.max(g.max),
        "index": d.pct(g.index),
    }


def sheet_row(row: SheetRow, d: Display) -> Context:
    def value(v: Decimal | None) -> str:
        return "" if v is None else d.item(v)

    return {
        "level": row.level,
        "subtotal": row.leaf is None,  # an area or a criterion with sub-criteria
        "id": row.id,
        "title": row.title,
        "max": d.max(row.max),
        "self": value(row.self),
        "appraised": value(row.appraised),
        "final": d.item(row.final),
        "note": row.note,
        "appraisal_note": row.appraisal_note,
    }


def sheet(s: Sheet, cs: CriteriaSet, header: Header, d: Display, *, as_of: dt.date) -> Context:
    card = s.card
    return {
        "doc": document(
            header,
            as_of=as_of,
            title="BẢNG CHẤM ĐIỂM",
            subtitle=f"Chỉ số cải cách hành chính năm {cs.period.start.year} "
            f"của {card.agency_name}",
        ),
        "criteria": criteria(cs, d),
        "agency": {"id": card.agency_id, "name": card.agency_name},
        "as_of": day(as_of),
        "total": {
            **total(card, d),
            # the closing rows sit in the items' columns: the items' precision
            "points": d.item(card.points),
            "leaf_points": d.item(card.leaf_points),
            "bonus": d.item(card.bonus),
            "penalty": d.item(card.penalty),
            "self": d.item(s.self_total),
        },
        "rows": [sheet_row(row, d) for row in s.rows],
    }


def ranking(
    groups: Sequence[tuple[CriteriaSet, Ranking, Display]], header: Header, *, as_of: dt.date
) -> Context:
    """The ranking document: one section per agency group, in the published decision's shape
    (points, %, rank and class per agency; the group's average; the class distribution)."""
    return {
        "doc": document(header, as_of=as_of, title="KẾT QUẢ XẾP HẠNG", subtitle=subtitle(groups)),
        "as_of": day(as_of),
        "groups": [
            ranking_group(cs, r, d, index=i, numbered=len(groups) > 1)
            for i, (cs, r, d) in enumerate(groups)
        ],
    }


def subtitle(groups: Sequence[tuple[CriteriaSet, Ranking, Display]]) -> str:
    """One group's ranking is titled by its set (`… của UBND các xã, phường …`); several
    groups' by what they share."""
    if len(groups) == 1:
        return groups[0][0].title
    years = sorted({cs.assessed_year for cs, _, _ in groups})
    return f"Chỉ số cải cách hành chính năm {', '.join(map(str, years))} của các cơ quan, đơn vị"


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def ranking_group(
    cs: CriteriaSet, r: Ranking, d: Display, *, index: int, numbered: bool
) -> Context:
    title = cs.group.title if cs.group is not None else cs.title
    number = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return {
        "index": index,  # its chart is `charts[index]`
        "id": cs.group_id or "",
        "title": title,
        "heading": f"{number}. {title.upper()}" if numbered else "",
        "criteria": criteria(cs, d),
        "areas": [{"id": area.id, "title": area.title} for area in cs.areas],
        "rows": [
            {
                "stt": str(i),
                "rank": str(entry.rank) if entry.rank is not None else "—",
                "id": entry.card.agency_id,
                "name": entry.card.agency_name,
                "points": d.pts(entry.card.points),
                "max": d.max(entry.card.max),
                "index": d.pct(entry.card.index),
                "class_name": entry.card.class_name or "—",
                "provisional": entry.card.provisional,
                "areas": [d.pct(a.index) for a in entry.card.areas],
            }
            for i, entry in enumerate(r.ranked, 1)
        ],
        "distribution": [
            {"name": c.name, "count": str(c.count), "share": d.pct(c.share)} for c in r.distribution
        ],
        "count": len(r.ranked),
        "unranked": r.unranked,
        "average": d.pct(r.average),
        "provisional": r.provisional,
        "provisional_note": PROVISIONAL_NOTE if r.provisional else "",
    }
