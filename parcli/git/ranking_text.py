"""The ranking over the year as text (blocks of columns within 80), JSON and chart series."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal

from parcli.git.lines import WIDTH, commit_record, wrap
from parcli.git.ranking import Moment, RankingHistory, Standing
from parcli.numbers import exact, rounded
from parcli.scoring import PROVISIONAL_NOTE

NAME = 24  # the agency column, names wrapped within it
CELL = 12  # "100.00* (12)"


def ranking_text(history: RankingHistory) -> str:
    what = "từng thẻ giai đoạn" if history.at_tags else "từng commit đổi thứ hạng"
    lines = wrap(f"Chỉ số và thứ hạng của các cơ quan qua {what} (chỉ số %, hạng)")
    agencies = history.agencies()
    per_block = max((WIDTH - NAME) // (CELL + 2), 1)
    moments = list(history.moments)
    for start in range(0, len(moments), per_block):
        block = moments[start : start + per_block]
        lines.append("")
        for header in zip(*(_header(m) for m in block), strict=True):
            if not any(header):
                continue
            lines.append((" " * NAME + "".join(f"  {h:>{CELL}}" for h in header)).rstrip())
        for agency in agencies:
            names = textwrap.wrap(agency.name, NAME) or [agency.agency_id]
            cells = [_cell(m.standings.get(agency.agency_id), history) for m in block]
            lines.append(f"{names[0]:<{NAME}}" + "".join(f"  {c:>{CELL}}" for c in cells))
            lines.extend(names[1:])
    if not moments:
        lines += ["", "Chưa có hồ sơ nào trong lịch sử git."]
    if any(s.provisional for m in moments for s in m.standings.values()):
        lines += ["", *wrap(f"* {PROVISIONAL_NOTE}")]
    return "\n".join(lines) + "\n"


def _header(moment: Moment) -> tuple[str, str, str]:
    """What the moment is (the phase of a tag `2026/vong-1`, another tag, HEAD), its date
    and its commit."""
    if moment.commit is None:
        return "chưa commit", "", ""
    tag = moment.tags[0] if moment.tags else moment.label
    year, slash, phase = tag.partition("/")
    label = phase if slash and year.isdigit() else tag
    return label[:CELL], moment.commit.date.date().isoformat(), moment.commit.short


def _cell(standing: Standing | None, history: RankingHistory) -> str:
    if standing is None:
        return "—"
    star = "*" if standing.provisional else " "
    rank = f"({standing.rank})" if standing.rank is not None else "(—)"
    return f"{rounded(standing.index, history.percent_places)}{star} {rank}"


def ranking_json(history: RankingHistory) -> str:
    payload = {
        "at": "tags" if history.at_tags else "commits",
        "moments": [
            {
                "commit": commit_record(moment.commit),
                "tags": list(moment.tags),
                "agencies": [
                    {
                        "id": s.agency_id,
                        "name": s.name,
                        "points": exact(s.points),
                        "max": exact(s.max),
                        "index": exact(s.index),
                        "rank": s.rank,
                        "class": s.class_name,
                        "provisional": s.provisional,
                    }
                    for s in sorted(moment.standings.values(), key=_order)
                ],
            }
            for moment in history.moments
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _order(standing: Standing) -> tuple[int, str]:
    return (standing.rank if standing.rank is not None else 10**9, standing.name)


def chart_series(
    history: RankingHistory,
) -> tuple[list[str], list[tuple[str, list[int | None], Decimal | None]], str]:
    """Labels of the moments, and per agency its rank at each and its newest index."""
    labels = ["\n".join(line for line in _header(m) if line) for m in history.moments]
    series = [
        (
            agency.name,
            [
                m.standings[agency.agency_id].rank if agency.agency_id in m.standings else None
                for m in history.moments
            ],
            agency.index,
        )
        for agency in history.agencies()
    ]
    return labels, series, "Thứ hạng Chỉ số CCHC qua các giai đoạn"
