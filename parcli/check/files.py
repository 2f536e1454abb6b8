"""One file → its checks: read, shape, the checks of its kind, and the criteria set it uses.

A file is read, checked and reduced to its models one at a time, so a national corpus of
thousands of submissions never holds more than one parse tree in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from parcli.check.criteria import check_criteria
from parcli.check.evidence import FileSeen
from parcli.check.planfile import check_plan_document
from parcli.check.settings import SETTINGS_FORMAT, settings_from
from parcli.check.shape import SetAside, parse_model, prune_broken_entries
from parcli.check.submission import check_submission
from parcli.loading import Document, parse_bytes, read_document
from parcli.models import (
    CRITERIA_FORMAT,
    PLAN_FORMAT,
    SUBMISSION_FORMAT,
    CriteriaSet,
    Submission,
)
from parcli.problems import Problem, has_errors
from parcli.workspace import SETTINGS_FILE, display_name

if TYPE_CHECKING:
    from parcli.check.library import Library


@dataclass(frozen=True)
class Checked:
    """One file after its checks: its problems and, when it has no errors, its model."""

    file: str
    path: Path
    kind: Literal["criteria", "submission", "plan", "settings"] | None
    problems: list[Problem]
    # The criteria set of a file without errors: the one a criteria file defines, or the
    # one a submission is checked against.
    criteria_set: CriteriaSet | None = None
    submission: Submission | None = None
    claimed_id: str | None = None  # the id a criteria file gives itself, valid or not
    agency_at: tuple[int, int] = (1, 1)  # where a submission's agency id is written
    id_at: tuple[int, int] = (1, 1)  # where a criteria file's id is written
    # A valid criteria set's parse tree, to place the problems of its `was:` mapping, which
    # can be checked only once every set of the run is known (check/mapping.py).
    document: Document | None = field(default=None, repr=False)
    files_seen: tuple[FileSeen, ...] = ()  # evidence files the checks looked for on disk

    @property
    def as_submission(self) -> bool:
        """A submission, or a file that failed before it could tell what it is (unreadable,
        no `format:`): its problems are reported wherever submissions are."""
        return self.kind not in ("criteria", "plan", "settings")


def check_file(path: Path, *, cwd: Path, library: Library, today: dt.date) -> Checked:
    name = display_name(path, cwd)
    doc, problems = read_document(path, file=name)
    return _check_parsed(name, path, doc, problems, library, today)


def check_document(
    raw: bytes, *, path: Path, cwd: Path, library: Library, today: dt.date
) -> Checked:
    """The checks of `check_file` on contents not (yet) on disk, as if they were at `path`."""
    return _check_bytes(raw, path=path, cwd=cwd, library=library, today=today)


def _check_bytes(raw: bytes, *, path: Path, cwd: Path, library: Library, today: dt.date) -> Checked:
    name = display_name(path, cwd)
    doc, problems = parse_bytes(raw, file=name, path=path)
    return _check_parsed(name, path, doc, problems, library, today)


def _check_parsed(
    name: str,
    path: Path,
    doc: Document | None,
    problems: list[Problem],
    library: Library,
    today: dt.date,
) -> Checked:
    if doc is None:
        return Checked(name, path, None, problems)
    checked = _check_by_format(name, path, doc, library, today)
    if not problems:
        return checked
    # Errors found while reading that left the data whole: the file's own checks ran, but
    # a file with errors yields no model.
    merged = problems + checked.problems
    return dataclasses.replace(checked, problems=merged, criteria_set=None, submission=None)


def _check_by_format(
    name: str, path: Path, doc: Document, library: Library, today: dt.date
) -> Checked:
    declared = doc.data.get("format") if isinstance(doc.data, dict) else None
    if declared == SETTINGS_FORMAT or (path.name == SETTINGS_FILE and declared is None):
        return Checked(name, path, "settings", settings_from(doc)[1])
    if declared == CRITERIA_FORMAT:
        return _check_criteria_doc(doc)
    if declared == SUBMISSION_FORMAT:
        return _check_submission_doc(doc, library, today)
    if declared == PLAN_FORMAT:
        _, plan_problems = check_plan_document(doc)
        return Checked(name, path, "plan", plan_problems)
    line, col = doc.position(("format",)) if isinstance(doc.data, dict) else (1, 1)
    shown = f"“{declared}”" if isinstance(declared, str) else "(không có)"
    return Checked(
        name,
        path,
        None,
        [
            Problem(
                name,
                line,
                col,
                "unknown-format",
                f"dòng format: {shown} không phải định dạng của parcli; hãy viết "
                f"`format: {SUBMISSION_FORMAT}` (hồ sơ của cơ quan), "
                f"`format: {CRITERIA_FORMAT}` (bộ tiêu chí) hoặc "
                f"`format: {PLAN_FORMAT}` (kế hoạch)",
                ("format",),
            )
        ],
    )


def _check_criteria_doc(doc: Document) -> Checked:
    cs, problems = parse_model(doc, CriteriaSet)
    if cs is not None:
        problems = check_criteria(doc, cs)
        if has_errors(problems):
            cs = None
    raw_id = doc.data.get("id") if isinstance(doc.data, dict) else None
    claimed = raw_id if isinstance(raw_id, str) else doc.path.stem
    return Checked(
        doc.file,
        doc.path,
        "criteria",
        problems,
        criteria_set=cs,
        claimed_id=claimed,
        id_at=doc.position(("id",)) if isinstance(doc.data, dict) else (1, 1),
        document=doc if cs is not None else None,
    )


def _check_submission_doc(doc: Document, library: Library, today: dt.date) -> Checked:
    sub, problems = parse_model(doc, Submission)
    set_aside = SetAside()
    if sub is None:
        # Set aside the items with shape errors and check the rest, so one bad value does not
        # hide every other problem of the file until the next run.
        pruned = prune_broken_entries(doc.data, problems)
        if pruned is not None:
            sub, _ = parse_model(doc, Submission, data=pruned[0])
            set_aside = pruned[1]
        if sub is None:
            return Checked(doc.file, doc.path, "submission", problems)
    shape_problems = problems
    cs = library.find(sub.criteria_id)
    if cs is None and sub.criteria_id in library.broken:
        line, col = doc.position(("criteria",))
        message = (
            f"bộ tiêu chí “{sub.criteria_id}” ({library.broken[sub.criteria_id]}) đang có lỗi nên chưa "
            "chấm được hồ sơ này; hãy sửa các lỗi của tệp bộ tiêu chí trước (parcli validate)"
        )
        problem = Problem(doc.file, line, col, "criteria-invalid", message, ("criteria",))
        return Checked(doc.file, doc.path, "submission", [problem])
    if cs is None:
        line, col = doc.position(("criteria",))
        known = ", ".join(library.known()) or "(không có)"
        message = (
            f"không tìm thấy bộ tiêu chí “{sub.criteria_id}”; các bộ có sẵn: {known}. "
            "Hãy sửa dòng criteria: hoặc thêm tệp vào thư mục criteria/"
        )
        problem = Problem(doc.file, line, col, "unknown-criteria", message, ("criteria",))
        return Checked(doc.file, doc.path, "submission", [problem])
    seen: list[FileSeen] = []
    problems = shape_problems + check_submission(
        doc, sub, cs, root=library.root, today=today, set_aside=set_aside, files_seen=seen
    )
    valid = not has_errors(problems)
    return Checked(
        doc.file,
        doc.path,
        "submission",
        problems,
        submission=sub if valid else None,
        criteria_set=cs if valid else None,
        agency_at=doc.position(("agency", "id")),
        files_seen=tuple(seen),
    )
