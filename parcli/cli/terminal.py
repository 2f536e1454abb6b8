"""The terminal: rich consoles and the ranking and score-sheet tables, readable at 80 columns."""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, Task, TextColumn
from rich.progress import Progress as Bar
from rich.table import Table
from rich.text import Text

from parcli.characters import IN_TEXT, printable
from parcli.cli.streams import verbatim
from parcli.models import CriteriaSet
from parcli.numbers import plain, rounded
from parcli.scoring import PROVISIONAL_NOTE, LeafScore, Ranked, ScoreCard


def console_for(out: Path | None) -> Console:
    """The terminal, or a recording console of fixed width whose text goes to `--output`.

    Rich writes its own colours, so it takes the stream under parcli's SafeStream; what it
    prints from the files is made printable cell by cell, and never read as rich markup
    (an agency named "Sở [/x]" would otherwise stop the run).
    """
    if out is not None:
        return Console(record=True, file=io.StringIO(), width=120, highlight=False, markup=False)
    return Console(file=verbatim(sys.stdout), highlight=False, markup=False)


def _shown(text: str) -> str:
    return printable(text, pattern=IN_TEXT)


class ProgressBar:
    """A progress bar on a terminal (parcli.meter.Meter): what is being done, how far,
    the time left in Vietnamese; drawn only once a task has run for `delay` seconds, and
    wiped when it ends. No thread: it redraws when told of progress, at most ten times a
    second, so worker processes are never forked from a threaded process."""

    def __init__(
        self, stream: IO[str], *, delay: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.console = Console(file=stream, force_terminal=True, highlight=False, markup=False)
        self.delay = delay
        self.clock = clock
        self._bar: Bar | None = None
        self._what = ""
        self._total = 0
        self._done = 0
        self._started = self._drawn = 0.0

    def begin(self, what: str, total: int) -> None:
        self.end()
        self._what, self._total, self._done = _shown(what), total, 0
        self._started = self.clock()

    def advance(self, steps: int = 1) -> None:
        self._done += steps
        now = self.clock()
        if self._bar is None:
            if now - self._started < self.delay:
                return
            self._bar = Bar(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                _TimeLeft(),
                console=self.console,
                transient=True,
                auto_refresh=False,
                get_time=self.clock,
            )
            self._bar.start()
            self._bar.add_task(self._what, total=self._total, completed=self._done)
        elif now - self._drawn < 0.1 and self._done < self._total:
            return
        self._bar.update(self._bar.task_ids[0], completed=self._done)
        self._bar.refresh()
        self._drawn = now

    def end(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


class _TimeLeft(ProgressColumn):
    """“còn khoảng 1 phút 20 giây”, once the speed is known."""

    def render(self, task: Task) -> Text:
        left = task.time_remaining
        if left is None:
            return Text("đang ước tính thời gian còn lại", style="dim")
        minutes, seconds = divmod(round(left), 60)
        shown = f"{minutes} phút {seconds} giây" if minutes else f"{seconds} giây"
        return Text(f"còn khoảng {shown}", style="dim")


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
    table = light_table(f"Xếp hạng Chỉ số CCHC — {_shown(cs.title)}")
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
        row: list[str | Text] = [rank, _shown(card.agency_name), index]
        if by_area:
            row.extend(rounded(area.index, pct) for area in card.areas)
        else:
            row.extend(
                [rounded(card.points, pts), rounded(card.max, pts), _shown(card.class_name or "—")]
            )
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
        f"Bảng chấm điểm — {_shown(card.agency_name)}{status}",
        caption=(
            f"Tổng: {rounded(card.points, pts)} / {rounded(card.max, pts)} điểm — chỉ số "
            f"{rounded(card.index, pct)}% — {_shown(card.class_name or '—')}"
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
    text = Text(_shown(s.leaf.title))
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
        text.append("\n" + _shown(" · ".join(details)), style="dim")
    return text


def _maybe(value: Decimal | None, places: int) -> str:
    return "" if value is None else rounded(value, places)


# ---------------------------------------------------------------- year against year


def comparison_tables(name: str, section: dict[str, Any]) -> list[Table]:
    """One agency's two years (report/comparison.section): totals, areas, changed items,
    items that lost points both years; the new and dropped items in the last caption."""
    old, new, t = section["old_year"], section["new_year"], section["total"]
    totals = light_table(f"So sánh Chỉ số CCHC {old} – {new}: {_shown(name)}")
    totals.add_column("")
    for heading in (f"Năm {old}", f"Năm {new}", "Thay đổi"):
        totals.add_column(heading, justify="right", no_wrap=True)
    totals.add_row(
        "Điểm", f"{t['old_points']}/{t['old_max']}", f"{t['new_points']}/{t['new_max']}", ""
    )
    totals.add_row("Chỉ số %", t["old_index"], t["new_index"], t["change"])
    totals.add_row("Hạng", t["old_rank"], t["new_rank"], t["rank_change"])
    totals.add_row("Xếp loại", _shown(t["old_class"]), _shown(t["new_class"]), "")
    if t["provisional"]:
        totals.caption = f"* {PROVISIONAL_NOTE}"
    areas = light_table("Theo lĩnh vực (%)")
    areas.add_column("LV", no_wrap=True)
    areas.add_column("Lĩnh vực", overflow="fold", ratio=1, min_width=12)
    for heading in (old, new, "Thay đổi"):
        areas.add_column(heading, justify="right", no_wrap=True)
    for a in section["areas"]:
        areas.add_row(a["id"], _shown(a["title"]), a["old_index"], a["new_index"], a["change"])
    tables = [totals, areas]
    for title, rows, last in (
        ("Các mục thay đổi điểm", section["changed"], "change"),
        ("Mất điểm hai năm liền", section["lost_both"], "owner"),
    ):
        table = light_table(f"{title} ({len(rows)} mục)")
        table.add_column("Mã", no_wrap=True)
        table.add_column("Nội dung", overflow="fold", ratio=1, min_width=12)
        table.add_column(old, justify="right", no_wrap=True)
        table.add_column(new, justify="right", no_wrap=True)
        table.add_column("Thay đổi" if last == "change" else "Đơn vị", overflow="fold")
        for i in rows:
            was = f" (năm {old}: {i['old_id']})" if i["old_id"] else ""
            text = _shown(i["title"] + was)
            table.add_row(i["id"], text, i["old"], i["new"] + i["max_changed"], _shown(i[last]))
        tables.append(table)
    notes = [
        f"Mục mới năm {new}: " + (", ".join(i["id"] for i in section["new_items"]) or "không có"),
        f"Mục năm {old} không còn: "
        + (", ".join(i["id"] for i in section["dropped_items"]) or "không có"),
    ]
    if any(i["max_changed"] for i in (*section["changed"], *section["lost_both"])):
        notes.append("†: điểm tối đa của mục khác giữa hai năm")
    tables[-1].caption = "\n".join(notes)
    return tables


def comparisons_table(rows: Sequence[dict[str, str]], *, title: str) -> Table:
    """Every agency's index then and now, for two folders."""
    table = light_table(title)
    table.add_column("Cơ quan", overflow="fold", ratio=1, min_width=10)
    for heading in ("Trước", "Nay", "Thay đổi", "Hạng", "Xếp loại"):
        table.add_column(
            heading, justify="right" if heading != "Xếp loại" else "left", no_wrap=True
        )
    for row in rows:
        table.add_row(
            _shown(row["name"]),
            row["old"],
            row["new"],
            row["change"],
            row["rank"],
            _shown(row["class"]),
        )
    return table
