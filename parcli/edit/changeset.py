"""Changes to submission files as one unit: checked like `parcli validate`, shown, written.

Every command that writes builds the new contents of each file first, checks them all with
the same checks as `parcli validate`, and writes nothing unless every file passes; each file
is then replaced atomically, so an interrupted run leaves the old file whole.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.check.files import Library, check_document
from parcli.errors import ParcliError, UsageError
from parcli.files import write_atomic
from parcli.loading import parse_bytes
from parcli.meter import SILENT, Meter, tracking
from parcli.models import SUBMISSION_FORMAT, Appraisal, CriteriaSet, Submission
from parcli.problems import Problem, has_errors, sort_problems
from parcli.workspace import YAML_SUFFIXES, display_name, find_root, is_yaml

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
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"không tìm thấy {path}; hãy kiểm tra đường dẫn") from None
    except OSError as exc:
        raise UsageError(f"không đọc được {path}: {exc.strerror or exc}") from None
    checked = check_document(raw, path=path, cwd=cwd, library=library, today=today)
    if checked.kind == "criteria" or (checked.kind is None and not has_errors(checked.problems)):
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
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in YAML_SUFFIXES or not path.is_file():
            continue
        try:
            doc, _ = parse_bytes(path.read_bytes(), file=path.name, path=path)
        except OSError:
            continue
        data = doc.data if doc is not None else None
        if not isinstance(data, dict) or data.get("format") != SUBMISSION_FORMAT:
            continue
        agency = data.get("agency")
        if isinstance(agency, dict) and isinstance(agency.get("id"), str):
            found.setdefault(agency["id"].strip(), []).append(path)
    return found


def check_edits(
    edits: Sequence[Edit], *, cwd: Path, today: dt.date, meter: Meter = SILENT
) -> list[Problem]:
    """The problems `parcli validate` would report for the edited files (errors only)."""
    problems: list[Problem] = []
    libraries: dict[Path, Library] = {}
    with tracking(meter, "Đang kiểm tra các hồ sơ sẽ ghi", len(edits)):
        for edit in edits:
            if is_yaml(edit.path.name):  # not the JSON Schemas `init` adds beside a submission
                root = find_root(edit.path.parent)
                library = libraries.setdefault(root, Library(root=root, cwd=cwd))
                checked = check_document(
                    edit.new, path=edit.path, cwd=cwd, library=library, today=today
                )
                problems.extend(p for p in checked.problems if p.is_error)
            meter.advance()
    return sort_problems(problems)


def finish(edits: Sequence[Edit], *, cwd: Path, today: dt.date, meter: Meter = SILENT) -> Change:
    """Keep the edits that change something, and check them all."""
    changed = tuple(edit for edit in edits if edit.new != edit.old)
    return Change(changed, tuple(check_edits(changed, cwd=cwd, today=today, meter=meter)))


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
    """Replace each file atomically, unless someone changed it since it was read."""
    for n, edit in enumerate(edits):
        done = f" ({n} tệp trước đó đã được ghi)" if n else ""
        current = edit.path.read_bytes() if edit.path.exists() else None
        if current != edit.old:
            raise UsageError(
                f"{edit.path} vừa bị thay đổi trong lúc parcli chạy; hãy chạy lại lệnh{done}"
            )
        try:
            write_atomic(edit.path, edit.new)
        except OSError as exc:
            raise ParcliError(
                f"không ghi được {edit.path}: {exc.strerror or exc}; tệp cũ vẫn nguyên vẹn{done}"
            ) from None
