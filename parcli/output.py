"""Problems and score cards as text for people (rich) and for machines (JSON, CSV, XLSX)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from parcli.models import CriteriaSet
from parcli.problems import Problem, count_by_severity, format_key_path
from parcli.rules import fmt, quantize
from parcli.scoring import LeafScore, Ranked, ScoreCard

# ---------------------------------------------------------------- problems


def problems_text(problems: Sequence[Problem], files: int) -> tuple[list[str], str]:
    """The problem lines and a closing summary line."""
    errors, warnings = count_by_severity(problems)
    summary = f"{files} tệp đã kiểm tra: {errors} lỗi, {warnings} cảnh báo"
    return [p.format_line() for p in problems], summary


def problems_json(problems: Sequence[Problem], files: int) -> str:
    errors, warnings = count_by_severity(problems)
    payload = {
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "col": p.col,
                "severity": p.severity.value,
                "path": format_key_path(p.path),
                "code": p.code,
                "message": p.message,
            }
            for p in problems
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def problems_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""

    def esc(text: str, *, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    lines = []
    for p in problems:
        where = format_key_path(p.path)
        message = f"{where}: {p.message}" if where else p.message
        lines.append(
            f"::{p.severity.value} file={esc(p.file, prop=True)},line={p.line},col={p.col},"
            f"title={esc(p.code, prop=True)}::{esc(message)}"
        )
    return "".join(line + "\n" for line in lines)


# ---------------------------------------------------------------- numbers


def shown(value: Decimal | None, places: int) -> str:
    """Half-up rounding for display; "—" where there is no value (nothing applicable)."""
    return "—" if value is None else f"{quantize(value, places):f}"


def exact(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


# ---------------------------------------------------------------- score: tables


def _light_table(title: str, *, caption: str | None = None) -> Table:
    """Light rules and one space between columns: seven area columns fit 80 columns."""
    return Table(
        title=title,
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
    )


def ranking_table(ranked: Sequence[Ranked], cs: CriteriaSet, *, by_area: bool) -> Table:
    pts, pct = cs.decimals.points, cs.decimals.percent
    table = _light_table(f"Xếp hạng Chỉ số CCHC — {cs.title}")
    # Numbers are never cut short: when the terminal is narrow the agency names wrap instead.
    table.add_column("Hạng", justify="right", no_wrap=True)
    table.add_column("Cơ quan", overflow="fold", min_width=8, ratio=1)
    # The index comes before the area columns: if a set has too many areas for the terminal,
    # it is the last areas that get squeezed, never the index.
    table.add_column("Chỉ số %", justify="right", no_wrap=True)
    if by_area:  # the area columns take the room; the class is in the plain ranking
        for area in cs.areas:
            table.add_column(f"LV{area.id}", justify="right", no_wrap=True)
    else:
        table.add_column("Điểm", justify="right", no_wrap=True)
        table.add_column("Tối đa", justify="right", no_wrap=True)
        table.add_column("Xếp loại")
    for entry in ranked:
        card = entry.card
        index = shown(card.index, pct) + ("*" if card.provisional else "")
        rank = str(entry.rank) if entry.rank is not None else "—"
        row: list[str | Text] = [rank, card.agency_name, index]
        if by_area:
            row.extend(shown(area.index, pct) for area in card.areas)
        else:
            row.extend([shown(card.points, pts), shown(card.max, pts), card.class_name or "—"])
        table.add_row(*row)
    notes = []
    if by_area:
        notes.append("LVn: tỷ lệ % điểm đạt của lĩnh vực n; — : không có mục nào được đánh giá")
    if any(entry.card.provisional for entry in ranked):
        notes.append("* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá")
    if notes:
        table.caption = "\n".join(notes)
    return table


def detail_table(card: ScoreCard, cs: CriteriaSet) -> Table:
    pts, pct = cs.decimals.points, cs.decimals.percent
    status = " (tạm tính: chưa có điều tra XHH)" if card.provisional else ""
    table = _light_table(
        f"Bảng chấm điểm — {card.agency_name}{status}",
        caption=(
            f"Tổng: {shown(card.points, pts)} / {shown(card.max, pts)} điểm — chỉ số "
            f"{shown(card.index, pct)}% — {card.class_name or '—'}"
            + (
                f" (thưởng +{fmt(card.bonus)}, trừ −{fmt(card.penalty)})"
                if card.bonus or card.penalty
                else ""
            )
        ),
    )
    table.add_column("Mã", no_wrap=True)
    table.add_column("Nội dung", overflow="fold", ratio=1, min_width=16)
    for name in ("Tối đa", "Tự chấm", "Thẩm định", "ĐTXHH", "Điểm"):
        table.add_column(name, justify="right", no_wrap=True)
    for s in card.leaves:
        places = cs.places(s.leaf)
        table.add_row(
            s.leaf.id,
            _leaf_text(s, places),
            fmt(s.leaf.max),
            _maybe(s.self, places),
            _maybe(s.appraised, places),
            _maybe(s.survey, places),
            "—" if s.final is None else shown(s.final, places),
        )
    return table


def _leaf_text(s: LeafScore, places: int) -> Text:
    """The item's title, then in grey what a reviewer needs beside the numbers."""
    text = Text(s.leaf.title)
    details = []
    if s.na:
        details.append(f"Không phát sinh: {s.na}")
    if s.computed is not None:
        details.append(f"theo thang: {shown(s.computed, places)}")
    if s.owner:
        details.append(f"đơn vị: {s.owner}")
    if s.note:
        details.append(f"ghi chú: {s.note}")
    if s.appraisal_note:
        details.append(f"thẩm định: {s.appraisal_note}")
    if details:
        text.append("\n" + " · ".join(details), style="dim")
    return text


def _maybe(value: Decimal | None, places: int) -> str:
    return "" if value is None else shown(value, places)


# ---------------------------------------------------------------- score: machine formats


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


def score_csv(ranked: Sequence[Ranked], cs: CriteriaSet) -> str:
    header, rows = score_rows(ranked, cs)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                fmt(v)
                if isinstance(v, Decimal)
                else ("có" if v is True else "không" if v is False else v)
                for v in row
            ]
        )
    # A BOM so that Excel on Windows opens the Vietnamese names as UTF-8.
    return "\ufeff" + buffer.getvalue()


def score_xlsx(ranked: Sequence[Ranked], cs: CriteriaSet) -> bytes:
    from openpyxl import Workbook  # heavy: only when XLSX is asked for

    header, rows = score_rows(ranked, cs)
    book = Workbook()
    sheet = book.active
    sheet.title = "Xếp hạng"
    sheet.append(header)
    decimals = "0." + "0" * cs.decimals.points if cs.decimals.points else "0"
    for row in rows:
        sheet.append(["có" if v is True else "không" if v is False else v for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = decimals
            elif cell.data_type == "f":
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["C"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
