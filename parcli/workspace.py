"""Which files a command reads, which criteria set each submission uses, and the checks in order.

A file is read, checked and reduced to its models one at a time, so a national corpus of
thousands of submissions never holds more than one parse tree in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from parcli.bundled import bundled_dir
from parcli.check_criteria import check_criteria
from parcli.check_submission import check_submission
from parcli.errors import UsageError
from parcli.loading import Document, parse_bytes, read_document
from parcli.models import CRITERIA_FORMAT, SUBMISSION_FORMAT, CriteriaSet, Submission
from parcli.problems import Problem, has_errors
from parcli.shape import parse_model, prune_broken_entries

YAML_SUFFIXES = (".yaml", ".yml")
MARKERS = ("criteria", "submissions", "parcli.yaml")


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding criteria/, submissions/ or parcli.yaml."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return here


def display_name(path: Path, cwd: Path) -> str:
    """Paths as the user would type them: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(path)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their YAML files, recursively, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in YAML_SUFFIXES
                    and p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(f"không tìm thấy {path}; hãy kiểm tra đường dẫn")
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Checked:
    """One file after its checks: its problems and, when it has no errors, its model."""

    file: str
    path: Path
    kind: Literal["criteria", "submission"] | None
    problems: list[Problem]
    criteria: CriteriaSet | None = None
    submission: Submission | None = None
    criteria_set: CriteriaSet | None = None  # the set a valid submission is checked against
    claimed_id: str | None = None  # the id a criteria file gives itself, valid or not
    agency_at: tuple[int, int] = (1, 1)  # where a submission's agency id is written


@dataclass
class Library:
    """Criteria sets by id: those given, then the workspace's criteria/, then the bundled ones."""

    root: Path
    cwd: Path
    sets: dict[str, CriteriaSet] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)  # id → the file that has errors
    _searched: bool = False

    def add(self, checked: Checked) -> None:
        """Keep the first set seen for an id. A broken file claims its id too: a bundled set of
        the same id must never stand in silently for the workspace's own, broken one."""
        cs = checked.criteria
        in_criteria_folder = checked.path.parent.name == "criteria"
        claimed = cs.id if cs is not None else checked.claimed_id
        if claimed is None and in_criteria_folder:
            claimed = checked.path.stem  # unreadable: its name is the best guess of its id
        if claimed is None or claimed in self.sets or claimed in self.broken:
            return
        if cs is not None:
            self.sets[claimed] = cs
        elif checked.kind == "criteria" or in_criteria_folder:
            self.broken[claimed] = checked.file

    def find(self, criteria_id: str) -> CriteriaSet | None:
        if criteria_id not in self.sets and criteria_id not in self.broken:
            self._search()
        return self.sets.get(criteria_id)

    def all_sets(self) -> list[CriteriaSet]:
        """Every set the library can find, the workspace's before the bundled ones."""
        self._search()
        return list(self.sets.values())

    def _search(self) -> None:
        if self._searched:
            return
        self._searched = True
        for folder in (self.root / "criteria", bundled_dir("criteria")):
            if folder is None or not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.y*ml")):
                self.add(check_file(path, cwd=self.cwd, library=self, today=dt.date.today()))

    def known(self) -> list[str]:
        return sorted(self.sets)


def check_file(path: Path, *, cwd: Path, library: Library, today: dt.date) -> Checked:
    name = display_name(path, cwd)
    doc, problems = read_document(path, file=name)
    return _check_parsed(name, path, doc, problems, library, today)


def check_document(
    raw: bytes, *, path: Path, cwd: Path, library: Library, today: dt.date
) -> Checked:
    """The checks of `check_file` on contents not (yet) on disk, as if they were at `path`."""
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
    fmt = doc.data.get("format") if isinstance(doc.data, dict) else None
    if fmt == CRITERIA_FORMAT:
        return _check_criteria_doc(doc)
    if fmt == SUBMISSION_FORMAT:
        return _check_submission_doc(doc, library, today)
    line, col = doc.position(("format",)) if isinstance(doc.data, dict) else (1, 1)
    shown = f"“{fmt}”" if isinstance(fmt, str) else "(không có)"
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
                f"`format: {SUBMISSION_FORMAT}` (hồ sơ của cơ quan) hoặc "
                f"`format: {CRITERIA_FORMAT}` (bộ tiêu chí)",
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
    return Checked(doc.file, doc.path, "criteria", problems, criteria=cs, claimed_id=claimed)


def _check_submission_doc(doc: Document, library: Library, today: dt.date) -> Checked:
    sub, problems = parse_model(doc, Submission)
    set_aside: set[str] = set()
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
    cs = library.find(sub.criteria)
    if cs is None and sub.criteria in library.broken:
        line, col = doc.position(("criteria",))
        message = (
            f"bộ tiêu chí “{sub.criteria}” ({library.broken[sub.criteria]}) đang có lỗi nên chưa "
            "chấm được hồ sơ này; hãy sửa các lỗi của tệp bộ tiêu chí trước (parcli validate)"
        )
        problem = Problem(doc.file, line, col, "criteria-invalid", message, ("criteria",))
        return Checked(doc.file, doc.path, "submission", [problem])
    if cs is None:
        line, col = doc.position(("criteria",))
        known = ", ".join(library.known()) or "(không có)"
        message = (
            f"không tìm thấy bộ tiêu chí “{sub.criteria}”; các bộ có sẵn: {known}. "
            "Hãy sửa dòng criteria: hoặc thêm tệp vào thư mục criteria/"
        )
        problem = Problem(doc.file, line, col, "unknown-criteria", message, ("criteria",))
        return Checked(doc.file, doc.path, "submission", [problem])
    problems = shape_problems + check_submission(
        doc, sub, cs, root=library.root, today=today, set_aside=set_aside
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
    )


def default_paths(root: Path) -> list[Path]:
    found = [root / name for name in ("criteria", "submissions") if (root / name).is_dir()]
    if not found:
        raise UsageError(
            f"không thấy thư mục criteria/ hoặc submissions/ trong {root}; "
            "hãy chạy lệnh trong thư mục làm việc hoặc chỉ rõ tệp, thư mục cần kiểm tra"
        )
    return found


def check_paths(paths: Sequence[Path], *, cwd: Path, today: dt.date) -> Iterator[Checked]:
    """Check every file under `paths`: criteria sets first, so submissions can use them."""
    root = find_root(
        paths[0].parent if paths and paths[0].is_file() else (paths[0] if paths else cwd)
    )
    files = expand_paths(paths)
    library = Library(root=root, cwd=cwd)
    criteria_files, other_files = _criteria_first(files)
    agencies: dict[str, str] = {}
    for path in [*criteria_files, *other_files]:
        checked = check_file(path, cwd=cwd, library=library, today=today)
        library.add(checked)
        if checked.submission is not None:
            first = agencies.setdefault(checked.submission.agency.id, checked.file)
            if first != checked.file:
                checked.problems.append(
                    Problem(
                        checked.file,
                        *checked.agency_at,
                        "duplicate-agency",
                        f"mã cơ quan {checked.submission.agency.id} đã dùng trong {first}; "
                        "mỗi cơ quan một tệp hồ sơ với mã riêng",
                        ("agency", "id"),
                    )
                )
        yield checked


def _criteria_first(files: list[Path]) -> tuple[list[Path], list[Path]]:
    """Criteria files are told by their folder or a cheap look at their first lines."""
    criteria: list[Path] = []
    others: list[Path] = []
    for path in files:
        (criteria if _looks_like_criteria(path) else others).append(path)
    return criteria, others


def _looks_like_criteria(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return CRITERIA_FORMAT.encode() in head
