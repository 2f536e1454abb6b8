"""The terminal views of `parcli plan` and `parcli tasks`, readable at 80 columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from parcli.cli.terminal import light_table
from parcli.models import CriteriaSet
from parcli.numbers import rounded, signed
from parcli.planning import Analysis, Gap, Projection, Source, group_by_area_owner
from parcli.report.plans import ESTIMATE_NOTE, SUGGESTION_NOTE, AgencyTasks, follow_label
from parcli.report.tasks import NO_OWNER
from parcli.scoring import PROVISIONAL_NOTE, classify

SHORT_SOURCES: dict[Source, str] = {
    "round2": "vòng 2",
    "round1": "vòng 1",
    "self": "tự chấm",
    "survey": "ĐTXHH",
    "previous": "năm trước",
    "none": "chưa chấm",
}


def plan_view(a: Analysis, cs: CriteriaSet, *, left_out: Sequence[str] = ()) -> RenderableType:
    parts: list[RenderableType] = [_summary(a, cs), _lost_table(a, cs)]
    if a.uncovered:
        parts.append(_uncovered_table(a, cs))
    parts.append(_task_notes(a))
    parts.append(_areas_table(a, cs))
    if a.gap is not None:
        parts.append(_target(a.gap, cs, left_out))
    return Group(*parts)


def _summary(a: Analysis, cs: CriteriaSet) -> Text:
    card = a.card
    pct = cs.decimals.percent
    text = Text(f"Kế hoạch và điểm số — {card.agency_name}\n", style="bold")
    rows = (
        ("Chỉ số hiện nay" + (" (ước tính)" if a.estimated else ""), a.now),
        ("Nếu mọi mục có nhiệm vụ đạt tối đa", a.all_targets),
        ("Nếu chỉ mục của nhiệm vụ đã xong đạt tối đa", a.done_targets),
    )
    for label, p in rows:
        text.append(f"{label}: {_index(p, cs)}")
        if p is not a.now and p.index is not None and a.now.index is not None:
            text.append(f" ({signed(p.index - a.now.index, pct)})")
        text.append("\n")
    if card.provisional:
        text.append(f"* {PROVISIONAL_NOTE}\n", style="dim")
    if a.estimated:
        shown = ", ".join(a.estimated[:12]) + (" …" if len(a.estimated) > 12 else "")
        text.append(f"{ESTIMATE_NOTE} ({len(a.estimated)} mục): {shown}\n", style="dim")
    return text


def _index(p: Projection, cs: CriteriaSet) -> str:
    pct = cs.decimals.percent
    if p.index is None:
        return "— (không có mục nào được đánh giá)"
    name = classify(cs, p.index, places=pct)
    return f"{rounded(p.index, pct)}%" + (f" — {name}" if name else "")


def _lost_table(a: Analysis, cs: CriteriaSet) -> Table:
    survey = any(item.outside_control for item in a.lost)
    table = _table(
        "Điểm bị mất theo mục (nhiều nhất trước)",
        caption="ĐTXHH: mục điều tra xã hội học, ngoài tầm kiểm soát trực tiếp của cơ quan"
        if survey
        else None,
    )
    table.add_column("Mã", no_wrap=True)
    table.add_column("Nội dung", overflow="fold", ratio=1, min_width=12)
    table.add_column("Mất", justify="right", no_wrap=True)
    table.add_column("Nguồn", no_wrap=True)
    table.add_column("Nhiệm vụ", overflow="fold", max_width=16)
    for item in a.lost:  # one precision per column: ratio items' 4 decimals are in the JSON
        table.add_row(
            item.score.leaf.id,
            Text(item.score.leaf.title, style="dim" if item.outside_control else ""),
            rounded(item.lost, cs.decimals.points),
            SHORT_SOURCES[item.source],
            ", ".join(item.tasks) or Text("—", style="bold"),
        )
    if not a.lost:
        table.caption = "Không có mục nào bị mất điểm."
    return table


def _uncovered_table(a: Analysis, cs: CriteriaSet) -> Table:
    table = _table("Điểm bị mất chưa có nhiệm vụ khắc phục")
    table.add_column("LV", no_wrap=True)
    table.add_column("Đơn vị", overflow="fold", ratio=1)
    table.add_column("Mục", overflow="fold", ratio=1)
    table.add_column("Mất", justify="right", no_wrap=True)
    for g in group_by_area_owner(a.uncovered):
        table.add_row(
            g.area_id,
            g.owner or NO_OWNER,
            ", ".join(i.score.leaf.id for i in g.items),
            rounded(g.lost, cs.decimals.points),
        )
    return table


def _task_notes(a: Analysis) -> Text:
    text = Text()
    none = [t.task.id for t in a.without_targets]
    won = [t.task.id for t in a.chasing_won_points]
    text.append("Nhiệm vụ chưa ghi mục nhắm tới (targets): ")
    text.append((", ".join(none) or "không có") + "\n")
    text.append("Nhiệm vụ chưa xong nhắm vào mục đã đạt tối đa: ")
    text.append((", ".join(won) or "không có") + "\n")
    return text


def _areas_table(a: Analysis, cs: CriteriaSet) -> Table:
    pct = cs.decimals.percent
    table = _table(
        "Chỉ số theo lĩnh vực (%)",
        caption="Mọi nhiệm vụ: nếu mọi mục có nhiệm vụ đạt tối đa; đã xong: chỉ mục của "
        "nhiệm vụ đã hoàn thành",
    )
    table.add_column("Lĩnh vực", overflow="fold", ratio=1)
    for name in ("Hiện nay", "Mọi nhiệm vụ", "Đã xong"):
        table.add_column(name, justify="right", no_wrap=True)
    for n, area in enumerate(a.card.areas):
        table.add_row(
            f"{area.id}. {area.title}",
            *(rounded(p.areas[n].index, pct) for p in (a.now, a.all_targets, a.done_targets)),
        )
    return table


def _target(gap: Gap, cs: CriteriaSet, left_out: Sequence[str]) -> Text:
    pct = cs.decimals.percent
    wants = []
    if gap.target.index is not None:
        wants.append(f"chỉ số {rounded(gap.target.index, pct)}%")
    if gap.target.rank is not None:
        wants.append(f"hạng {gap.target.rank} (hiện hạng {gap.rank} trong {gap.among + 1} cơ quan)")
    text = Text("Mục tiêu: " + ", ".join(wants), style="bold")
    if gap.target.rank is not None:  # the index a rank needs is the others' to say
        text.append(f" — cần chỉ số từ {rounded(gap.needed, pct)}%", style="bold")
    text.append(f" ({gap.target.note})\n" if gap.target.note else "\n")
    if left_out:
        text.append(f"Không tính các hồ sơ có lỗi: {', '.join(left_out)}\n", style="dim")
    if gap.reached:
        text.append("Đã đạt mục tiêu.\n")
        return text
    text.append(f"Còn thiếu {rounded(gap.gap, pct)} điểm phần trăm.\n")
    s = gap.suggestion
    items = ", ".join(
        f"{i.score.leaf.id} (+{rounded(i.lost, cs.decimals.points)})" for i in s.items
    )
    text.append(f"Gợi ý ({SUGGESTION_NOTE}):\n", style="italic")
    if s.reached:
        text.append(f"  nếu {items} đạt tối đa thì chỉ số là {rounded(s.index, pct)}%\n")
    else:
        text.append(
            f"  kể cả khi mọi mục tự chấm đạt tối đa chỉ số chỉ đạt {rounded(s.index, pct)}%: "
            "không đạt được mục tiêu chỉ bằng các mục tự chấm\n"
        )
    return text


def tasks_view(lists: Sequence[AgencyTasks], *, as_of: dt.date, within: int) -> RenderableType:
    parts: list[RenderableType] = []
    day = as_of.strftime("%d/%m/%Y")
    for a in lists:
        cs = a.criteria_set
        title = f"Nhiệm vụ cần đôn đốc — {a.analysis.card.agency_name} (đến {day})"
        if not a.owners:
            parts.append(
                Text(
                    f"{title}\nKhông có nhiệm vụ chậm, đến hạn trong {within} ngày hoặc chưa có hạn.\n"
                )
            )
            continue
        table = _table(title, caption="Điểm: điểm bị mất trên các mục nhiệm vụ nhắm tới")
        table.add_column("Mã", no_wrap=True)
        table.add_column("Nhiệm vụ", overflow="fold", ratio=1, min_width=16)
        table.add_column("Hạn", no_wrap=True)
        table.add_column("Tình trạng", no_wrap=True)
        table.add_column("Điểm", justify="right", no_wrap=True)
        for group in a.owners:
            table.add_row(
                "",
                Text(group.owner or NO_OWNER, style="bold"),
                "",
                "",
                _points(group.lost, cs),
                end_section=False,
            )
            for e in group.tasks:
                t = e.stake.task
                table.add_row(
                    t.id,
                    t.task,
                    t.due.strftime("%d/%m/%Y") if t.due else "—",
                    Text(follow_label(e), style="bold" if e.state == "late" else ""),
                    _points(e.stake.lost, cs),
                )
        parts.append(table)
    return Group(*parts)


def _table(title: str, *, caption: str | None = None) -> Table:
    """A light table at least as wide as its title, which then never wraps at 80 columns."""
    table = light_table(title, caption=caption)
    table.min_width = len(title) + 2
    return table


def _points(value: Decimal, cs: CriteriaSet) -> str:
    return rounded(value, cs.decimals.points) if value else ""
