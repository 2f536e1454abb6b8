"""One file → its checks: read, shape, the checks of its kind, and the criteria set it uses.

A file is read, checked and reduced to its models one at a time, so a national corpus of
thousands of submissions never holds more than one parse tree in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from parcli.check.criteria import check_criteria
from parcli.check.evidence import FileSeen
from parcli.check.planfile import check_plan_document
from parcli.check.settings import SETTINGS_FORMAT, settings_from
from parcli.check.shape import SetAside, parse_model, prune_broken_entries
from parcli.check.submission import check_submission
from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.loading import Document, parse_bytes, read_document
from parcli.models import (
    CRITERIA_FORMAT,
    PLAN_FORMAT,
    SUBMISSION_FORMAT,
    CriteriaSet,
    Submission,
)
from parcli.problems import Problem, has_errors
from parcli.workspace import SETTINGS_FILE, bundled_dir, display_name, is_folder, real


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


@dataclass
class Library:
    """Criteria sets by id: those given, then the workspace's criteria/, then the bundled ones."""

    root: Path
    cwd: Path
    sets: dict[str, CriteriaSet] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)  # id → the file that has errors
    # id → (where the first file claiming it came from, that file)
    claims: dict[str, tuple[str, Path]] = field(default_factory=dict)
    _searched: bool = False
    _read: set[Path] = field(default_factory=set)  # criteria files already added, resolved
    _contents: set[bytes] = field(default_factory=set)  # and the sha256 of their bytes
    bundled: set[str] = field(default_factory=set)  # ids of the sets shipped with parcli

    def add(self, checked: Checked, *, origin: str = "given") -> Problem | None:
        """Keep the first set seen for an id. A broken file claims its id too: a bundled set of
        the same id must never stand in silently for the workspace's own, broken one.

        Two files of one origin (the files given, or one folder) claiming one id is a
        problem, returned for the second: neither set is then used, since which one was
        meant cannot be known. A later origin (the bundled sets) may claim it silently.
        """
        cs = checked.criteria_set if checked.kind == "criteria" else None
        in_criteria_folder = checked.path.parent.name == "criteria"
        if checked.kind == "criteria" or in_criteria_folder:
            self._read.add(real(checked.path))
            digest = _digest(checked.path)
            if digest:
                self._contents.add(digest)
        claimed = cs.id if cs is not None else checked.claimed_id
        if claimed is None and in_criteria_folder:
            claimed = checked.path.stem  # unreadable: its name is the best guess of its id
        if claimed is None:
            return None
        if claimed in self.claims:
            first_origin, first = self.claims[claimed]
            if first_origin != origin or os.path.realpath(first) == os.path.realpath(checked.path):
                return None
            self.sets.pop(claimed, None)
            self.broken[claimed] = checked.file
            message = (
                f"bộ tiêu chí “{claimed}” đã có trong {display_name(first, self.cwd)}; hai tệp "
                "không được cùng một id: hãy đổi id của một tệp hoặc xóa tệp thừa"
            )
            return Problem(checked.file, *checked.id_at, "duplicate-criteria", message, ("id",))
        self.claims[claimed] = (origin, checked.path)
        if cs is not None:
            self.sets[claimed] = cs
        elif checked.kind == "criteria" or in_criteria_folder:
            self.broken[claimed] = checked.file
        return None

    def find(self, criteria_id: str) -> CriteriaSet | None:
        if criteria_id not in self.sets and criteria_id not in self.broken:
            self._search()
        return self.sets.get(criteria_id)

    def find_previous(self, cs: CriteriaSet) -> CriteriaSet | None:
        """The set of the same agency group for the year before (the first one found)."""

        def match(sets: list[CriteriaSet]) -> CriteriaSet | None:
            return next(
                (
                    other
                    for other in sets
                    if other.group_id == cs.group_id
                    and other.assessed_year == cs.assessed_year - 1
                    and other.id != cs.id
                ),
                None,
            )

        return match(list(self.sets.values())) or match(self.all_sets())

    def all_sets(self) -> list[CriteriaSet]:
        """Every set the library can find, the workspace's before the bundled ones."""
        self._search()
        return list(self.sets.values())

    def _search(self) -> None:
        if self._searched:
            return
        self._searched = True
        own = self.root / "criteria"
        for folder in (own, bundled_dir("criteria")):
            if folder is None or not is_folder(folder):
                continue
            for path in sorted(folder.glob("*.y*ml")):
                # a file already read, or a copy of one (bundled sets copied into a workspace)
                digest = _digest(path)
                if real(path) in self._read or digest in self._contents:
                    continue
                before = set(self.sets)
                checked = _check_set_file(path, digest, cwd=self.cwd, library=self)
                self.add(checked, origin=str(folder))
                if real(folder) != real(own):
                    self.bundled.update(set(self.sets) - before)

    def known(self) -> list[str]:
        return sorted(self.sets)


# Criteria sets found by searching, checked once per process: a caller that runs many
# commands in one process (the Python API, the test suite) reads the bundled sets once.
# The check of a criteria file depends on its bytes and its name only.
_SET_FILES: dict[tuple[str, str, bytes], Checked] = {}
_SET_FILES_KEPT = 32


def _check_set_file(path: Path, digest: bytes, *, cwd: Path, library: Library) -> Checked:
    name = display_name(path, cwd)
    key = (str(real(path)), name, digest)
    found = _SET_FILES.get(key)
    if found is None:
        try:
            raw = read_regular(path, limit=MAX_FILE_BYTES)
        except Unreadable:
            raw = b""
        if not digest or hashlib.sha256(raw).digest() != digest:
            # unreadable, too large, or changed since it was looked at: no shortcut
            return check_file(path, cwd=cwd, library=library, today=dt.date.today())
        found = _check_bytes(raw, path=path, cwd=cwd, library=library, today=dt.date.today())
        if found.kind != "criteria":
            return found  # not a set after all: nothing to keep
        if len(_SET_FILES) >= _SET_FILES_KEPT:
            _SET_FILES.clear()
        _SET_FILES[key] = found
    return dataclasses.replace(found, problems=list(found.problems))


def _digest(path: Path) -> bytes:
    """The sha256 of a regular file's bytes; b"" for anything else (a FIFO is never opened)."""
    try:
        return hashlib.sha256(read_regular(path, limit=MAX_FILE_BYTES)).digest()
    except Unreadable:
        return b""


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
