"""The criteria sets of a run: told from other files by their first bytes, found where a
Library may read them, read before the submissions and mapped to the previous year's sets."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from parcli.workspace import bundled_dir, is_folder, real

if TYPE_CHECKING:
    from parcli.check.files import Checked
    from parcli.check.library import Library

CRITERIA_MARK = b"parcli/criteria/1"
HEAD_BYTES = 4096


def head(path: Path) -> bytes | None:
    """The first bytes of a regular file, enough to tell a criteria set by its `format`; None
    for anything else (a FIFO named *.yaml is never opened, since that would wait forever)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except (OSError, ValueError):
        return None


def is_library_file(path: Path, raw: bytes | None) -> bool:
    """A criteria set, or a file in a criteria/ folder: checked before the others, since a
    submission is checked against the sets the run has read."""
    return path.parent.name == "criteria" or (raw is not None and CRITERIA_MARK in raw)


def library_sources(root: Path, given: Iterable[Path]) -> list[Path]:
    """Every file a Library of this run may read: the sets given, the workspace's criteria/,
    the bundled sets. The cache key covers all of them."""
    found = list(given)
    for folder in (root / "criteria", bundled_dir("criteria")):
        if folder is not None and is_folder(folder):
            found.extend(sorted(folder.glob("*.y*ml")))
    # A file named twice is read once, where it takes precedence: `validate` (which is given
    # criteria/) and `score` (which finds it) then share their entries.
    first: dict[Path, Path] = {}
    for path in found:
        first.setdefault(real(path), path)
    return list(first.values())


def read_sets(
    library: Library, paths: Sequence[Path], *, cwd: Path, today: dt.date
) -> list[Checked]:
    """The sets of a run checked in order, each added to `library` (a set whose id is taken
    gets the problem), then mapped against the previous year's sets."""
    from parcli.check.files import check_file

    checked: list[Checked] = []
    for path in paths:
        one = check_file(path, cwd=cwd, library=library, today=today)
        duplicate = library.add(one)
        if duplicate is not None:
            one.problems.append(duplicate)
        checked.append(one)
    check_mappings(library, checked)
    return checked


def check_mappings(library: Library, checked: Iterable[Checked]) -> None:
    """Each valid set given is read against the previous year's set of its group, once every
    set of the run is known; the problems join the set's own."""
    from parcli.check.mapping import check_mapping

    for one in checked:
        cs, doc = one.criteria_set, one.document
        if cs is None or doc is None:
            continue
        previous = library.find_previous(cs)
        if previous is not None:
            one.problems.extend(check_mapping(doc, cs, previous))
