"""End-to-end cases: each folder in tests/cases/ with its exact expected problems.

A case runs `parcli validate --today 2026-11-25` in a copy of its folder, or the command in
its `command.txt` (survey import, appraise from a table, a report); a `setup.sh` runs first
when the case needs a file too large or too odd to commit. `expected.txt` holds every
problem line the command prints, on standard output or standard error, in order.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.problems import CODES
from tests.conftest import Run

CASES = Path(__file__).parent / "cases"
SHARED = CASES / "_shared"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
# file:line:col, or file:'Sheet'!F12 for a cell of a workbook
PROBLEM_LINE = re.compile(r"^\S.*:(\d+:\d+|'.*'![A-Z]+\d+): (error|warning): .* \([a-z-]+\)$")
CASE_FILES = ("expected.txt", "command.txt", "setup.sh", "slow")


def test_there_are_at_least_thirty_kinds_of_bad_input() -> None:
    assert len(NAMES) >= 30


def expected_text(name: str) -> str:
    return (CASES / name / "expected.txt").read_text(encoding="utf-8")


def test_every_problem_code_has_a_case_that_reports_it() -> None:
    reported = set()
    for name in NAMES:
        reported |= set(re.findall(r"\(([a-z-]+)\)$", expected_text(name), re.MULTILINE))
    assert sorted(set(CODES) - reported) == []


def run_case(name: str, work: Path, cli: Callable[..., Run]) -> Run:
    shutil.copytree(CASES / name, work, symlinks=True, ignore=shutil.ignore_patterns(*CASE_FILES))
    if not (work / "criteria").exists():
        shutil.copytree(SHARED / "criteria", work / "criteria")
    setup = CASES / name / "setup.sh"
    if setup.exists():
        # $PYTHON runs parcli and openpyxl (to export a form and fill it in as a user would)
        env = {**os.environ, "PYTHON": sys.executable, "PYTHONPATH": str(CASES.parent.parent)}
        subprocess.run(["bash", str(setup)], cwd=work, check=True, env=env)
    command = CASES / name / "command.txt"
    args = (
        shlex.split(command.read_text(encoding="utf-8"))
        if command.exists()
        else ["validate", "--today", "2026-11-25"]
    )
    return cli(*args, cwd=work)


# A case folder holding a file named `slow` runs in the full suite only.
CASE_PARAMS = [
    pytest.param(name, marks=pytest.mark.slow) if (CASES / name / "slow").exists() else name
    for name in NAMES
]


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_case_reports_exactly_the_expected_problems(
    name: str, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    result = run_case(name, tmp_path / name, cli)
    printed = (result.stdout + result.stderr).splitlines()
    problems = "".join(line + "\n" for line in printed if PROBLEM_LINE.match(line))
    expected_file = CASES / name / "expected.txt"
    if os.environ.get("PARCLI_UPDATE_GOLDEN"):
        expected_file.write_text(problems, encoding="utf-8")
    assert problems == expected_text(name)
    has_error = any(": error: " in line for line in problems.splitlines())
    assert result.code == (1 if has_error else 0), result.stderr
    assert "Traceback" not in result.stderr
