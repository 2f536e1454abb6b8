"""End-to-end validation cases: each folder in tests/cases/ with its exact expected output."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

CASES = Path(__file__).parent / "cases"
SHARED = CASES / "_shared"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def test_there_are_at_least_thirty_kinds_of_bad_input() -> None:
    assert len(NAMES) >= 30


@pytest.mark.parametrize("name", NAMES)
def test_case_reports_exactly_the_expected_problems(
    name: str, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    work = tmp_path / name
    shutil.copytree(
        CASES / name, work, symlinks=True, ignore=shutil.ignore_patterns("expected.txt")
    )
    if not (work / "criteria").exists():
        shutil.copytree(SHARED / "criteria", work / "criteria")
    result = cli("validate", "--today", "2026-11-25", cwd=work)
    expected_file = CASES / name / "expected.txt"
    if os.environ.get("PARCLI_UPDATE_GOLDEN"):
        expected_file.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected_file.read_text(encoding="utf-8")
    has_error = any(": error: " in line for line in result.stdout.splitlines())
    assert result.code == (1 if has_error else 0), result.stderr
    assert "Traceback" not in result.stderr
