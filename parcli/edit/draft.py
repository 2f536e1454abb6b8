"""`parcli plan --draft`: draft tasks appended to a submission's `plan:` (or written, with the
rest of the submission, to a new file), through the round-trip editor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from parcli.edit.changeset import KEY_ORDER, Change, Edit, finish, library_for, open_target, refused
from parcli.edit.roundtrip import EditableDocument
from parcli.edit.styles import Entry
from parcli.errors import UsageError
from parcli.models import PlanTask
from parcli.workspace import display_name


def draft_plan(
    path: Path,
    tasks: Sequence[PlanTask],
    *,
    out: Path | None,
    cwd: Path,
    today: dt.date,
) -> Change:
    """The submission at `path` with `tasks` at the end of its plan; in place, or as a new file
    `out` (the submission itself is then left as it is)."""
    if out is not None and out.exists():
        raise UsageError(f"{out} đã có; hãy chọn tên tệp khác, hoặc bỏ -o để ghi thẳng vào {path}")
    target, problems = open_target(path, cwd=cwd, library=library_for(path, cwd), today=today)
    if target is None:
        return refused(problems)
    if not tasks:
        return Change(())
    doc = EditableDocument(target.raw, name=display_name(path, cwd))
    doc.append("plan", [task_entry(task) for task in tasks], order=KEY_ORDER)
    if out is None:
        return finish([Edit(path, target.raw, doc.to_bytes())], cwd=cwd, today=today)
    return finish([Edit(out, None, doc.to_bytes())], cwd=cwd, today=today)


def task_entry(task: PlanTask) -> Entry:
    """A task's keys in the order people read them; the due date left empty to fill in."""
    return {
        "id": task.id,
        "area": task.area,
        "task": task.task,
        "targets": list(task.targets),
        "owner": task.owner,
        "due": task.due.isoformat() if task.due else None,
        "status": task.status,
        "note": task.note,
    }
