"""The terminal: rich consoles and the ranking and score-sheet tables, readable at 80 columns."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from parcli.models import CriteriaSet
from parcli.numbers import plain, rounded
from parcli.scoring import PROVISIONAL_NOTE, LeafScore, Ranked, ScoreCard


def console_for(out: Path | None) -> Console:
    """The terminal, or a recording console of fixed width whose text goes to `--output`."""
    if out is not None:
        return Console(record=True, file=io.StringIO(), width=120, highlight=False)
    return Console(highlight=False)


def light_table(title: str, *, caption: str | None = None) -> Table:
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
    table = light_table(f"Xếp hạng Chỉ số CCHC — {cs.title}")
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
        index = rounded(card.index, pct) + ("*" if card.provisional else "")
        rank = str(entry.rank) if entry.rank is not None else "—"
        row: list[str | Text] = [rank, card.agency_name, index]
        if by_area:
            row.extend(rounded(area.index, pct) for area in card.areas)
        else:
            row.extend([rounded(card.points, pts), rounded(card.max, pts), card.class_name or "—"])
        table.add_row(*row)
    notes = []
    if by_area:
        notes.append("LVn: tỷ lệ % điểm đạt của lĩnh vực n; — : không có mục nào được đánh giá")
    if any(entry.card.provisional for entry in ranked):
        notes.append(f"* {PROVISIONAL_NOTE}")
    if notes:
        table.caption = "\n".join(notes)
    return table


def detail_table(card: ScoreCard, cs: CriteriaSet) -> Table:
    pts, pct = cs.decimals.points, cs.decimals.percent
    status = " (tạm tính: chưa có điều tra XHH)" if card.provisional else ""
    table = light_table(
        f"Bảng chấm điểm — {card.agency_name}{status}",
        caption=(
            f"Tổng: {rounded(card.points, pts)} / {rounded(card.max, pts)} điểm — chỉ số "
            f"{rounded(card.index, pct)}% — {card.class_name or '—'}"
            + (
                f" (thưởng +{plain(card.bonus)}, trừ −{plain(card.penalty)})"
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
            plain(s.leaf.max),
            _maybe(s.self, places),
            _maybe(s.appraised, places),
            _maybe(s.survey, places),
            "—" if s.final is None else rounded(s.final, places),
        )
    return table


def _leaf_text(s: LeafScore, places: int) -> Text:
    """The item's title, then in grey what a reviewer needs beside the numbers."""
    text = Text(s.leaf.title)
    details = []
    if s.na:
        details.append(f"Không phát sinh: {s.na}")
    if s.computed is not None:
        how = f"{s.computed_explain.text()} → " if s.computed_explain else ""
        details.append(f"theo thang: {how}{rounded(s.computed, places)}")
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
    return "" if value is None else rounded(value, places)
