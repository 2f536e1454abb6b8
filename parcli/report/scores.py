"""Score cards for machines: JSON (exact decimals as strings) and CSV (for Excel)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from parcli.models import id_key
from parcli.numbers import exact, plain
from parcli.scoring import Ranked, average_index

if TYPE_CHECKING:
    from parcli.check.driver import GroupRanking

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): text
# from a submission that starts so is written with a leading apostrophe, as Excel itself does.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DETAIL_HEADER = ["group", "criteria", "rank", "agency_id", "agency_name", "item", "title",
                 "method", "max", "self", "round1", "round2", "survey", "computed", "final",
                 "counted", "na", "owner", "note", "appraisal_note"]  # fmt: skip


def card_record(entry: Ranked, *, detail: bool) -> dict[str, Any]:
    card = entry.card
    record: dict[str, Any] = {
        "id": card.agency_id,
        "name": card.agency_name,
        "file": card.file,
        "points": exact(card.points),
        "max": exact(card.max),
        "index": exact(card.index),
        "rank": entry.rank,
        "class": card.class_name,
        "provisional": card.provisional,
        "bonus": exact(card.bonus),
        "penalty": exact(card.penalty),
        "unscored": list(card.unscored),
        "areas": [
            {"id": a.id, "points": exact(a.points), "max": exact(a.max), "index": exact(a.index)}
            for a in card.areas
        ],
    }
    if detail:
        record["items"] = [
            {
                "id": s.leaf.id,
                "title": s.leaf.title,
                "method": s.leaf.method,
                "max": exact(s.leaf.max),
                "self": exact(s.self),
                "round1": exact(s.round1),
                "round2": exact(s.round2),
                "survey": exact(s.survey),
                "computed": exact(s.computed),
                "final": exact(s.final),
                "counted": s.counted,
                "na": s.na,
                "owner": s.owner,
                "note": s.note,
                "appraisal_note": s.appraisal_note,
            }
            for s in card.leaves
        ]
    return record


def group_record(group: GroupRanking, *, detail: bool) -> dict[str, Any]:
    cs = group.criteria_set
    return {
        "group": {"id": cs.group.id, "title": cs.group.title} if cs.group else None,
        "criteria": cs.id,
        "year": cs.assessed_year,
        "title": cs.title,
        "average": exact(average_index(group.ranked, places=cs.decimals.percent)),
        "agencies": [card_record(entry, detail=detail) for entry in group.ranked],
    }


def score_json(groups: Sequence[GroupRanking], *, detail: bool) -> str:
    payload = {"groups": [group_record(group, detail=detail) for group in groups]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def score_rows(groups: Sequence[GroupRanking]) -> tuple[list[str], list[list[Any]]]:
    """One row per agency, group after group, with per-area points, maxima and indices: the
    CSV and XLSX body. Area columns are the union of the groups' areas; a group whose set
    lacks an area leaves its cells empty."""
    area_ids = sorted(
        {area.id for group in groups for area in group.criteria_set.areas}, key=id_key
    )
    header = ["group", "criteria", "rank", "id", "name", "points", "max", "index", "class",
              "provisional"]  # fmt: skip
    for area_id in area_ids:
        header.extend([f"area_{area_id}_points", f"area_{area_id}_max", f"area_{area_id}_index"])
    rows: list[list[Any]] = []
    for group in groups:
        for entry in group.ranked:
            card = entry.card
            row: list[Any] = [
                group.id or "",
                card.criteria_id,
                entry.rank,
                card.agency_id,
                card.agency_name,
                card.points,
                card.max,
                card.index,
                card.class_name,
                card.provisional,
            ]
            areas = {area.id: area for area in card.areas}
            for area_id in area_ids:
                area = areas.get(area_id)
                row.extend([area.points, area.max, area.index] if area else ["", "", ""])
            rows.append(row)
    return header, rows


def detail_rows(groups: Sequence[GroupRanking]) -> list[list[Any]]:
    """One row per item of each agency, group after group: the score sheet for machines
    (`--detail`)."""
    return [
        [group.id or "", entry.card.criteria_id, entry.rank, entry.card.agency_id,
         entry.card.agency_name, s.leaf.id, s.leaf.title, s.leaf.method, s.leaf.max, s.self,
         s.round1, s.round2, s.survey, s.computed, s.final, s.counted, s.na, s.owner, s.note,
         s.appraisal_note]
        for group in groups
        for entry in group.ranked
        for s in entry.card.leaves
    ]  # fmt: skip


def score_csv(groups: Sequence[GroupRanking], *, detail: bool = False) -> str:
    """UTF-8 with a BOM for Excel: one row per agency, or per item with `detail`."""
    header, rows = (DETAIL_HEADER, detail_rows(groups)) if detail else score_rows(groups)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    # A BOM so that Excel on Windows opens the Vietnamese names as UTF-8.
    return "\ufeff" + buffer.getvalue()


def csv_cell(value: object) -> object:
    """Numbers exact with a dot, yes/no in words, text never a formula."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
