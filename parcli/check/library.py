"""The Library of criteria sets by id, which submissions are checked against: the sets given,
then the workspace's criteria/, then the bundled ones, each set found checked once per
process."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from parcli.check.files import Checked, check_document, check_file
from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.models import CriteriaSet
from parcli.problems import Problem
from parcli.workspace import bundled_dir, display_name, is_folder, real


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
        found = check_document(raw, path=path, cwd=cwd, library=library, today=dt.date.today())
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
