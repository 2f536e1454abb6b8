"""`parcli form import`: filled-in forms back into the submissions, through the round-trip
editor and one change set (validated before anything is written, all or nothing).

A value counts as filled in when it differs from the value the form was exported with (its
base, kept in the form's hidden sheet): a form sent back untouched changes nothing, even if
the submission was edited since. Two forms that fill one value differently, or a form that
changes a value the submission changed since the export, are a conflict reported at the
cells, never settled by the order of the files. Every problem of the edited submissions is
reported at the cell its value came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parcli.check.library import Library
from parcli.edit.changeset import Change, Edit, Target, agency_files, finish, open_target, refused
from parcli.edit.form_apply import apply_values
from parcli.edit.form_reading import AgencySheet, Form, read_form
from parcli.edit.form_rows import FormItem, Place, Value
from parcli.edit.forms import EVIDENCE_FIELDS, Mode, decision_base, item_base
from parcli.edit.roundtrip import EditableDocument
from parcli.models import Leaf, Submission
from parcli.problems import KeyPath, Problem, has_errors
from parcli.workspace import display_name, find_root

FIELD_NAMES = {
    "self": "điểm tự chấm",
    "level": "mức",
    "answer": "trả lời",
    "na": "lý do không phát sinh",
    "note": "ghi chú",
    "evidence": "tài liệu kiểm chứng",
    "score": "điểm thẩm định",
}

Key = tuple[str, Mode, str, str]  # agency, form mode (its section of the file), item, field


@dataclass(frozen=True)
class _Fill:
    """A value a form gives that differs from the value it was exported with."""

    value: Value
    place: Place
    base: Value


@dataclass
class _Run:
    cwd: Path
    today: dt.date
    library: Library
    files: dict[str, list[Path]]
    problems: list[Problem] = field(default_factory=list)
    targets: dict[str, Target | None] = field(default_factory=dict)
    fills: dict[Key, list[_Fill]] = field(default_factory=dict)
    places: dict[tuple[str, KeyPath], Place] = field(default_factory=dict)  # by agency id


def import_forms(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Change:
    root = find_root(cwd)
    run = _Run(cwd, today, Library(root=root, cwd=cwd), agency_files(root))
    for path in paths:
        form, found = read_form(path, file=display_name(path, cwd), library=run.library)
        run.problems.extend(found)
        for sheet in form.sheets if form is not None else []:
            _read_sheet(run, form, sheet)  # type: ignore[arg-type]
    # Every problem at once: the values that could be read are written into the submissions
    # and checked as `parcli validate` would, even when other cells have problems; nothing
    # is written unless there are none.
    accepted = _settle(run)
    edits = []
    for agency, changes in accepted.items():
        target = run.targets[agency]
        assert target is not None  # only agencies whose submission opened have changes
        doc = EditableDocument(target.raw, name=display_name(target.path, cwd))
        unwritable = apply_values(doc, target.submission, changes)
        run.problems.extend(_at_cell(p, {doc.name: agency}, run.places) for p in unwritable)
        edits.append(Edit(target.path, target.raw, doc.to_bytes()))
    change = finish(edits, cwd=cwd, today=today)
    by_file = {display_name(t.path, cwd): a for a, t in run.targets.items() if t is not None}
    checked = [_at_cell(p, by_file, run.places) for p in change.problems]
    if has_errors(run.problems):
        return refused([*run.problems, *checked])
    return Change(change.edits, tuple(checked))


def _target(run: _Run, sheet: AgencySheet) -> Target | None:
    if sheet.agency not in run.targets:
        paths = run.files.get(sheet.agency, [])
        if len(paths) != 1:
            where = "không có hồ sơ nào trong submissions/" if not paths else "có nhiều hồ sơ"
            message = f"trang “{sheet.name}” là biểu mẫu của cơ quan mã {sheet.agency}, nhưng {where} mang mã này"
            code = "duplicate-agency" if paths else "unknown-agency"
            run.problems.append(sheet.header.problem(code, message))
            run.targets[sheet.agency] = None
        else:
            target, found = open_target(paths[0], cwd=run.cwd, library=run.library, today=run.today)
            run.problems.extend(found)
            run.targets[sheet.agency] = target
    return run.targets[sheet.agency]


def _read_sheet(run: _Run, form: Form, sheet: AgencySheet) -> None:
    target = _target(run, sheet)
    if target is None:
        return
    cs = target.criteria_set
    if cs.id != form.criteria:
        message = f"biểu mẫu dùng bộ tiêu chí {form.criteria}, hồ sơ của {sheet.agency} dùng bộ {cs.id}; hãy xuất biểu mẫu mới"
        run.problems.append(sheet.header.problem("form-version", message))
        return
    section = form.mode
    for item in sheet.items:
        leaf = cs.leaf_by_id[item.item]
        current = _current(form.mode, leaf, target.submission)
        base = item.base if item.base is not None else current
        _remember(run, sheet.agency, form.mode, item)
        for name, (value, place) in item.values.items():
            if value != base.get(name):
                run.fills.setdefault((sheet.agency, section, item.item, name), []).append(
                    _Fill(value, place, base.get(name))
                )
        rows = [values for values, _ in item.evidence]
        # A cell that could not be read is reported; its list is left as it is, or the
        # document would be merged without that value (and reported again, as missing).
        if form.mode == "self" and not item.evidence_unread and rows != base.get("evidence", []):
            place = item.evidence[0][1][0] if item.evidence else item.place
            run.fills.setdefault((sheet.agency, section, item.item, "evidence"), []).append(
                _Fill(rows, place, base.get("evidence"))
            )


def _current(mode: Mode, leaf: Leaf, sub: Submission) -> dict[str, Value]:
    if mode == "self":
        return item_base(leaf, sub.items.get(leaf.id))
    return decision_base(getattr(sub.appraisal, mode).get(leaf.id))


def _remember(run: _Run, agency: str, mode: Mode, item: FormItem) -> None:
    """Which cell each key path of the submission came from, to report problems there."""

    def keep(path: KeyPath, place: Place) -> None:
        run.places.setdefault((agency, path), place)

    if mode != "self":
        at: KeyPath = ("appraisal", mode, item.item)
        for name, (_, place) in item.values.items():
            keep((*at, name), place)
        keep(at, item.values["score"][1] if "score" in item.values else item.place)
        return
    at = ("items", item.item)
    keep(at, item.place)
    for name, (_, place) in item.values.items():
        if name.startswith("inputs."):
            keep((*at, "inputs"), place)
        keep((*at, *name.split(".", 1)), place)
    for i, (_, places) in enumerate(item.evidence):
        keep((*at, "evidence"), places[0])
        keep((*at, "evidence", i), places[2])
        for key, place in zip(EVIDENCE_FIELDS, places, strict=True):
            keep((*at, "evidence", i, key), place)


def _settle(run: _Run) -> dict[str, dict[tuple[Mode, str], dict[str, Value]]]:
    """The value each key takes; a conflict (two forms, or a form and the submission as it
    is now) is reported at every cell concerned."""
    accepted: dict[str, dict[tuple[Mode, str], dict[str, Value]]] = {}
    for (agency, section, item, name), fills in run.fills.items():
        target = run.targets[agency]
        assert target is not None
        leaf = target.criteria_set.leaf_by_id[item]
        current = _current(section, leaf, target.submission).get(name)
        label = leaf.rule.label(name.removeprefix("inputs.")) if leaf.rule else name
        what = FIELD_NAMES.get(name, f"số liệu “{label}”")
        path = _path(section, item, name)
        values = {_shown(f.value) for f in fills}
        if len(values) > 1:
            for fill in fills:
                others = "; ".join(
                    f"{o.place.file}:{o.place.cell} ghi {_shown(o.value)}"
                    for o in fills
                    if o is not fill
                )
                message = f"{what} của mục {item}: ô này ghi {_shown(fill.value)}, còn {others}; hãy thống nhất một giá trị rồi nhập lại"
                run.problems.append(fill.place.problem("form-conflict", message, path))
            continue
        fill = fills[0]
        if current != fill.base and current != fill.value:
            message = (
                f"{what} của mục {item} trong hồ sơ đã đổi thành {_shown(current)} sau khi xuất "
                f"biểu mẫu (lúc xuất là {_shown(fill.base)}), còn ô này ghi {_shown(fill.value)}; "
                "hãy thống nhất rồi nhập lại"
            )
            run.problems.append(fill.place.problem("form-conflict", message, path))
            continue
        if current != fill.value:
            accepted.setdefault(agency, {}).setdefault((section, item), {})[name] = fill.value
    return accepted


def _path(section: Mode, item: str, name: str) -> KeyPath:
    if section != "self":
        return ("appraisal", section, item, name)
    return ("items", item, *name.split(".", 1))


def _shown(value: Value) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, list):
        return (
            f"{len(value)} tài liệu: " + ", ".join(str(row[0] or row[2]) for row in value)
            if value
            else "(không có tài liệu)"
        )
    return f"“{value}”"


def _at_cell(
    problem: Problem, by_file: dict[str, str], places: dict[tuple[str, KeyPath], Place]
) -> Problem:
    agency = by_file.get(problem.file)
    path = problem.path
    while agency is not None:
        place = places.get((agency, path))
        if place is not None:
            return Problem(
                place.file,
                place.row,
                place.col,
                problem.code,
                problem.message,
                problem.path,
                problem.severity,
                sheet=place.sheet,
            )
        if not path:
            break
        path = path[:-1]
    return problem
