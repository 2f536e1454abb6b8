"""Shared fixtures: real CLI runs (in-process and as a subprocess) and small workspaces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.simyear import Year

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test has its own cache of checked files, never the user's (subprocesses too)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PARCLI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run `parcli ARGS` in-process through the console-script entry point, in `cwd`."""
    from parcli.cli import main

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def run_subprocess(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `python -m parcli ARGS` as a separate process: the real thing, exit code included."""
    full_env = {**os.environ, "COLUMNS": "100", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "parcli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def write(path: Path, text: str) -> Path:
    """Write dedented text, creating folders: inputs stay readable next to the test."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


MINI_CRITERIA = """
format: parcli/criteria/1
id: mini
title: Bộ tiêu chí thử
period: {start: 2026-01-01, end: 2026-12-31}
scale: {total: 10, self: 8, survey: 2}
expect: {areas: 2, criteria: 3, sub_criteria: 2}
decimals: {points: 2, percent: 2}
classes:
  - {name: Tốt, min: 90}
  - {name: Khá, min: 80}
  - {name: Yếu, min: 0}
bonus: {max: 1}
penalty: {max: 2}
areas:
  - id: "1"
    title: Chỉ đạo, điều hành
    criteria:
      - id: "1.1"
        title: Kế hoạch CCHC
        sub_criteria:
          - id: "1.1.1"
            title: Ban hành kế hoạch
            max: 1
            text: "Kịp thời: 1; không kịp thời: 0,5; không ban hành: 0"
            owner: Văn phòng
            rule:
              levels:
                - {label: Ban hành kịp thời, points: 1}
                - {label: Ban hành không kịp thời, points: 0.5}
                - {label: Không ban hành, points: 0}
            evidence: required
          - id: "1.1.2"
            title: Mức độ hoàn thành kế hoạch
            max: 2
            text: "Từ 100%: 2; từ 80% đến dưới 100%: 1; dưới 80%: 0"
            rule:
              percent_of: [done, planned]
              labels: {done: nhiệm vụ hoàn thành, planned: nhiệm vụ trong kế hoạch}
              bands:
                - {min: 100, points: 2}
                - {min: 80, points: 1}
                - {min: 0, points: 0}
      - id: "1.2"
        title: Hài lòng về chỉ đạo, điều hành
        max: 2
        text: Điều tra xã hội học
        method: survey
  - id: "2"
    title: Thủ tục hành chính
    criteria:
      - id: "2.1"
        title: Hồ sơ giải quyết đúng hạn
        max: 5
        text: Tỷ lệ hồ sơ đúng hạn × 5
        owner: Bộ phận một cửa
        rule: {ratio_of: [on_time, total], labels: {on_time: hồ sơ đúng hạn, total: hồ sơ đã giải quyết}}
        decimals: 4
        na: allowed
"""


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled workspace: criteria sets, this year's and last year's
    submissions (archive/2025/), and its parcli.yaml."""
    for folder in ("criteria", "submissions", "archive"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copy(REPO / "parcli.yaml", tmp_path / "parcli.yaml")
    return tmp_path


@pytest.fixture
def mini_workspace(tmp_path: Path) -> Path:
    """A workspace with a 10-point criteria set (8 self + 2 survey) and no submissions yet."""
    write(tmp_path / "criteria" / "mini.yaml", MINI_CRITERIA)
    (tmp_path / "submissions").mkdir()
    return tmp_path


@pytest.fixture(scope="session")
def year(tmp_path_factory: pytest.TempPathFactory) -> Year:
    """The simulated year (tests/simyear.py), built once per test process; never modify it:
    tests that write copy it first (`copy_repo`)."""
    from tests.simyear import build_year

    base = tmp_path_factory.mktemp("year")
    return build_year(base / "ho-so", base / "bang")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the simulated year are slow: the year (58 commits) is built once per test
    process, about two seconds, which alone would double the quick suite."""
    for item in items:
        if "year" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
