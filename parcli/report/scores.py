"""Score cards for machines: JSON (exact decimals as strings) and CSV (for Excel)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parcli.models import CriteriaSet
from parcli.numbers import exact, plain
from parcli.scoring import Ranked

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): text
# from a submission that starts so is written with a leading apostrophe, as Excel itself does.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DETAIL_HEADER = ["rank", "agency_id", "agency_name", "item", "title", "method", "max", "self",
                 "round1", "round2", "survey", "computed", "final", "counted", "na", "owner",
                 "note", "appraisal_note"]  # fmt: skip


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


def score_json(ranked: Sequence[Ranked], cs: CriteriaSet, *, detail: bool) -> str:
    payload = {
        "criteria": cs.id,
        "agencies": [card_record(entry, detail=detail) for entry in ranked],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def score_rows(ranked: Sequence[Ranked], cs: CriteriaSet) -> tuple[list[str], list[list[Any]]]:
    """One row per agency, with per-area points, maxima and indices: the CSV and XLSX body."""
    header = ["rank", "id", "name", "points", "max", "index", "class", "provisional"]
    for area in cs.areas:
        header.extend([f"area_{area.id}_points", f"area_{area.id}_max", f"area_{area.id}_index"])
    rows: list[list[Any]] = []
    for entry in ranked:
        card = entry.card
        row: list[Any] = [
            entry.rank,
            card.agency_id,
            card.agency_name,
            card.points,
            card.max,
            card.index,
            card.class_name,
            card.provisional,
        ]
        for group in card.areas:
            row.extend([group.points, group.max, group.index])
        rows.append(row)
    return header, rows


def detail_rows(ranked: Sequence[Ranked]) -> list[list[Any]]:
    """One row per item of each agency: the score sheet for machines (`--detail`)."""
    return [
        [entry.rank, entry.card.agency_id, entry.card.agency_name, s.leaf.id, s.leaf.title,
         s.leaf.method, s.leaf.max, s.self, s.round1, s.round2, s.survey, s.computed, s.final,
         s.counted, s.na, s.owner, s.note, s.appraisal_note]
        for entry in ranked
        for s in entry.card.leaves
    ]  # fmt: skip


def score_csv(ranked: Sequence[Ranked], cs: CriteriaSet, *, detail: bool = False) -> str:
    """UTF-8 with a BOM for Excel: one row per agency, or per item with `detail`."""
    header, rows = (DETAIL_HEADER, detail_rows(ranked)) if detail else score_rows(ranked, cs)
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
