"""Plan tasks → the context of the progress report and of the plan document: display strings.

Sections of the progress report are numbered as they appear (I, II, …): a section with
nothing to say (Đề xuất, kiến nghị without recommendations) leaves no gap, and a new one is
one more entry in `_HEADINGS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from parcli.models import CriteriaSet, Evidence, PlanFile
from parcli.numbers import Display
from parcli.report.context import Context, criteria, day, document, group, total
from parcli.report.letterhead import Header
from parcli.report.progress import Appraised, LostItem, Progress
from parcli.report.stake import stake, task_targets
from parcli.report.tasks import TaskCounts, TaskGroup, TaskRow
from parcli.scoring import LeafScore

STATE_LABELS = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "late": "Chậm tiến độ",
    "not_started": "Chưa triển khai",
    "cancelled": "Dừng thực hiện",
}
OUTCOME_LABELS = {
    "accepted": "Chấp nhận giải trình",
    "partly": "Chấp nhận một phần giải trình",
    "rejected": "Không chấp nhận giải trình",
    "pending": "Đã giải trình, chờ thẩm định vòng 2",
    "unexplained": "Không giải trình",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# The progress report's sections in order; each present when its test says so.
_HEADINGS = ("plan", "scores", "stake", "previous", "issues", "recommendations")


def numbered(present: dict[str, bool]) -> dict[str, str]:
    """Roman numerals for the sections present, in `_HEADINGS` order; "" for the others."""
    shown = [key for key in _HEADINGS if present.get(key, True)]
    return {key: (ROMAN[shown.index(key)] if key in shown else "") for key in _HEADINGS}


def counts(c: TaskCounts, d: Display) -> Context:
    return {
        "done": c.done,
        "in_progress": c.in_progress,
        "late": c.late,
        "not_started": c.not_started,
        "cancelled": c.cancelled,
        "total": c.total,
        "rate": d.pct(c.rate),
    }


def evidence_text(evidence: Sequence[Evidence]) -> str:
    """Documents as a clerk cites them: "34/KH-SKHCN ngày 20/01/2026; …"."""
    cited = []
    for ev in evidence:
        name = ev.ref or ev.title
        cited.append(f"{name} ngày {day(ev.date)}" if ev.date else name)
    return "; ".join(cited)


def task(row: TaskRow, stt: int, d: Display) -> Context:
    t = row.task
    label = STATE_LABELS[row.state]
    result = label
    if row.state == "late":
        label = result = f"{label} (quá hạn {row.days_late} ngày)"
    elif row.state == "done":
        result = f"{label} ngày {day(t.done_on)}" if t.done_on else label
        if row.days_late:
            label += f" (chậm {row.days_late} ngày)"
            result += f" (chậm {row.days_late} ngày)"
    owner = t.owner or ""
    return {
        "stt": str(stt),
        "id": t.id,
        "area": t.area,
        "section": row.section,
        "task": t.task,
        "owner": owner,
        "due": day(t.due),
        "done_on": day(t.done_on) if row.state == "done" else "",
        "state": row.state,
        "state_label": label,
        "result": result,  # the state with the day it was done: "Đã hoàn thành ngày 05/03/2026"
        "days_late": str(row.days_late),
        "note": t.note or "",
        "evidence": evidence_text(row.evidence),
        "next_step": t.note
        or f"Đề nghị {owner or 'đơn vị chủ trì'} khẩn trương hoàn thành, cập nhật tài liệu kiểm chứng",
        # The items a task works on (targets, as written) and the points lost on them:
        # empty when the task names none, so templates print them only when present.
        **task_targets(row.stake, d),
    }


def task_group(g: TaskGroup, d: Display) -> Context:
    return {
        "id": g.id,
        "title": g.title,
        "text": list(g.text),
        "counts": counts(g.counts, d),
        "tasks": [task(row, i, d) for i, row in enumerate(g.tasks, 1)],
    }


def lost(item: LostItem, d: Display) -> Context:
    s = item.score
    return {
        "id": s.leaf.id,
        "title": s.leaf.title,
        "area": s.leaf.area_id,
        "max": d.max(s.leaf.max),
        "final": d.item(s.final),
        "lost": d.item(item.lost),
        "owner": s.owner or "",
        "reason": item.reason.text(d.notation),
        # in a sentence, amounts as written: "mất 1/2,5 điểm"
        "said": f"mất {d.max(item.lost)}/{d.max(s.leaf.max)} điểm",
    }


def _history(s: LeafScore, d: Display) -> str:
    """1 → 0,75 (vòng 1) → 1 (vòng 2): each score the item went through."""
    steps = [d.max(s.self) if s.self is not None else "chưa tự chấm"]
    if s.round1 is not None:
        steps.append(f"{d.max(s.round1)} (vòng 1)")
    if s.round2 is not None:
        steps.append(f"{d.max(s.round2)} (vòng 2)")
    return " → ".join(steps)


def appraisal(items: Sequence[Appraised], d: Display) -> Context:
    outcomes = [a.outcome for a in items]
    return {
        "rows": [
            {
                "id": a.score.leaf.id,
                "title": a.score.leaf.title,
                "history": _history(a.score, d),
                "final": d.item(a.score.final),
                "explanation": a.explanation or "",
                "outcome": a.outcome,
                "outcome_label": OUTCOME_LABELS[a.outcome],
                "note": a.score.appraisal_note or "",
            }
            for a in items
        ],
        "adjusted": len(items),
        "explained": sum(1 for o in outcomes if o != "unexplained"),
        "accepted": outcomes.count("accepted"),
        "partly": outcomes.count("partly"),
        "rejected": outcomes.count("rejected"),
        "pending": outcomes.count("pending"),
    }


def missing(s: LeafScore, d: Display) -> Context:
    status = (
        "Chưa chấm điểm"
        if s.self is None and s.appraised is None
        else f"Đã chấm {d.item(s.final)} điểm"
    )
    return {
        "id": s.leaf.id,
        "title": s.leaf.title,
        "owner": s.owner or "",
        "required": s.leaf.evidence_required,
        "status": status,
    }


def progress(
    p: Progress,
    cs: CriteriaSet,
    header: Header,
    d: Display,
    *,
    period: str = "",
    previous: Context | None = None,
) -> Context:
    """`previous`: the "So với năm trước" section (report/comparison.py), when there is one."""
    card = p.card
    year = cs.period.start.year
    when = period or f"năm {year}"
    late = [task(row, i, d) for i, row in enumerate(p.late, 1)]
    return {
        "doc": document(
            header,
            as_of=p.as_of,
            title="BÁO CÁO",
            subtitle=f"Kết quả thực hiện Kế hoạch cải thiện Chỉ số cải cách hành chính {when} "
            f"của {card.agency_name}",
        ),
        "criteria": criteria(cs, d),
        "agency": {"id": card.agency_id, "name": card.agency_name},
        "as_of": day(p.as_of),
        "period": when,
        "headings": numbered(
            {
                "plan": p.has_plan,
                "stake": p.has_plan,
                "previous": bool(previous),
                "recommendations": bool(p.recommendations),
            }
        ),
        "previous": previous or {},
        "has_plan": p.has_plan,
        "total": total(card, d),
        "counts": counts(p.counts, d),
        "groups": [task_group(g, d) for g in p.groups if g.tasks],
        "areas": [{**group(a.group, d), "counts": counts(a.counts, d)} for a in p.areas],
        "owners": [
            {"owner": o.owner, "counts": counts(o.counts, d), "lost": d.pts(o.lost)}
            for o in p.owners
        ],
        "lost": [lost(i, d) for i in p.lost],
        "appraisal": appraisal(p.appraised, d),
        "late": late,
        "worst": [lost(i, d) for i in p.worst],
        "missing": [missing(s, d) for s in p.missing],
        "recommendations": list(p.recommendations),
        "stake": stake(p.plan, d),
    }


def plan(
    groups: Sequence[TaskGroup],
    texts: PlanFile | None,
    cs: CriteriaSet,
    header: Header,
    d: Display,
    *,
    agency_name: str,
    as_of: dt.date,
) -> Context:
    """The Kế hoạch document: the plan file's texts around the tasks, by the plan's sections."""
    year = cs.period.start.year
    title = (texts.title if texts and texts.title else None) or (
        f"Cải thiện Chỉ số cải cách hành chính (PAR INDEX) của {agency_name} năm {year}"
    )
    issued = texts.date if texts and texts.date else as_of
    empty: list[Any] = []
    return {
        "doc": document(header, as_of=issued, title="KẾ HOẠCH", subtitle=title, kind="KH"),
        "criteria": criteria(cs, d),
        "agency": {"name": agency_name},
        "basis": texts.basis if texts and texts.basis else "",
        "purpose": list(texts.purpose) if texts else empty,
        "requirements": list(texts.requirements) if texts else empty,
        "organisation": list(texts.organisation) if texts else empty,
        "closing": texts.closing if texts and texts.closing else "",
        "groups": [task_group(g, d) for g in groups],
        "count": sum(len(g.tasks) for g in groups),
    }
