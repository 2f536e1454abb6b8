"""Changes to submission files as one unit: checked like `parcli validate`, shown, written.

Every command that writes builds the new contents of each file first, checks them all with
the same checks as `parcli validate` (one agency per file included), and writes nothing
unless every file passes; the files are then replaced all or nothing (`writes.replace_files`),
so an interrupted run leaves every old file whole. A command holds the workspace's lock from
reading to replacing (`locks.workspace_lock`): two runs at once lose nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.characters import IN_NAME, IN_TEXT, char_name
from parcli.check.files import check_document
from parcli.check.library import Library
from parcli.errors import UsageError
from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.loading import parse_bytes
from parcli.meter import SILENT, Meter, tracking
from parcli.models import SUBMISSION_FORMAT, Appraisal, CriteriaSet, Submission
from parcli.problems import Problem, has_errors, sort_problems
from parcli.workspace import display_name, expand_paths, find_root, is_folder, is_yaml
from parcli.writes import Write, replace_files

# Where new sections go: the order of the format (items, …, appraisal, survey, plan).
KEY_ORDER = tuple(
    field.alias or name
    for model in (Submission, Appraisal)
    for name, field in model.model_fields.items()
)


@dataclass(frozen=True)
class Edit:
    path: Path
    old: bytes | None  # None: the file is new
    new: bytes


@dataclass(frozen=True)
class Change:
    """The edits a command wants to make, and the problems that stop them."""

    edits: tuple[Edit, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def visible_text(value: str, *, option: str, one_line: bool = False, into: str = "hồ sơ") -> str:
    """A value from the command line that goes into a file (`into`: which, in the message): no
    control or invisible character (a newline in `--name` would break out of the header
    comment and add a key)."""
    bad = (IN_NAME if one_line else IN_TEXT).search(value)
    if bad is not None:
        kind = "xuống dòng" if bad.group() in "\r\n" else char_name(bad.group())
        raise UsageError(
            f"{option} có ký tự {kind}, không được ghi vào {into}; hãy gõ lại giá trị này"
            + ("" if one_line else " (được xuống dòng, không được có ký tự điều khiển)")
        )
    return value


def refused(problems: Sequence[Problem]) -> Change:
    return Change((), tuple(sort_problems(problems)))


@dataclass(frozen=True)
class Target:
    """A submission file about to be edited: its bytes, its model and its criteria set."""

    path: Path
    raw: bytes
    submission: Submission
    criteria_set: CriteriaSet


def library_for(path: Path, cwd: Path) -> Library:
    return Library(root=find_root(path.parent), cwd=cwd)


def open_target(
    path: Path, *, cwd: Path, library: Library, today: dt.date
) -> tuple[Target | None, list[Problem]]:
    """Read a submission to edit; a file that does not pass validation is not edited."""
    if not os.path.lexists(path):
        raise UsageError(f"không tìm thấy {path}; hãy kiểm tra đường dẫn")
    try:
        raw = read_regular(path, limit=MAX_FILE_BYTES)
    except Unreadable as exc:
        raise UsageError(f"không đọc được {path}: {exc.reason}") from None
    checked = check_document(raw, path=path, cwd=cwd, library=library, today=today)
    if checked.kind in ("criteria", "settings") or (
        checked.kind is None and not has_errors(checked.problems)
    ):
        raise UsageError(
            f"{checked.file} không phải hồ sơ của cơ quan (dòng `format: {SUBMISSION_FORMAT}`)"
        )
    if checked.submission is None or checked.criteria_set is None:
        return None, [p for p in checked.problems if p.is_error]
    return Target(path, raw, checked.submission, checked.criteria_set), []


def agency_files(root: Path) -> dict[str, list[Path]]:
    """The workspace's submissions by agency id, read quickly (no checks)."""
    folder = root / "submissions"
    found: dict[str, list[Path]] = {}
    if not is_folder(folder):
        return found
    for path in expand_paths([folder], cwd=root).files:
        try:
            doc, _ = parse_bytes(
                read_regular(path, limit=MAX_FILE_BYTES), file=path.name, path=path
            )
        except Unreadable:
            continue
        data = doc.data if doc is not None else None
        if not isinstance(data, dict) or data.get("format") != SUBMISSION_FORMAT:
            continue
        agency = data.get("agency")
        if isinstance(agency, dict) and isinstance(agency.get("id"), str):
            found.setdefault(agency["id"].strip(), []).append(path)
    return found


Agencies = Mapping[str, Sequence[Path]]  # agency id → the submission files that claim it


def check_edits(
    edits: Sequence[Edit],
    *,
    cwd: Path,
    today: dt.date,
    agencies: Agencies | None = None,
    meter: Meter = SILENT,
) -> list[Problem]:
    """The problems `parcli validate` would report for the edited files (errors only),
    the agency ids other files of the workspace already use included."""
    problems: list[Problem] = []
    libraries: dict[Path, Library] = {}
    claimed: dict[Path, Agencies] = {}
    with tracking(meter, "Đang kiểm tra các hồ sơ sẽ ghi", len(edits)):
        for edit in edits:
            if is_yaml(edit.path.name):  # not the JSON Schemas `init` adds beside a submission
                problems.extend(_check_edit(edit, cwd, today, agencies, libraries, claimed))
            meter.advance()
    return sort_problems(problems)


def _check_edit(
    edit: Edit,
    cwd: Path,
    today: dt.date,
    agencies: Agencies | None,
    libraries: dict[Path, Library],
    claimed: dict[Path, Agencies],
) -> list[Problem]:
    if len(edit.new) > MAX_FILE_BYTES:  # written, it could be neither checked nor edited again
        message = (
            f"sau khi ghi, tệp sẽ lớn {len(edit.new) / 1024 / 1024:.1f} MB, hơn giới hạn "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB parcli đọc được; hãy bớt nội dung (ghi chú, "
            "tài liệu kiểm chứng) rồi chạy lại"
        )
        return [Problem(display_name(edit.path, cwd), 1, 1, "file-too-large", message)]
    root = find_root(edit.path.parent)
    library = libraries.setdefault(root, Library(root=root, cwd=cwd))
    checked = check_document(edit.new, path=edit.path, cwd=cwd, library=library, today=today)
    problems = [p for p in checked.problems if p.is_error]
    if checked.submission is None or not _inside(edit.path, root / "submissions"):
        return problems  # one agency per file is a rule of the workspace's submissions/
    if root not in claimed:
        claimed[root] = agencies if agencies is not None else agency_files(root)
    agency = checked.submission.agency.id
    others = [p for p in claimed[root].get(agency, ()) if not _same_file(p, edit.path)]
    if others:
        message = (
            f"mã cơ quan {agency} đã dùng trong {display_name(others[0], cwd)}; "
            "mỗi cơ quan một tệp hồ sơ với mã riêng"
        )
        where = checked.agency_at
        problems.append(
            Problem(checked.file, *where, "duplicate-agency", message, ("agency", "id"))
        )
    return problems


def _same_file(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _inside(path: Path, folder: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def finish(
    edits: Sequence[Edit],
    *,
    cwd: Path,
    today: dt.date,
    agencies: Agencies | None = None,
    meter: Meter = SILENT,
) -> Change:
    """Keep the edits that change something, and check them all."""
    changed = tuple(edit for edit in edits if edit.new != edit.old)
    problems = check_edits(changed, cwd=cwd, today=today, agencies=agencies, meter=meter)
    return Change(changed, tuple(problems))


def diff_edits(edits: Sequence[Edit], *, cwd: Path) -> str:
    """A `git diff`-style text of every edit, for dry runs."""
    parts: list[str] = []
    for edit in edits:
        name = display_name(edit.path, cwd)
        before = _lines(edit.old) if edit.old is not None else []
        lines = difflib.unified_diff(
            before,
            _lines(edit.new),
            fromfile="/dev/null" if edit.old is None else f"a/{name}",
            tofile=f"b/{name}",
        )
        parts.extend(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in lines
        )
    return "".join(parts)


def _lines(raw: bytes) -> list[str]:
    return raw.decode("utf-8-sig").replace("\r\n", "\n").splitlines(keepends=True)


def write_edits(edits: Sequence[Edit]) -> None:
    """Replace every file or none, unless someone changed one since it was read."""
    replace_files([Write(edit.path, edit.new, edit.old) for edit in edits])
