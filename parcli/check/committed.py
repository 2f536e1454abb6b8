"""A submission as a commit holds it: the errors `parcli score` would leave it out for, less
those that depend on the disk of today (an evidence file since moved), so that the history of
a file scores a version exactly when `score` at that commit would have."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from parcli.check.located import Unplaced
from parcli.check.submission import check_submission
from parcli.models import CriteriaSet, Submission
from parcli.problems import Problem

# Looked up on the disk as it is now, not as the commit had it.
ON_DISK = frozenset({"evidence-file-missing"})


def committed_errors(
    sub: Submission,
    cs: CriteriaSet,
    *,
    data: Any,
    file: str,
    path: Path,
    root: Path,
    today: dt.date,
) -> list[Problem]:
    """The errors of a committed version (`data` as parsed, `sub` its model), unplaced."""
    found = check_submission(Unplaced(file, path, data), sub, cs, root=root, today=today)
    return [p for p in found if p.is_error and p.code not in ON_DISK]
